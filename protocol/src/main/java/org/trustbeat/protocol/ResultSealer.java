package org.trustbeat.protocol;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import java.security.GeneralSecurityException;
import org.trustbeat.protocol.internal.TinkSetup;

/**
 * Enclave side: seals a result body under one patient's result keyset.
 *
 * <h2>Security guarantees</h2>
 *
 * AES-256-GCM (Tink AEAD) with the serialized {@link ResultHeader} as associated data. Use the
 * patient's <em>result</em> keyset: a separate key means a compromised result consumer learns
 * nothing about raw samples, and a chunk can never be passed off as a result or the reverse.
 */
public final class ResultSealer {
  private final Aead aead;
  private final ProtocolLimits limits;

  private ResultSealer(Aead aead, ProtocolLimits limits) {
    this.aead = aead;
    this.limits = limits;
  }

  public static ResultSealer create(KeysetHandle resultKeyset) throws GeneralSecurityException {
    return create(resultKeyset, ProtocolLimits.defaults());
  }

  public static ResultSealer create(KeysetHandle resultKeyset, ProtocolLimits limits)
      throws GeneralSecurityException {
    return new ResultSealer(TinkSetup.aeadWithKeyIdPrefix(resultKeyset, "result"), limits);
  }

  /**
   * @throws GeneralSecurityException if the envelope would exceed {@link
   *     ProtocolLimits#maxEnvelopeBytes()}
   */
  public ResultEnvelope seal(ResultHeader header, byte[] body) throws GeneralSecurityException {
    ResultEnvelope envelope = ResultEnvelope.create(header, aead.encrypt(body, header.toBytes()));
    limits.checkEnvelopeSize(envelope.serializedSize(), "result");
    return envelope;
  }

  @Override
  public String toString() {
    return "ResultSealer{" + limits + "}";
  }
}
