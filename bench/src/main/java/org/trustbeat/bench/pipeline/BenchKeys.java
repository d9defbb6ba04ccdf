package org.trustbeat.bench.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.trustbeat.attestation.EnclaveIdentity;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.attestation.InsecureSimulationAttester;
import org.trustbeat.attestation.InsecureSimulationVerifier;
import org.trustbeat.attestation.ReportData;
import org.trustbeat.enclave.host.EnclaveHost;
import org.trustbeat.protocol.AnalysisPolicy;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.KeyBrokerSigningKey;
import org.trustbeat.protocol.KeyBrokerVerificationKey;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ReleasedPatient;
import org.trustbeat.protocol.SignedKeyRelease;
import org.trustbeat.server.KeyProvisioner;

/**
 * The bench's patient side and key broker in one: a key pair per simulated patient, a chunk sealer
 * per patient, and a provisioner that releases the keys to an enclave after checking its evidence —
 * INSECURE simulation evidence signed with the bench's simulation key, since this machine has no
 * SGX — signed with the bench's own key broker signing key, which the bench's enclave hosts pin
 * ({@link #keyBrokerKey()}). Every patient's analysis policy allows every job on the bench's 300-s
 * windows, since the bench measures {@code identity} too. Every enclave gets all the bench's keys
 * in one release round (a few HPKE messages), once per enclave key pair: the key broker's HTTP
 * round trip is not what the bench measures, and key release is a one-time cost per enclave start,
 * outside the measured runs.
 *
 * <p>Keys stay in this JVM (Spark runs {@code local[*]}, so the executors are here too); the
 * serialized provisioner carries only an id.
 */
final class BenchKeys implements KeyProvisioner {
  private static final long serialVersionUID = 1L;
  private static final int PATIENTS_PER_RELEASE = 4096;
  private static final Map<String, State> STATES = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();

  /** What the provisioner needs in this JVM; never serialized. */
  private static final class State {
    final Map<String, PatientKeys> keys = new ConcurrentHashMap<>();
    final Map<String, ChunkSealer> sealers = new ConcurrentHashMap<>();
    final Map<ByteBuffer, Set<String>> released = new HashMap<>();
    final InsecureSimulationVerifier verifier;
    final KeyBrokerSigningKey signer;

    State(InsecureSimulationVerifier verifier, KeyBrokerSigningKey signer) {
      this.verifier = verifier;
      this.signer = signer;
    }
  }

  /** Every job the bench runs, on its windows. */
  static final AnalysisPolicy POLICY =
      AnalysisPolicy.of(
          List.of("identity", "sdnn", "hrv-bands", "hrv"),
          List.of(BenchPipeline.WINDOW.toMillis()));

  private BenchKeys(InsecureSimulationVerifier verifier, KeyBrokerSigningKey signer) {
    STATES.put(id, new State(verifier, signer));
  }

  /** Keys checked against the simulation key in {@code simulationKeyFile} (made on first use). */
  static BenchKeys create(Path simulationKeyFile) throws IOException, GeneralSecurityException {
    InsecureSimulationAttester attester =
        InsecureSimulationAttester.loadOrCreate(simulationKeyFile);
    return new BenchKeys(
        InsecureSimulationVerifier.create(attester.insecureSimulationPublicKey()),
        KeyBrokerSigningKey.generate());
  }

  /** What the bench's enclave hosts must pin to take its releases. */
  KeyBrokerVerificationKey keyBrokerKey() {
    // Kept in the JVM's state, not in a field: the provisioner is serialized to executors.
    return state().signer.verificationKey();
  }

  private State state() {
    State s = STATES.get(id);
    if (s == null) {
      throw new IllegalStateException(
          "bench keys "
              + id
              + " are not in this JVM; the bench runs"
              + " Spark in local mode only");
    }
    return s;
  }

  /** Makes keys for every patient in {@code patients} that has none yet. */
  void ensure(Collection<String> patients) throws GeneralSecurityException {
    State s = state();
    for (String p : patients) {
      if (!s.keys.containsKey(p)) {
        PatientKeys k = PatientKeys.generate();
        s.keys.put(p, k);
        s.sealers.put(p, ChunkSealer.create(k.dataKeyset()));
      }
    }
  }

  int size() {
    return state().keys.size();
  }

  PatientKeys keys(String patient) {
    return state().keys.get(patient);
  }

  ChunkSealer sealer(String patient) throws GeneralSecurityException {
    ChunkSealer s = state().sealers.get(patient);
    if (s == null) {
      throw new GeneralSecurityException(
          "no bench keys for patient " + patient + "; call ensure first");
    }
    return s;
  }

  /**
   * Checks the enclave's simulation evidence over a fresh nonce, then releases every key this
   * enclave has not had yet (not just {@code patients}): later calls for the same enclave cost a
   * map lookup.
   */
  @Override
  public void provision(EnclaveHost host, Collection<String> patients)
      throws GeneralSecurityException, IOException {
    State s = state();
    ByteBuffer enclave = ByteBuffer.wrap(host.publicKey());
    synchronized (s) {
      Set<String> done = s.released.computeIfAbsent(enclave, k -> new HashSet<>());
      // The job asks once per patient it has not seen yet. Scanning every bench key each time
      // made the first closing batch of the sealed modes quadratic in patients (seconds at
      // 3600 patients), an artefact of the bench, not a cost of the system measured.
      if (!done.isEmpty() && done.containsAll(patients)) {
        return;
      }
      List<String> missing = new ArrayList<>();
      for (String p : s.keys.keySet()) {
        if (!done.contains(p)) {
          missing.add(p);
        }
      }
      for (int i = 0; i < missing.size(); i += PATIENTS_PER_RELEASE) {
        List<String> round = missing.subList(i, Math.min(missing.size(), i + PATIENTS_PER_RELEASE));
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        Evidence evidence = host.attest(nonce);
        EnclaveIdentity identity = s.verifier.verify(evidence);
        if (identity.kind() != EvidenceKind.SIMULATION) {
          throw new GeneralSecurityException(
              "bench enclaves run in simulation; got " + identity.kind());
        }
        ReportData.checkBinding(
            identity, host.publicKey(), nonce, s.signer.verificationKey().fingerprint());
        Map<String, ReleasedPatient> release = new HashMap<>();
        round.forEach(p -> release.put(p, ReleasedPatient.of(s.keys.get(p), POLICY)));
        host.installKeys(
            nonce,
            SignedKeyRelease.seal(
                s.signer, host.publicKey(), nonce, identity.kind().name(), release));
        done.addAll(round);
      }
    }
  }

  /** Forgets which enclaves got keys (their hosts are closed), keeping the keys. */
  void forgetEnclaves() {
    State s = state();
    synchronized (s) {
      s.released.clear();
    }
  }

  @Override
  public String toString() {
    return "BenchKeys{id=" + id + "}";
  }
}
