package org.trustbeat.protocol;

import com.google.crypto.tink.Aead;
import java.security.GeneralSecurityException;
import org.trustbeat.protocol.internal.SampleCodec;
import org.trustbeat.protocol.internal.TinkSetup;

/**
 * Enclave side: authenticates and decrypts {@link ChunkEnvelope}s. Stateless and thread-safe; the
 * caller picks the data AEAD of the patient named in the header.
 *
 * <h2>Security guarantees</h2>
 *
 * A returned {@link RrSamples} was sealed by a holder of that patient's data key under exactly this
 * header, and every sample time lies within the header's slot {@code [start, end)}, so windowing
 * done by the host on the clear header matches the data. The body must be padded exactly as {@link
 * ChunkSealer} pads it (format version 2), with zero bytes, so a sealer that stopped padding, and
 * thereby leaked the beat count, is refused rather than silently accepted. Not checked here,
 * because it needs state across chunks: duplicates, gaps and replays (use the sequence numbers).
 * Error messages name the chunk by pseudonym and sequence number (already public) and never include
 * sample values.
 */
public final class ChunkOpener {
  private final ProtocolLimits limits;

  private ChunkOpener(ProtocolLimits limits) {
    this.limits = limits;
  }

  public static ChunkOpener create() {
    return new ChunkOpener(ProtocolLimits.defaults());
  }

  public static ChunkOpener create(ProtocolLimits limits) {
    return new ChunkOpener(limits);
  }

  /** Parses with this opener's limits, then opens. */
  public RrSamples open(byte[] envelopeBytes, Aead dataAead) throws GeneralSecurityException {
    return open(ChunkEnvelope.parse(envelopeBytes, limits), dataAead);
  }

  public RrSamples open(ChunkEnvelope envelope, Aead dataAead) throws GeneralSecurityException {
    TinkSetup.ensureRegistered();
    ChunkHeader h = envelope.header();
    limits.checkEnvelopeSize(envelope.serializedSize(), "chunk");
    byte[] ciphertext = envelope.ciphertextUnsafe();
    if (!TinkPrefix.matches(ciphertext, h.keyId())) {
      throw new GeneralSecurityException(
          label(h)
              + " ciphertext was not sealed by key id "
              + Integer.toUnsignedString(h.keyId())
              + " named in its header; the header or ciphertext was altered");
    }
    byte[] body;
    try {
      body = dataAead.decrypt(ciphertext, h.toBytes());
    } catch (GeneralSecurityException e) {
      // Tink's message adds nothing and the cause chain is kept for debugging.
      throw new GeneralSecurityException(
          label(h) + " failed authentication: wrong patient key, or header or ciphertext altered",
          e);
    }
    RrSamples samples =
        SampleCodec.decode(body, h.slot().lengthMillis(), limits.maxSamplesPerChunk());
    for (int i = 0; i < samples.size(); i++) {
      if (!h.slot().contains(samples.tSeconds(i))) {
        throw new GeneralSecurityException(
            label(h)
                + ": sample "
                + i
                + " lies outside the header's slot "
                + h.slot()
                + "; the sealer must put only the beats of that slot in the chunk");
      }
    }
    return samples;
  }

  // Built only on failure: opening runs once per chunk, and most chunks open.
  private static String label(ChunkHeader h) {
    return "chunk (patient " + h.patient() + ", seq " + h.sequenceNumber() + ")";
  }

  @Override
  public String toString() {
    return "ChunkOpener{" + limits + "}";
  }
}
