package org.trustbeat.protocol;

import com.google.crypto.tink.Aead;
import java.security.GeneralSecurityException;
import org.trustbeat.protocol.internal.TinkSetup;

/**
 * Patient side: authenticates and decrypts {@link ResultEnvelope}s with the patient's result AEAD.
 *
 * <h2>Security guarantees</h2>
 *
 * When {@link #open} returns, every field of {@link ResultEnvelope#header()} is authentic: it was
 * sealed together with the body by a holder of the result key (an attested enclave or the patient
 * side). Check the header's patient, window, algorithm and attestation kind against what you asked
 * for; this opener does not know what you expected. Replays of old results are not detected here.
 */
public final class ResultOpener {
  private final ProtocolLimits limits;

  private ResultOpener(ProtocolLimits limits) {
    this.limits = limits;
  }

  public static ResultOpener create() {
    return new ResultOpener(ProtocolLimits.defaults());
  }

  public static ResultOpener create(ProtocolLimits limits) {
    return new ResultOpener(limits);
  }

  /** Returns the decrypted body, e.g. UTF-8 JSON metrics. */
  public byte[] open(ResultEnvelope envelope, Aead resultAead) throws GeneralSecurityException {
    TinkSetup.ensureRegistered();
    limits.checkEnvelopeSize(envelope.serializedSize(), "result");
    ResultHeader h = envelope.header();
    try {
      return resultAead.decrypt(envelope.ciphertextUnsafe(), h.toBytes());
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException(
          "result (patient "
              + h.patient()
              + ", window start "
              + h.windowStartMillis()
              + ") failed authentication: wrong result key, or header or ciphertext altered",
          e);
    }
  }

  /** Parses with this opener's limits, then opens. */
  public byte[] open(byte[] envelopeBytes, Aead resultAead) throws GeneralSecurityException {
    return open(ResultEnvelope.parse(envelopeBytes, limits), resultAead);
  }

  @Override
  public String toString() {
    return "ResultOpener{" + limits + "}";
  }
}
