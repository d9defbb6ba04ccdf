package org.trustbeat.server;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.trustbeat.enclave.EnclaveTesting;
import org.trustbeat.enclave.host.EnclaveHost;
import org.trustbeat.enclave.host.HostTesting;
import org.trustbeat.protocol.AnalysisPolicy;
import org.trustbeat.protocol.KeyBrokerVerificationKey;
import org.trustbeat.protocol.PatientKeys;

/**
 * A test-side key broker: opens an attestation round on the enclave and installs a release signed
 * with the enclave tests' key broker ({@link EnclaveTesting#KEY_BROKER}; the enclave must pin
 * {@link #keyBrokerKey()}), skipping evidence verification, through {@link HostTesting#provision}.
 * Every patient gets {@link #POLICY}. Keys stay in this JVM (Spark local mode runs executors here);
 * the serialized provisioner carries only an id.
 */
public final class TestKeys implements KeyProvisioner {
  private static final long serialVersionUID = 1L;

  /** Every job, on the 60-s and 300-s windows the tests use. */
  public static final AnalysisPolicy POLICY =
      AnalysisPolicy.of(
          EnclaveTesting.ALL_JOBS.jobs(), java.util.List.of(60_000L, EnclaveTesting.WINDOW_MS));

  /** What enclave hosts provisioned by a {@code TestKeys} must pin. */
  public static KeyBrokerVerificationKey keyBrokerKey() {
    return EnclaveTesting.KEY_BROKER.verificationKey();
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
    Map<String, PatientKeys> release = new TreeMap<>();
    for (String p : patients) {
      PatientKeys k = KEYS.get(id).get(p);
      if (k != null) {
        release.put(p, k);
      }
    }
    if (!release.isEmpty()) {
      HostTesting.provision(host, release, POLICY);
    }
  }
}
