package org.trustbeat.enclave.host;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.trustbeat.enclave.EnclaveTesting;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.protocol.AnalysisPolicy;
import org.trustbeat.protocol.PatientKeys;

/**
 * The host side of the enclave tests' set-up: configs pinning {@link EnclaveTesting#KEY_BROKER},
 * key provisioning through a host, window-by-window runs. Records, chunks and releases come from
 * {@link EnclaveTesting} (the enclave module's test jar).
 */
public final class HostTesting {
  private HostTesting() {}

  /**
   * Releases {@code keys} with {@link EnclaveTesting#ALL_JOBS} to the host's enclave as the key
   * broker does: a fresh attestation round, then a release signed by {@link
   * EnclaveTesting#KEY_BROKER}.
   */
  public static void provision(EnclaveHost host, Map<String, PatientKeys> keys)
      throws GeneralSecurityException, IOException {
    provision(host, keys, EnclaveTesting.ALL_JOBS);
  }

  /** As {@link #provision(EnclaveHost, Map)} with {@code policy} for every patient. */
  public static void provision(
      EnclaveHost host, Map<String, PatientKeys> keys, AnalysisPolicy policy)
      throws GeneralSecurityException, IOException {
    byte[] nonce = EnclaveTesting.nonce();
    host.attest(nonce);
    host.installKeys(
        nonce, EnclaveTesting.signedRelease(host.publicKey(), nonce, ownKind(host), keys, policy));
  }

  /** The evidence kind the key broker would verify for this host's enclave. */
  public static String ownKind(EnclaveHost host) {
    return host.kind() == HostKind.SGX ? "SGX_DCAP" : "SIMULATION";
  }

  public static EnclaveConfig config(Path dir) {
    return EnclaveConfig.builder()
        .setSimulationKeyFile(dir.resolve("sim.key"))
        .setWorkDir(dir)
        .setKeyBrokerKey(EnclaveTesting.KEY_BROKER.verificationKey())
        .build();
  }

  /** Runs windows one batch each, in window order: each is self-contained. */
  public static List<WindowOutcome> windowAfterWindow(
      EnclaveHost host,
      String jobId,
      HrvJob job,
      String patient,
      TreeMap<Long, List<byte[]>> windows)
      throws GeneralSecurityException, IOException {
    List<WindowOutcome> out = new ArrayList<>();
    for (Map.Entry<Long, List<byte[]>> w : windows.entrySet()) {
      WindowTask task = WindowTask.of(patient, w.getKey(), EnclaveTesting.WINDOW_MS, w.getValue());
      out.add(host.process(WindowBatch.of(jobId, job, List.of(task))).get(0));
    }
    return out;
  }
}
