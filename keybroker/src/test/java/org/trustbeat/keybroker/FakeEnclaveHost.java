package org.trustbeat.keybroker;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.InsecureSimulationAttester;
import org.trustbeat.attestation.ReportData;
import org.trustbeat.enclave.EnclaveHost;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.protocol.EnclaveKeyPair;
import org.trustbeat.protocol.KeyRelease;
import org.trustbeat.protocol.PatientKeys;

/**
 * An enclave host double for key-release tests: a fresh HPKE key pair, simulation evidence for a
 * chosen measurement, and the installed keys opened with {@link KeyRelease#open}. It processes no
 * windows. Knobs let tests make it misbehave the way an attacker's host would.
 */
final class FakeEnclaveHost implements EnclaveHost {
  private final InsecureSimulationAttester attester;
  private final byte[] measurement;
  private final boolean debug;
  private final HostKind kind;
  private final EnclaveKeyPair keyPair;
  /** When set, {@link #publicKey()} returns this instead of the key the evidence binds. */
  byte[] substitutedPublicKey;
  volatile Map<String, PatientKeys> installed;

  FakeEnclaveHost(InsecureSimulationAttester attester, byte[] measurement, boolean debug, HostKind kind)
      throws GeneralSecurityException {
    this.attester = attester;
    this.measurement = measurement.clone();
    this.debug = debug;
    this.kind = kind;
    this.keyPair = EnclaveKeyPair.generate();
  }

  @Override
  public HostKind kind() {
    return kind;
  }

  @Override
  public Evidence attest(byte[] nonce) throws GeneralSecurityException {
    return attester.attestInsecurely(measurement, ReportData.bind(keyPair.publicKeyBytes(), nonce), debug);
  }

  @Override
  public byte[] publicKey() {
    return substitutedPublicKey != null ? substitutedPublicKey.clone() : keyPair.publicKeyBytes();
  }

  @Override
  public void installKeys(byte[] nonce, byte[] sealedRelease) throws GeneralSecurityException {
    installed = KeyRelease.open(keyPair, nonce, sealedRelease);
  }

  @Override
  public List<WindowOutcome> process(WindowBatch batch) {
    throw new UnsupportedOperationException("the key-release test double processes no windows");
  }

  @Override
  public void close() throws IOException {}
}
