package org.trustbeat.keybroker;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.TreeMap;
import org.trustbeat.attestation.AttestableEnclave;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.InsecureSimulationAttester;
import org.trustbeat.attestation.ReportData;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.protocol.EnclaveKeyPair;
import org.trustbeat.protocol.KeyBrokerVerificationKey;
import org.trustbeat.protocol.KeyRelease;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.SignedKeyRelease;

/**
 * An enclave host double for key-release tests: a fresh HPKE key pair, simulation evidence for a
 * chosen measurement binding a pinned key broker key, and the installed release opened the way the
 * enclave does ({@link SignedKeyRelease#open}: the pinned broker's signature first). Knobs let
 * tests make it misbehave the way an attacker's host would.
 */
final class FakeEnclaveHost implements AttestableEnclave {
  private final InsecureSimulationAttester attester;
  private final byte[] measurement;
  private final boolean debug;
  private final HostKind kind;
  private final EnclaveKeyPair keyPair;
  private final KeyBrokerVerificationKey pinned;

  /** When set, {@link #publicKey()} returns this instead of the key the evidence binds. */
  byte[] substitutedPublicKey;

  /** When set, the evidence binds this key broker fingerprint instead of the pinned one's. */
  byte[] boundBrokerFingerprint;

  volatile Map<String, PatientKeys> installed;
  volatile KeyRelease.Contents installedRelease;

  FakeEnclaveHost(
      InsecureSimulationAttester attester,
      byte[] measurement,
      boolean debug,
      HostKind kind,
      KeyBrokerVerificationKey pinned)
      throws GeneralSecurityException {
    this.attester = attester;
    this.measurement = measurement.clone();
    this.debug = debug;
    this.kind = kind;
    this.pinned = pinned;
    this.keyPair = EnclaveKeyPair.generate();
  }

  @Override
  public String modeLabel() {
    return kind.label();
  }

  @Override
  public Evidence attest(byte[] nonce) throws GeneralSecurityException {
    byte[] broker = boundBrokerFingerprint != null ? boundBrokerFingerprint : pinned.fingerprint();
    return attester.attestInsecurely(
        measurement, ReportData.bind(keyPair.publicKeyBytes(), nonce, broker), debug);
  }

  @Override
  public byte[] publicKey() {
    return substitutedPublicKey != null ? substitutedPublicKey.clone() : keyPair.publicKeyBytes();
  }

  @Override
  public void installKeys(byte[] nonce, byte[] signedRelease) throws GeneralSecurityException {
    KeyRelease.Contents c = SignedKeyRelease.open(keyPair, pinned, nonce, signedRelease);
    Map<String, PatientKeys> keys = new TreeMap<>();
    c.patients().forEach((p, r) -> keys.put(p, r.keys()));
    installedRelease = c;
    installed = keys;
  }
}
