package org.trustbeat.server;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.trustbeat.enclave.EnclaveHost;
import org.trustbeat.protocol.KeyRelease;
import org.trustbeat.protocol.PatientKeys;

/**
 * A test-side key broker: seals patients' keys to the enclave's public key with {@link
 * KeyRelease#seal} and installs them, skipping attestation. Keys stay in this JVM (Spark local mode
 * runs executors here); the serialized provisioner carries only an id.
 */
public final class TestKeys implements KeyProvisioner {
  private static final long serialVersionUID = 1L;
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
    if (release.isEmpty()) {
      return;
    }
    byte[] nonce = new byte[32];
    new SecureRandom().nextBytes(nonce);
    host.installKeys(nonce, KeyRelease.seal(host.publicKey(), nonce, release));
  }
}
