package org.trustbeat.enclave.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.ReportData;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.protocol.EnclaveKeyPair;
import org.trustbeat.protocol.KeyBrokerVerificationKey;
import org.trustbeat.protocol.KeyRelease;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.protocol.ReleasedPatient;
import org.trustbeat.protocol.SignedKeyRelease;

/**
 * The enclave program (TCB): a fresh HPKE key pair, evidence binding it, key intake, and the window
 * logic. The same object runs in the executor JVM, in a child JVM and under Gramine-SGX; only its
 * {@link EvidenceSource} and the host kind it reports differ. Thread-safe.
 *
 * <h2>Security guarantees</h2>
 *
 * Patient keys enter only through {@link #installKeys}, as a {@link SignedKeyRelease}: signed by
 * the key broker whose verification key this program was started with (its pinned key, bound into
 * every piece of evidence it produces), made for this instance's public key and for the nonce of
 * one of its own open attestation rounds, and stating as verified evidence kind the kind this
 * program attests with. Anything else — a release the host made (HPKE needs no secret), one signed
 * by another key, one for another enclave or round, or a replay of an installed one — is refused
 * and the keys already held stay as they were. Each round takes one release; at most {@value
 * #MAX_OPEN_ROUNDS} rounds are open at once (the oldest is forgotten). The private key never leaves
 * the {@link EnclaveKeyPair}. Log lines name the host kind and attestation kind and print counts,
 * fingerprints and sizes only. See {@link WindowProcessor} for what processing guarantees.
 */
public final class EnclaveProgram {
  /** Attestation rounds awaiting their release; more concurrent provisioning rounds are unusual. */
  public static final int MAX_OPEN_ROUNDS = 8;

  private static final Logger LOG = Logger.getLogger("org.trustbeat.enclave");

  private final HostKind hostKind;
  private final EvidenceSource evidence;
  private final KeyBrokerVerificationKey keyBroker;
  private final EnclaveKeyPair keyPair;
  private final SealedCrypto keys;
  private final WindowProcessor processor;
  private final String label;

  /** Nonces of attestation rounds whose release has not been installed, oldest first. */
  private final LinkedHashSet<ByteBuffer> openRounds = new LinkedHashSet<>();

  private EnclaveProgram(
      HostKind hostKind,
      EvidenceSource evidence,
      ProtocolLimits limits,
      KeyBrokerVerificationKey keyBroker)
      throws GeneralSecurityException {
    this.hostKind = hostKind;
    this.evidence = evidence;
    this.keyBroker = keyBroker;
    this.keyPair = EnclaveKeyPair.generate();
    this.keys = new SealedCrypto(limits);
    this.processor = new WindowProcessor(keys, hostKind.label());
    this.label = "[" + hostKind.label() + ", " + evidence.protectionNote() + "]";
  }

  /**
   * Starts the program with a fresh key pair.
   *
   * @param keyBroker the verification key of the key broker whose releases it takes
   * @throws IllegalArgumentException for {@link HostKind#PLAIN}, which has no enclave, or without a
   *     key broker key
   */
  public static EnclaveProgram start(
      HostKind hostKind,
      EvidenceSource evidence,
      ProtocolLimits limits,
      KeyBrokerVerificationKey keyBroker)
      throws GeneralSecurityException {
    if (hostKind == HostKind.PLAIN) {
      throw new IllegalArgumentException("plain mode has no enclave program; use PlainHost");
    }
    if (keyBroker == null) {
      throw new IllegalArgumentException(
          "the enclave program needs the key broker's verification"
              + " key to check releases; pass the key broker's release-verification-key");
    }
    EnclaveProgram p = new EnclaveProgram(hostKind, evidence, limits, keyBroker);
    p.log(
        Level.INFO,
        "enclave program started; HPKE public key "
            + p.keyPair.publicKeyBytes().length
            + " bytes; takes releases signed by key broker key "
            + keyBroker.shortFingerprint());
    return p;
  }

  public HostKind hostKind() {
    return hostKind;
  }

  public String attestationKind() {
    return evidence.attestationKind();
  }

  /** The key broker key this program pins. */
  public KeyBrokerVerificationKey keyBroker() {
    return keyBroker;
  }

  /** "[host kind, attestation note]", the prefix of every log line. */
  public String label() {
    return label;
  }

  public byte[] publicKey() {
    return keyPair.publicKeyBytes();
  }

  /**
   * Evidence with report data {@link ReportData#bind}(public key, nonce, pinned key broker
   * fingerprint); opens an attestation round that one release may then complete.
   */
  public Evidence attest(byte[] nonce) throws GeneralSecurityException, IOException {
    byte[] reportData;
    try {
      reportData = ReportData.bind(keyPair.publicKeyBytes(), nonce, keyBroker.fingerprint());
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
    Evidence e = evidence.attest(reportData);
    synchronized (openRounds) {
      openRounds.add(ByteBuffer.wrap(nonce.clone()));
      while (openRounds.size() > MAX_OPEN_ROUNDS) {
        Iterator<ByteBuffer> oldest = openRounds.iterator();
        oldest.next();
        oldest.remove();
      }
    }
    log(Level.INFO, "attestation evidence produced: " + e.kind() + ", " + e.size() + " bytes");
    return e;
  }

  /**
   * Checks that the release is signed by the pinned key broker for this instance and the open round
   * of {@code nonce}, and that it states this program's evidence kind; then adds its patients' keys
   * and analysis policies. On any refusal nothing changes.
   *
   * @throws GeneralSecurityException naming why the release was refused
   */
  public void installKeys(byte[] nonce, byte[] signedRelease) throws GeneralSecurityException {
    ByteBuffer round = ByteBuffer.wrap(nonce.clone());
    synchronized (openRounds) {
      if (!openRounds.contains(round)) {
        throw refused(
            "no open attestation round of this enclave used this nonce: the release was"
                + " made for another round or enclave, or this round's release was already installed;"
                + " attest again with a fresh nonce from the key broker");
      }
    }
    KeyRelease.Contents release;
    try {
      release = SignedKeyRelease.open(keyPair, keyBroker, nonce, signedRelease);
    } catch (GeneralSecurityException e) {
      throw refused(e.getMessage());
    }
    if (!release.evidenceKind().equals(evidence.attestationKind())) {
      throw refused(
          "the key broker verified "
              + release.evidenceKind()
              + " evidence for this"
              + " release, but this enclave attests with "
              + evidence.attestationKind()
              + "; the release was made for another enclave");
    }
    synchronized (openRounds) {
      if (!openRounds.remove(round)) {
        throw refused("this round's release was installed meanwhile; a round takes one release");
      }
    }
    for (Map.Entry<String, ReleasedPatient> e : release.patients().entrySet()) {
      keys.install(e.getKey(), e.getValue(), release.evidenceKind());
    }
    log(
        Level.INFO,
        "installed keys of "
            + release.patients().size()
            + " patients (verified "
            + release.evidenceKind()
            + " evidence, key broker "
            + keyBroker.shortFingerprint()
            + "); holding "
            + keys.patientCount());
  }

  private GeneralSecurityException refused(String why) {
    log(
        Level.WARNING,
        "refused a key release: "
            + why
            + "; keeping the keys of the "
            + keys.patientCount()
            + " patients held");
    return new GeneralSecurityException("the enclave refused the key release: " + why);
  }

  public List<WindowOutcome> process(WindowBatch batch) throws GeneralSecurityException {
    List<WindowOutcome> out = processor.process(batch);
    int policyRefused = 0;
    for (WindowOutcome o : out) {
      if (o.rejected().containsKey(RejectReason.POLICY_REFUSED)) {
        policyRefused++;
      }
    }
    if (policyRefused > 0) {
      log(
          Level.WARNING,
          "refused "
              + policyRefused
              + " of "
              + out.size()
              + " windows of job "
              + batch.job().jobName()
              + " (id "
              + batch.jobId()
              + "): the patients' analysis policies"
              + " do not allow this job or window length; no results sealed for them");
    }
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
