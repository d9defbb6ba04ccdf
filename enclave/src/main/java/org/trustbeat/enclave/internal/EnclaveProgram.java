package org.trustbeat.enclave.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.ReportData;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.protocol.EnclaveKeyPair;
import org.trustbeat.protocol.KeyRelease;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ProtocolLimits;

/**
 * The enclave program (TCB): a fresh HPKE key pair, evidence binding it, key intake, and the
 * window logic. The same object runs in the executor JVM, in a child JVM and under Gramine-SGX;
 * only its {@link EvidenceSource} and the host kind it reports differ. Thread-safe.
 *
 * <h2>Security guarantees</h2>
 * Patient keys enter only through {@link #installKeys}, as a {@link KeyRelease} sealed to this
 * instance's public key; the private key never leaves the {@link EnclaveKeyPair}. Log lines name
 * the host kind and attestation kind and print counts and sizes only. See {@link WindowProcessor}
 * for what processing guarantees and for the rollback limitation of a stateless enclave.
 */
public final class EnclaveProgram {
  private static final Logger LOG = Logger.getLogger("org.trustbeat.enclave");

  private final HostKind hostKind;
  private final EvidenceSource evidence;
  private final EnclaveKeyPair keyPair;
  private final SealedCrypto keys;
  private final WindowProcessor processor;
  private final String label;

  private EnclaveProgram(HostKind hostKind, EvidenceSource evidence, ProtocolLimits limits)
      throws GeneralSecurityException {
    this.hostKind = hostKind;
    this.evidence = evidence;
    this.keyPair = EnclaveKeyPair.generate();
    this.keys = new SealedCrypto(limits);
    this.processor = new WindowProcessor(keys, hostKind.label(), evidence.attestationKind());
    this.label = "[" + hostKind.label() + ", " + evidence.protectionNote() + "]";
  }

  /**
   * Starts the program with a fresh key pair.
   *
   * @throws IllegalArgumentException for {@link HostKind#PLAIN}, which has no enclave
   */
  public static EnclaveProgram start(HostKind hostKind, EvidenceSource evidence, ProtocolLimits limits)
      throws GeneralSecurityException {
    if (hostKind == HostKind.PLAIN) {
      throw new IllegalArgumentException("plain mode has no enclave program; use PlainHost");
    }
    EnclaveProgram p = new EnclaveProgram(hostKind, evidence, limits);
    p.log(Level.INFO, "enclave program started; HPKE public key " + p.keyPair.publicKeyBytes().length
        + " bytes");
    return p;
  }

  public HostKind hostKind() {
    return hostKind;
  }

  public String attestationKind() {
    return evidence.attestationKind();
  }

  /** "[host kind, attestation note]", the prefix of every log line. */
  public String label() {
    return label;
  }

  public byte[] publicKey() {
    return keyPair.publicKeyBytes();
  }

  /** Evidence with report data {@link ReportData#bind}(public key, nonce). */
  public Evidence attest(byte[] nonce) throws GeneralSecurityException, IOException {
    byte[] reportData;
    try {
      reportData = ReportData.bind(keyPair.publicKeyBytes(), nonce);
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
    Evidence e = evidence.attest(reportData);
    log(Level.INFO, "attestation evidence produced: " + e.kind() + ", " + e.size() + " bytes");
    return e;
  }

  /** Opens a release sealed to this instance for {@code nonce} and adds its patients' keys. */
  public void installKeys(byte[] nonce, byte[] sealedRelease) throws GeneralSecurityException {
    Map<String, PatientKeys> released = KeyRelease.open(keyPair, nonce, sealedRelease);
    for (Map.Entry<String, PatientKeys> e : released.entrySet()) {
      keys.install(e.getKey(), e.getValue());
    }
    log(Level.INFO, "installed keys of " + released.size() + " patients; holding "
        + keys.patientCount());
  }

  public List<WindowOutcome> process(WindowBatch batch) throws GeneralSecurityException {
    List<WindowOutcome> out = processor.process(batch);
    if (LOG.isLoggable(Level.FINE)) {
      int rejected = out.stream().mapToInt(WindowOutcome::rejectedTotal).sum();
      log(Level.FINE, "processed " + batch + "; chunks rejected " + rejected);
    }
    return out;
  }

  void log(Level level, String message) {
    LOG.log(level, label + " " + message);
  }

  @Override
  public String toString() {
    return "EnclaveProgram" + label;
  }
}
