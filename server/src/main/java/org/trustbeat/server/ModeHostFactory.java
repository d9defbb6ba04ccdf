package org.trustbeat.server;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.trustbeat.enclave.EnclaveConfig;
import org.trustbeat.enclave.EnclaveHost;
import org.trustbeat.enclave.EnclaveHosts;
import org.trustbeat.enclave.GramineSgxEnclaveHost;
import org.trustbeat.enclave.HostKind;

/**
 * Starts the host of a mode with {@link EnclaveHosts#create}. Holds the few settings an executor
 * needs as plain strings (an {@link EnclaveConfig} is built on the executor), so it serializes.
 */
public final class ModeHostFactory implements EnclaveHostFactory {
  private static final long serialVersionUID = 1L;

  private final HostKind kind;
  private final String simulationKeyFile;
  private final String workDir;

  private ModeHostFactory(HostKind kind, String simulationKeyFile, String workDir) {
    this.kind = kind;
    this.simulationKeyFile = simulationKeyFile;
    this.workDir = workDir;
  }

  /**
   * @param simulationKeyFile the INSECURE simulation signing key of the simulated modes (made on
   *     first use), or null for {@code plain} and {@code sgx}
   * @param workDir where enclave processes get their private directories, or null for the
   *     system temporary directory
   */
  public static ModeHostFactory of(HostKind kind, Path simulationKeyFile, Path workDir) {
    if (kind == null) {
      throw new IllegalArgumentException("mode is null; use plain, sealed-inprocess, sealed-process or sgx");
    }
    if (simulationKeyFile == null
        && (kind == HostKind.SEALED_INPROCESS || kind == HostKind.SEALED_PROCESS)) {
      throw new IllegalArgumentException(
          "mode " + kind + " needs a simulation key file; pass its path (it is created on first use)");
    }
    return new ModeHostFactory(
        kind,
        simulationKeyFile == null ? null : simulationKeyFile.toAbsolutePath().toString(),
        workDir == null ? null : workDir.toAbsolutePath().toString());
  }

  public HostKind kind() {
    return kind;
  }

  @Override
  public EnclaveHost create() throws GeneralSecurityException, IOException {
    return EnclaveHosts.create(kind, config());
  }

  @Override
  public void checkAvailable() throws IOException {
    if (kind == HostKind.SGX) {
      GramineSgxEnclaveHost.checkAvailable(config());
    }
  }

  private EnclaveConfig config() {
    EnclaveConfig.Builder b = EnclaveConfig.builder();
    if (simulationKeyFile != null) {
      b.setSimulationKeyFile(Path.of(simulationKeyFile));
    }
    if (workDir != null) {
      b.setWorkDir(Path.of(workDir));
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "ModeHostFactory{mode=" + kind + "}";
  }
}
