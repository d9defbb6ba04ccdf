package org.trustbeat.enclave.host;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.host.internal.EnclaveClasspath;
import org.trustbeat.enclave.host.internal.EnclaveProcess;
import org.trustbeat.enclave.host.internal.GramineManifest;
import org.trustbeat.enclave.internal.Wire;

/**
 * {@link HostKind#SGX}: the enclave program under Gramine-SGX with DCAP attestation; the paper's
 * "with enclaves". Generates a Gramine manifest template and launcher script in a private work
 * directory (see {@link GramineManifest}), runs the launcher, and then speaks the same {@link Wire}
 * protocol as {@link ChildProcessEnclaveHost}, over TCP on 127.0.0.1 (Gramine's Unix sockets are
 * not reachable from host processes).
 *
 * <h2>Security guarantees</h2>
 *
 * On real SGX hardware the CPU isolates the enclave's memory; the evidence is a DCAP quote whose
 * report data binds the enclave's fresh key and the verifier's nonce, produced by Gramine from
 * {@code /dev/attestation}. The quote proves the MRENCLAVE of the whole measured image (JVM, class
 * path and the argv file, which holds the pinned key broker verification key), which the key
 * broker's policy must pin; the report data also binds that key's fingerprint.
 *
 * <p><b>Untested end to end:</b> there is no SGX machine or Gramine here. The fail-fast check, the
 * manifest and launcher generation, the DCAP evidence path (against a recorded real quote) and the
 * TCP variant of the channel are tested; launching under {@code gramine-sgx} is not.
 */
public final class GramineSgxEnclaveHost extends RemoteEnclaveHost {

  private GramineSgxEnclaveHost(EnclaveProcess process) {
    super(process);
  }

  /**
   * Generates the manifest and launcher, starts the enclave under {@code gramine-sgx} and waits for
   * it to accept connections.
   *
   * @throws IOException at once when {@code gramine-sgx} or the SGX device is missing
   */
  public static GramineSgxEnclaveHost start(EnclaveConfig config) throws IOException {
    checkAvailable(config);
    config.requireKeyBrokerKey(HostKind.SGX);
    Path dir = ChildProcessEnclaveHost.privateDir(config.workDir());
    Path launcher = prepare(dir, config);
    return new GramineSgxEnclaveHost(
        EnclaveProcess.launch(
            "the Gramine-SGX enclave",
            List.of("/bin/sh", launcher.toString()),
            dir,
            null,
            config.startTimeout(),
            config.maxFrameBytes(),
            config.connections()));
  }

  /**
   * Writes {@value GramineManifest#TEMPLATE} and {@value GramineManifest#LAUNCHER} into {@code dir}
   * without launching anything; for operators who sign and run enclaves themselves.
   *
   * @return the launcher script
   */
  public static Path prepare(Path dir, EnclaveConfig config) throws IOException {
    List<Path> classpath =
        config.classpath() != null
            ? classpathEntries(config.classpath())
            : EnclaveClasspath.entries();
    return GramineManifest.write(dir, config, classpath);
  }

  /**
   * Checks, without starting anything, that this machine can run the enclave: {@code gramine-sgx}
   * on the PATH and the SGX device present.
   *
   * @throws IOException naming what is missing and that sealed-process is the mode to use here
   */
  public static void checkAvailable(EnclaveConfig config) throws IOException {
    String missing = null;
    if (!onPath(config.gramineSgxCommand())) {
      missing = "'" + config.gramineSgxCommand() + "' is not on the PATH";
    } else if (!Files.exists(config.sgxDevice())) {
      missing = config.sgxDevice() + " does not exist";
    }
    if (missing != null) {
      throw new IOException(
          "sgx mode needs an SGX machine with Gramine; use --mode sealed-process"
              + " here ("
              + missing
              + ")");
    }
  }

  private static boolean onPath(String command) {
    if (command.contains("/")) {
      return Files.isExecutable(Path.of(command));
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return false;
  }

  private static List<Path> classpathEntries(String classpath) {
    return java.util.Arrays.stream(classpath.split(File.pathSeparator))
        .filter(s -> !s.isEmpty())
        .map(Path::of)
        .toList();
  }

  @Override
  public HostKind kind() {
    return HostKind.SGX;
  }

  @Override
  public String toString() {
    return "GramineSgxEnclaveHost[sgx, SGX_DCAP attestation, " + process + "]";
  }
}
