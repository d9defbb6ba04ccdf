package org.trustbeat.enclave.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.host.internal.EnclaveClasspath;
import org.trustbeat.enclave.host.internal.EnclaveProcess;
import org.trustbeat.enclave.internal.EnclaveMain;

/**
 * {@link HostKind#SEALED_PROCESS}: the enclave program in a separate JVM, reached over a Unix
 * domain socket in a private (0700) directory; the paper's "SGX-Spark without enclaves". Evidence
 * is INSECURE simulation evidence: a second process isolates nothing from the machine's owner.
 *
 * <p>Thread-safe: up to {@link EnclaveConfig#connections()} batches are in the child at once, each
 * over its own connection. If the child dies, calls fail with an IOException naming the fix; {@link
 * #close()} stops it.
 */
public final class ChildProcessEnclaveHost extends RemoteEnclaveHost {

  private ChildProcessEnclaveHost(EnclaveProcess process) {
    super(process);
  }

  /**
   * Starts the child JVM and waits until it accepts connections.
   *
   * @throws IllegalArgumentException if the config names no simulation key file or no key broker
   *     key
   * @throws IOException if the child cannot start (the message holds its log's last lines)
   */
  public static ChildProcessEnclaveHost start(EnclaveConfig config) throws IOException {
    if (config.simulationKeyFile() == null) {
      throw new IllegalArgumentException(
          "sealed-process needs a simulation key file; set"
              + " EnclaveConfig.Builder.setSimulationKeyFile");
    }
    config.requireKeyBrokerKey(HostKind.SEALED_PROCESS); // fail before making directories
    Path dir = privateDir(config.workDir());
    Path socket = dir.resolve("enclave.sock");
    checkSocketPath(socket, dir);
    String classpath =
        config.classpath() != null
            ? config.classpath()
            : EnclaveClasspath.asClasspath(EnclaveClasspath.entries());
    List<String> command = new ArrayList<>();
    command.add(config.javaExecutable().toString());
    command.addAll(config.childJvmOptions());
    command.addAll(
        List.of(
            "-cp",
            classpath,
            EnclaveMain.class.getName(),
            "--socket",
            socket.toString(),
            "--host-kind",
            HostKind.SEALED_PROCESS.label(),
            "--attestation",
            "simulation",
            "--simulation-key",
            config.simulationKeyFile().toAbsolutePath().toString()));
    command.addAll(config.enclaveProgramOptions(HostKind.SEALED_PROCESS));
    return new ChildProcessEnclaveHost(
        EnclaveProcess.launch(
            "the sealed-process enclave JVM",
            command,
            dir,
            socket,
            config.startTimeout(),
            config.maxFrameBytes(),
            config.connections()));
  }

  /** Bytes of a Unix domain socket's path: {@code sun_path} holds 108 with the closing zero. */
  static final int MAX_SOCKET_PATH_BYTES = 107;

  /**
   * Refuses a socket path the kernel would refuse, before the child starts: the child would only
   * report "Unix domain path too long" and blame its class path.
   */
  private static void checkSocketPath(Path socket, Path dir) throws IOException {
    int bytes = socket.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_SOCKET_PATH_BYTES) {
      Files.deleteIfExists(dir);
      throw new IOException(
          "the enclave's socket path would have "
              + bytes
              + " bytes, over the "
              + MAX_SOCKET_PATH_BYTES
              + " a Unix domain socket allows: the work dir "
              + dir.getParent()
              + " is too deep; give the enclave a work dir of at most "
              + (MAX_SOCKET_PATH_BYTES - (bytes - dir.getParent().toString().length()))
              + " characters (EnclaveConfig.Builder.setWorkDir, or a shorter -Djava.io.tmpdir)");
    }
  }

  static Path privateDir(Path parent) throws IOException {
    try {
      return Files.createTempDirectory(
          parent,
          "trustbeat-enclave-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      throw new IOException(
          "the work dir "
              + parent
              + " is not on a POSIX file system; the"
              + " enclave socket needs a private (0700) directory",
          e);
    }
  }

  @Override
  public HostKind kind() {
    return HostKind.SEALED_PROCESS;
  }

  /** The child's process id (for operators and tests). */
  public long pid() {
    return process.pid();
  }

  @Override
  public String toString() {
    return "ChildProcessEnclaveHost[sealed-process, SIMULATION attestation: no hardware protection, "
        + process
        + "]";
  }
}
