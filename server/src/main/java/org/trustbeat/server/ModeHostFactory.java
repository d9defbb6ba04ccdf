package org.trustbeat.server;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.host.EnclaveConfig;
import org.trustbeat.enclave.host.EnclaveHost;
import org.trustbeat.enclave.host.EnclaveHosts;
import org.trustbeat.enclave.host.GramineSgxEnclaveHost;
import org.trustbeat.protocol.KeyBrokerVerificationKey;

/**
 * Starts the host of a mode with {@link EnclaveHosts#create}. Holds the few settings an executor
 * needs as plain strings (an {@link EnclaveConfig} is built on the executor), so it serializes: the
 * mode, the simulation key file, the work directory, and the key broker verification key the
 * enclave pins (public; its text form). The sealed modes need that key: without it the enclave
 * would take no release.
 */
public final class ModeHostFactory implements EnclaveHostFactory {
  private static final long serialVersionUID = 1L;

  /** The enclave JVM's default heap in MiB (sealed-process and sgx): {@link EnclaveConfig}'s. */
  public static final int DEFAULT_ENCLAVE_HEAP_MB = EnclaveConfig.DEFAULT_CHILD_HEAP_MB;

  /** The smallest enclave JVM heap accepted, in MiB. */
  public static final int MIN_ENCLAVE_HEAP_MB = 64;

  private final HostKind kind;
  private final String simulationKeyFile;
  private final String workDir;
  private final String keyBrokerKey;
  private final int enclaveHeapMb;

  private ModeHostFactory(
      HostKind kind,
      String simulationKeyFile,
      String workDir,
      String keyBrokerKey,
      int enclaveHeapMb) {
    this.kind = kind;
    this.simulationKeyFile = simulationKeyFile;
    this.workDir = workDir;
    this.keyBrokerKey = keyBrokerKey;
    this.enclaveHeapMb = enclaveHeapMb;
  }

  /**
   * @param simulationKeyFile the INSECURE simulation signing key of the simulated modes (made on
   *     first use), or null for {@code plain} and {@code sgx}
   * @param workDir where enclave processes get their private directories, or null for the system
   *     temporary directory
   * @param keyBroker the verification key of the key broker whose releases the enclave takes;
   *     required for the sealed modes, null for {@code plain}
   */
  public static ModeHostFactory of(
      HostKind kind, Path simulationKeyFile, Path workDir, KeyBrokerVerificationKey keyBroker) {
    return of(kind, simulationKeyFile, workDir, keyBroker, DEFAULT_ENCLAVE_HEAP_MB);
  }

  /**
   * As {@link #of(HostKind, Path, Path, KeyBrokerVerificationKey)}, with the enclave JVM's heap.
   *
   * @param enclaveHeapMb the enclave JVM's heap in MiB (sealed-process and sgx), at least 64
   */
  public static ModeHostFactory of(
      HostKind kind,
      Path simulationKeyFile,
      Path workDir,
      KeyBrokerVerificationKey keyBroker,
      int enclaveHeapMb) {
    if (enclaveHeapMb < MIN_ENCLAVE_HEAP_MB) {
      throw new IllegalArgumentException(
          "enclave heap "
              + enclaveHeapMb
              + " MiB is too small; give "
              + MIN_ENCLAVE_HEAP_MB
              + " or more (default "
              + DEFAULT_ENCLAVE_HEAP_MB
              + ", about 0.9 kB per patient plus the windows in flight)");
    }
    if (kind == null) {
      throw new IllegalArgumentException(
          "mode is null; use plain, sealed-inprocess, sealed-process or sgx");
    }
    if (simulationKeyFile == null
        && (kind == HostKind.SEALED_INPROCESS || kind == HostKind.SEALED_PROCESS)) {
      throw new IllegalArgumentException(
          "mode "
              + kind
              + " needs a simulation key file; pass its path (it is created on first use)");
    }
    return new ModeHostFactory(
        kind,
        simulationKeyFile == null ? null : simulationKeyFile.toAbsolutePath().toString(),
        workDir == null ? null : workDir.toAbsolutePath().toString(),
        keyBroker == null ? null : keyBroker.toText(),
        enclaveHeapMb);
  }

  /**
   * Without a key broker key: enough for {@code plain} and for {@link #checkAvailable()}; a sealed
   * host created from it fails at {@link #create()}, naming the missing key.
   */
  public static ModeHostFactory of(HostKind kind, Path simulationKeyFile, Path workDir) {
    return of(kind, simulationKeyFile, workDir, null);
  }

  public HostKind kind() {
    return kind;
  }

  @Override
  public EnclaveHost create() throws GeneralSecurityException, IOException {
    return EnclaveHosts.create(
        kind,
        config(keyBrokerKey == null ? null : KeyBrokerVerificationKey.fromText(keyBrokerKey)));
  }

  @Override
  public void checkAvailable() throws IOException {
    if (kind == HostKind.SGX) {
      GramineSgxEnclaveHost.checkAvailable(config(null));
    }
  }

  private EnclaveConfig config(KeyBrokerVerificationKey keyBroker) {
    EnclaveConfig.Builder b =
        EnclaveConfig.builder().setKeyBrokerKey(keyBroker).setChildHeap(enclaveHeapMb + "m");
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
    return "ModeHostFactory{mode="
        + kind
        + (keyBrokerKey == null ? "" : ", keyBroker pinned")
        + "}";
  }
}
