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
 *
 * The body is AES-256-GCM (Tink AEAD) with the serialized header as associated data; the header's
 * key id is the keyset's primary key id, which is also the Tink prefix of the ciphertext. The
 * header carries the chunk's epoch-aligned slot ({@link ChunkSlot}), never the beats' own times,
 * and the sample block is padded to the slot's capacity ({@link
 * org.trustbeat.protocol.internal.SampleCodec}): a chunk of a heart beating at up to 220 bpm has
 * the same length as any other chunk of the same slot length, so neither the header nor the length
 * tells the host when the beats fell or how many there were. What stays visible: the slot, the
 * sequence number, and that the slot held at least one beat (a gateway seals no chunk for an empty
 * slot). Every sample is checked to lie in the slot, so windowing done by the host on the clear
 * header matches the data. The sealer does not track sequence numbers: the caller must never reuse
 * one within a stream, or the enclave will drop the later chunk.
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
   * Seals the samples of one {@link ChunkSlot#DEFAULT_LENGTH_MILLIS 10-s} slot (the gateway's
   * default): the slot is the one holding the first sample, and every other sample must lie in it.
   *
   * @throws GeneralSecurityException as {@link #seal(String, long, ChunkSlot, RrSamples)}, and if
   *     the samples span more than one 10-s slot
   */
  public ChunkEnvelope seal(String patient, long sequenceNumber, RrSamples samples)
      throws GeneralSecurityException {
    checkSamples(samples, limits);
    return seal(
        patient,
        sequenceNumber,
        ChunkSlot.containing(samples.tSeconds(0), ChunkSlot.DEFAULT_LENGTH_MILLIS),
        samples);
  }

  /**
   * Seals the samples of one slot, padded to the slot's capacity.
   *
   * @throws GeneralSecurityException if {@code samples} is empty or over the sample limit, a sample
   *     lies outside {@code slot} or is not a plausible epoch time, the pseudonym or sequence
   *     number is invalid, or the envelope would exceed {@link ProtocolLimits#maxEnvelopeBytes()}
   */
  public ChunkEnvelope seal(String patient, long sequenceNumber, ChunkSlot slot, RrSamples samples)
      throws GeneralSecurityException {
    checkSamples(samples, limits);
    checkWithinSlot(samples, slot);
    ChunkHeader header =
        ChunkHeader.builder()
            .setPatient(patient)
            .setSequenceNumber(sequenceNumber)
            .setSlot(slot)
            .setKeyId(keyId)
            .build();
    int capacity =
        SampleCodec.capacity(slot.lengthMillis(), samples.size(), limits.maxSamplesPerChunk());
    byte[] ciphertext = aead.encrypt(SampleCodec.encode(samples, capacity), header.toBytes());
    ChunkEnvelope envelope = ChunkEnvelope.create(header, ciphertext);
    limits.checkEnvelopeSize(envelope.serializedSize(), "chunk");
    return envelope;
  }

  /** Non-empty, within the limit, every time a plausible epoch time; shared with PlainChunk. */
  static void checkSamples(RrSamples samples, ProtocolLimits limits)
      throws GeneralSecurityException {
    if (samples.isEmpty()) {
      throw new GeneralSecurityException(
          "a chunk needs at least one sample; skip empty batches (a slot without beats gets no"
              + " chunk)");
    }
    if (samples.size() > limits.maxSamplesPerChunk()) {
      throw new GeneralSecurityException(
          "chunk has "
              + samples.size()
              + " samples, over maxSamplesPerChunk="
              + limits.maxSamplesPerChunk()
              + "; split it into smaller chunks");
    }
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
    }
  }

  /** Every sample in {@code [start, end)}; the message names the index and slot, not the time. */
  static void checkWithinSlot(RrSamples samples, ChunkSlot slot) throws GeneralSecurityException {
    for (int i = 0; i < samples.size(); i++) {
      if (!slot.contains(samples.tSeconds(i))) {
        throw new GeneralSecurityException(
            "sample "
                + i
                + " lies outside the chunk's slot "
                + slot
                + "; put only the beats of"
                + " one slot in a chunk (ChunkSlot.containing gives a beat's slot)");
      }
    }
  }

  @Override
  public String toString() {
    return "ChunkSealer{keyId=" + Integer.toUnsignedString(keyId) + ", " + limits + "}";
  }
}
