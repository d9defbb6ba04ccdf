package org.trustbeat.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;
import org.trustbeat.protocol.internal.ProtocolBytes;
import org.trustbeat.protocol.internal.SampleCodec;
import org.trustbeat.protocol.internal.TextRule;

/**
 * A chunk of RR samples <em>in clear</em>, for the {@code plain} mode only: the paper's vanilla
 * baseline, which measures what the analysis costs without encryption or an enclave.
 *
 * <p>Wire layout (format version 2), big-endian: {@code 'P' 'C'} magic (2), format version = 2 (1),
 * then the fields of {@link ChunkHeader} in the same order and encoding (pseudonym, sequence
 * number, slot start, slot length, key id, which is always 0 here), then the length (4) and bytes
 * of the clear sample block: the same padded block a sealed chunk encrypts ({@link
 * org.trustbeat.protocol.internal.SampleCodec}), so a plain chunk has the shape of a sealed one
 * minus the 33 bytes of Tink prefix, IV and tag, and the modes move comparable bytes. The distinct
 * magic keeps a clear chunk from ever being mistaken for a sealed one, or the reverse. Version 1
 * (beat-time range, unpadded) is refused as for sealed chunks.
 *
 * <h2>Security guarantees</h2>
 *
 * None: anyone who sees the bytes reads the samples, and anyone can change them. Use sealed chunks
 * ({@link ChunkSealer}) for real data. {@link #toString()} still prints ids and sizes only.
 */
public final class PlainChunk {
  public static final int FORMAT_VERSION = ChunkHeader.FORMAT_VERSION;
  private static final byte MAGIC_0 = 'P';
  private static final byte MAGIC_1 = 'C';

  private final ChunkHeader header;
  private final RrSamples samples;
  private final int capacity;

  private PlainChunk(ChunkHeader header, RrSamples samples, int capacity) {
    this.header = header;
    this.samples = samples;
    this.capacity = capacity;
  }

  /**
   * Makes a clear chunk of one 10-s slot, as {@link ChunkSealer#seal(String, long, RrSamples)}
   * does.
   *
   * @throws GeneralSecurityException as {@link #create(String, long, ChunkSlot, RrSamples,
   *     ProtocolLimits)}, and if the samples span more than one 10-s slot
   */
  public static PlainChunk create(String patient, long sequenceNumber, RrSamples samples)
      throws GeneralSecurityException {
    ChunkSealer.checkSamples(samples, ProtocolLimits.defaults());
    return create(
        patient,
        sequenceNumber,
        ChunkSlot.containing(samples.tSeconds(0), ChunkSlot.DEFAULT_LENGTH_MILLIS),
        samples,
        ProtocolLimits.defaults());
  }

  public static PlainChunk create(
      String patient, long sequenceNumber, ChunkSlot slot, RrSamples samples)
      throws GeneralSecurityException {
    return create(patient, sequenceNumber, slot, samples, ProtocolLimits.defaults());
  }

  /**
   * Makes a clear chunk of one slot, checked and padded exactly as {@link ChunkSealer} seals one,
   * so both modes window the same samples the same way.
   *
   * @throws GeneralSecurityException if {@code samples} is empty or over the limit, a sample lies
   *     outside the slot or is not a plausible epoch time, or the pseudonym or sequence number is
   *     invalid
   */
  public static PlainChunk create(
      String patient, long sequenceNumber, ChunkSlot slot, RrSamples samples, ProtocolLimits limits)
      throws GeneralSecurityException {
    ChunkSealer.checkSamples(samples, limits);
    ChunkSealer.checkWithinSlot(samples, slot);
    ChunkHeader header =
        ChunkHeader.builder()
            .setPatient(patient)
            .setSequenceNumber(sequenceNumber)
            .setSlot(slot)
            .setKeyId(0)
            .build();
    int capacity =
        SampleCodec.capacity(slot.lengthMillis(), samples.size(), limits.maxSamplesPerChunk());
    PlainChunk chunk = new PlainChunk(header, samples, capacity);
    limits.checkEnvelopeSize(chunk.serializedSize(), "plainChunk");
    return chunk;
  }

  public static PlainChunk parse(byte[] bytes) throws MalformedEnvelopeException {
    return parse(bytes, ProtocolLimits.defaults());
  }

  /**
   * Parses and bounds-checks a clear chunk. Whether the samples lie within the header's slot is not
   * checked here; see {@link #samplesWithinSlot()}.
   */
  public static PlainChunk parse(byte[] bytes, ProtocolLimits limits)
      throws MalformedEnvelopeException {
    limits.checkEnvelopeSize(bytes.length, "plainChunk");
    BinaryReader<MalformedEnvelopeException> r = ProtocolBytes.reader(bytes, "plain chunk");
    ProtocolBytes.expectMagic(r, MAGIC_0, MAGIC_1, "plainChunk.magic");
    ChunkHeader.expectVersion(r, "plainChunk");
    String patient = ProtocolBytes.text(r, TextRule.PSEUDONYM, "plainChunk.patient");
    int at = r.position();
    long seq = r.i64("plainChunk.sequenceNumber");
    long start = r.i64("plainChunk.slotStartMillis");
    int length = r.i32("plainChunk.slotLengthMillis");
    int keyId = r.i32("plainChunk.keyId");
    ChunkHeader header;
    try {
      header =
          ChunkHeader.builder()
              .setPatient(patient)
              .setSequenceNumber(seq)
              .setSlot(ChunkSlot.of(start, length))
              .setKeyId(keyId)
              .build();
    } catch (GeneralSecurityException e) {
      throw new MalformedEnvelopeException(
          Reason.INVALID_FIELD,
          "plainChunk.header",
          at,
          e.getMessage(),
          "the sender must build the chunk with PlainChunk.create");
    }
    byte[] body = ProtocolBytes.lengthPrefixed(r, limits.maxEnvelopeBytes(), "plainChunk.samples");
    r.expectEnd("plainChunk");
    RrSamples samples = SampleCodec.decode(body, length, limits.maxSamplesPerChunk());
    return new PlainChunk(header, samples, (body.length - 4) / 16);
  }

  /** The routing fields, as a {@link ChunkHeader} with key id 0 (nothing is sealed). */
  public ChunkHeader header() {
    return header;
  }

  public RrSamples samples() {
    return samples;
  }

  /** Whether every sample time lies within the header's slot, as a sealer guarantees. */
  public boolean samplesWithinSlot() {
    for (int i = 0; i < samples.size(); i++) {
      if (!header.slot().contains(samples.tSeconds(i))) {
        return false;
      }
    }
    return true;
  }

  public int serializedSize() {
    return 3 + 1 + header.patient().length() + 8 + 8 + 4 + 4 + 4 + SampleCodec.blockBytes(capacity);
  }

  public byte[] toBytes() {
    BinaryWriter w = ProtocolBytes.writer(serializedSize());
    w.u8(MAGIC_0).u8(MAGIC_1).u8(FORMAT_VERSION);
    w.prefixed(1, header.patient().getBytes(StandardCharsets.US_ASCII));
    w.i64(header.sequenceNumber());
    w.i64(header.slot().startMillis()).i32(header.slot().lengthMillis());
    w.i32(header.keyId());
    w.prefixed(4, SampleCodec.encode(samples, capacity));
    return w.finish();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlainChunk
        && header.equals(((PlainChunk) o).header)
        && samples.equals(((PlainChunk) o).samples);
  }

  @Override
  public int hashCode() {
    return 31 * header.hashCode() + samples.hashCode();
  }

  @Override
  public String toString() {
    return "PlainChunk{plain mode: no encryption, patient="
        + header.patient()
        + ", seq="
        + header.sequenceNumber()
        + ", slot="
        + header.slot()
        + ", samples="
        + samples.size()
        + ", bytes="
        + serializedSize()
        + "}";
  }
}
