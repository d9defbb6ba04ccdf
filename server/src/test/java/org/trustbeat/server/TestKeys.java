package org.trustbeat.server;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.host.EnclaveHost;
import org.trustbeat.protocol.AnalysisPolicy;
import org.trustbeat.protocol.KeyBrokerSigningKey;
import org.trustbeat.protocol.KeyBrokerVerificationKey;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ReleasedPatient;
import org.trustbeat.protocol.SignedKeyRelease;

/**
 * A test-side key broker: opens an attestation round on the enclave and installs a release signed
 * with {@link #KEY_BROKER} (the enclave must pin {@link #keyBrokerKey()}), skipping evidence
 * verification. Every patient gets {@link #POLICY}. Keys stay in this JVM (Spark local mode runs
 * executors here); the serialized provisioner carries only an id.
 */
public final class TestKeys implements KeyProvisioner {
  private static final long serialVersionUID = 1L;

  /** The test key broker's signing key, one per JVM. */
  public static final KeyBrokerSigningKey KEY_BROKER = newSigningKey();

  /** Every job, on the 60-s and 300-s windows the tests use. */
  public static final AnalysisPolicy POLICY =
      AnalysisPolicy.of(
          java.util.List.of("identity", "sdnn", "hrv-bands", "hrv"),
          java.util.List.of(60_000L, 300_000L));

  private static KeyBrokerSigningKey newSigningKey() {
    try {
      return KeyBrokerSigningKey.generate();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What enclave hosts provisioned by a {@code TestKeys} must pin. */
  public static KeyBrokerVerificationKey keyBrokerKey() {
    return KEY_BROKER.verificationKey();
  }

  private static final Map<String, Map<String, PatientKeys>> KEYS = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();

  public TestKeys() {
    KEYS.put(id, new ConcurrentHashMap<>());
  }

  public PatientKeys add(String patient) throws GeneralSecurityException {
    PatientKeys k = PatientKeys.generate();
    KEYS.get(id).put(patient, k);
    return k;
  }

  public PatientKeys keys(String patient) {
    return KEYS.get(id).get(patient);
  }

  @Override
  public void provision(EnclaveHost host, Collection<String> patients)
      throws GeneralSecurityException, IOException {
    Map<String, ReleasedPatient> release = new TreeMap<>();
    for (String p : patients) {
      PatientKeys k = KEYS.get(id).get(p);
      if (k != null) {
        release.put(p, ReleasedPatient.of(k, POLICY));
      }
    }
    if (release.isEmpty()) {
      return;
    }
    byte[] nonce = new byte[32];
    new SecureRandom().nextBytes(nonce);
    host.attest(nonce);
    String kind = host.kind() == HostKind.SGX ? "SGX_DCAP" : "SIMULATION";
    host.installKeys(
        nonce, SignedKeyRelease.seal(KEY_BROKER, host.publicKey(), nonce, kind, release));
  }
}
