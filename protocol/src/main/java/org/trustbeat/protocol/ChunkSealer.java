package org.trustbeat.protocol;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import java.security.GeneralSecurityException;
import org.trustbeat.protocol.internal.SampleCodec;
import org.trustbeat.protocol.internal.TinkSetup;

/**
 * Patient side: seals RR samples into {@link ChunkEnvelope}s under one patient's data keyset.
 *
 * <h2>Security guarantees</h2>
 * The body is AES-256-GCM (Tink AEAD) with the serialized header as associated data; the header's
 * key id is the keyset's primary key id, which is also the Tink prefix of the ciphertext. The time
 * range is computed from the samples (floor of the earliest, ceiling of the latest, in epoch ms),
 * so it never understates where the data lies. The sealer does not track sequence numbers: the
 * caller must never reuse one within a stream, or the enclave will drop the later chunk.
 *
 * <p>Holds the keyset given to it and nothing else; after {@link PatientKeys#rotate()} create a new
 * sealer so that new chunks use the new primary.
 */
public final class ChunkSealer {
  private final Aead aead;
  private final int keyId;
  private final ProtocolLimits limits;

  private ChunkSealer(Aead aead, int keyId, ProtocolLimits limits) {
    this.aead = aead;
    this.keyId = keyId;
    this.limits = limits;
  }

  public static ChunkSealer create(KeysetHandle dataKeyset) throws GeneralSecurityException {
    return create(dataKeyset, ProtocolLimits.defaults());
  }

  public static ChunkSealer create(KeysetHandle dataKeyset, ProtocolLimits limits)
      throws GeneralSecurityException {
    Aead aead = TinkSetup.aeadWithKeyIdPrefix(dataKeyset, "data");
    return new ChunkSealer(aead, dataKeyset.getPrimary().getId(), limits);
  }

  /**
   * Seals one chunk.
   *
   * @throws GeneralSecurityException if {@code samples} is empty or over the sample limit, a time
   *     is not a plausible epoch time, the pseudonym or sequence number is invalid, or the envelope
   *     would exceed {@link ProtocolLimits#maxEnvelopeBytes()}
   */
  public ChunkEnvelope seal(String patient, long sequenceNumber, RrSamples samples)
      throws GeneralSecurityException {
    if (samples.isEmpty()) {
      throw new GeneralSecurityException(
          "a chunk needs at least one sample to define its time range; skip empty batches");
    }
    if (samples.size() > limits.maxSamplesPerChunk()) {
      throw new GeneralSecurityException(
          "chunk has "
              + samples.size()
              + " samples, over maxSamplesPerChunk="
              + limits.maxSamplesPerChunk()
              + "; split it into smaller chunks");
    }
    double minMs = Double.POSITIVE_INFINITY;
    double maxMs = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < samples.size(); i++) {
      double ms = samples.tSeconds(i) * 1000.0;
      if (!(ms >= 0 && ms <= EpochMillis.MAX)) {
        throw new GeneralSecurityException(
            "sample "
                + i
                + " has a time outside the epoch range [0, "
                + EpochMillis.MAX
                + "] ms; tSeconds must be seconds since the Unix epoch");
      }
      minMs = Math.min(minMs, ms);
      maxMs = Math.max(maxMs, ms);
    }
    ChunkHeader header =
        ChunkHeader.builder()
            .setPatient(patient)
            .setSequenceNumber(sequenceNumber)
            .setTimeRange((long) Math.floor(minMs), (long) Math.ceil(maxMs))
            .setKeyId(keyId)
            .build();
    byte[] ciphertext = aead.encrypt(SampleCodec.encode(samples), header.toBytes());
    ChunkEnvelope envelope = ChunkEnvelope.create(header, ciphertext);
    limits.checkEnvelopeSize(envelope.serializedSize(), "chunk");
    return envelope;
  }

  @Override
  public String toString() {
    return "ChunkSealer{keyId=" + Integer.toUnsignedString(keyId) + ", " + limits + "}";
  }
}
