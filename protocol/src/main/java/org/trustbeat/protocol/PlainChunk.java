package org.trustbeat.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;
import org.trustbeat.protocol.internal.ByteReader;
import org.trustbeat.protocol.internal.ByteWriter;
import org.trustbeat.protocol.internal.SampleCodec;
import org.trustbeat.protocol.internal.TextRule;

/**
 * A chunk of RR samples <em>in clear</em>, for the {@code plain} mode only: the paper's vanilla
 * baseline, which measures what the analysis costs without encryption or an enclave.
 *
 * <p>Wire layout, big-endian: {@code 'P' 'C'} magic (2), format version = 1 (1), then the fields
 * of {@link ChunkHeader} in the same order and encoding (pseudonym, sequence number, time range,
 * key id, which is always 0 here), then the length (4) and bytes of the clear sample block (the
 * same block a sealed chunk encrypts). The distinct magic keeps a clear chunk from ever being
 * mistaken for a sealed one, or the reverse.
 *
 * <h2>Security guarantees</h2>
 * None: anyone who sees the bytes reads the samples, and anyone can change them. Use sealed chunks
 * ({@link ChunkSealer}) for real data. {@link #toString()} still prints ids and sizes only.
 */
public final class PlainChunk {
  public static final int FORMAT_VERSION = 1;
  private static final byte MAGIC_0 = 'P';
  private static final byte MAGIC_1 = 'C';

  private final ChunkHeader header;
  private final RrSamples samples;

  private PlainChunk(ChunkHeader header, RrSamples samples) {
    this.header = header;
    this.samples = samples;
  }

  /**
   * Makes a clear chunk; the time range is computed from the samples exactly as {@link
   * ChunkSealer#seal} does, so both modes window the same samples the same way.
   *
   * @throws GeneralSecurityException if {@code samples} is empty or over the limit, a time is not
   *     a plausible epoch time, or the pseudonym or sequence number is invalid
   */
  public static PlainChunk create(String patient, long sequenceNumber, RrSamples samples)
      throws GeneralSecurityException {
    return create(patient, sequenceNumber, samples, ProtocolLimits.defaults());
  }

  public static PlainChunk create(
      String patient, long sequenceNumber, RrSamples samples, ProtocolLimits limits)
      throws GeneralSecurityException {
    if (samples.isEmpty()) {
      throw new GeneralSecurityException(
          "a chunk needs at least one sample to define its time range; skip empty batches");
    }
    if (samples.size() > limits.maxSamplesPerChunk()) {
      throw new GeneralSecurityException(
          "chunk has " + samples.size() + " samples, over maxSamplesPerChunk="
              + limits.maxSamplesPerChunk() + "; split it into smaller chunks");
    }
    double minMs = Double.POSITIVE_INFINITY;
    double maxMs = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < samples.size(); i++) {
      double ms = samples.tSeconds(i) * 1000.0;
      if (!(ms >= 0 && ms <= EpochMillis.MAX)) {
        throw new GeneralSecurityException(
            "sample " + i + " has a time outside the epoch range [0, " + EpochMillis.MAX
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
            .setKeyId(0)
            .build();
    PlainChunk chunk = new PlainChunk(header, samples);
    limits.checkEnvelopeSize(chunk.serializedSize(), "plainChunk");
    return chunk;
  }

  public static PlainChunk parse(byte[] bytes) throws MalformedEnvelopeException {
    return parse(bytes, ProtocolLimits.defaults());
  }

  /**
   * Parses and bounds-checks a clear chunk. Whether the samples lie within the header's time
   * range is not checked here; see {@link #samplesWithinRange()}.
   */
  public static PlainChunk parse(byte[] bytes, ProtocolLimits limits)
      throws MalformedEnvelopeException {
    limits.checkEnvelopeSize(bytes.length, "plainChunk");
    ByteReader r = new ByteReader(bytes, "plain chunk");
    r.expectMagic(MAGIC_0, MAGIC_1, "plainChunk.magic");
    r.expectVersion(FORMAT_VERSION, "plainChunk.version");
    String patient = r.readText(TextRule.PSEUDONYM, "plainChunk.patient");
    int at = r.position();
    long seq = r.readLong("plainChunk.sequenceNumber");
    long start = r.readLong("plainChunk.startMillis");
    long end = r.readLong("plainChunk.endMillis");
    int keyId = r.readInt("plainChunk.keyId");
    ChunkHeader header;
    try {
      header =
          ChunkHeader.builder()
              .setPatient(patient)
              .setSequenceNumber(seq)
              .setTimeRange(start, end)
              .setKeyId(keyId)
              .build();
    } catch (GeneralSecurityException e) {
      throw new MalformedEnvelopeException(
          Reason.INVALID_FIELD, "plainChunk.header", at, e.getMessage(),
          "the sender must build the chunk with PlainChunk.create");
    }
    byte[] body = r.readLengthPrefixed(limits.maxEnvelopeBytes(), "plainChunk.samples");
    r.expectEnd("plainChunk");
    return new PlainChunk(header, SampleCodec.decode(body, limits.maxSamplesPerChunk()));
  }

  /** The routing fields, as a {@link ChunkHeader} with key id 0 (nothing is sealed). */
  public ChunkHeader header() {
    return header;
  }

  public RrSamples samples() {
    return samples;
  }

  /** Whether every sample time lies within the header's time range, as a sealer guarantees. */
  public boolean samplesWithinRange() {
    for (int i = 0; i < samples.size(); i++) {
      double ms = samples.tSeconds(i) * 1000.0;
      if (ms < header.startMillis() || ms > header.endMillis()) {
        return false;
      }
    }
    return true;
  }

  public int serializedSize() {
    return 3 + 1 + header.patient().length() + 8 + 8 + 8 + 4 + 4 + 4 + 16 * samples.size();
  }

  public byte[] toBytes() {
    ByteWriter w = new ByteWriter(serializedSize());
    w.writeByte(MAGIC_0).writeByte(MAGIC_1).writeByte(FORMAT_VERSION);
    w.writeShortText(header.patient().getBytes(StandardCharsets.US_ASCII));
    w.writeLong(header.sequenceNumber()).writeLong(header.startMillis()).writeLong(header.endMillis());
    w.writeInt(header.keyId());
    w.writeLengthPrefixed(SampleCodec.encode(samples));
    return w.toByteArray();
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
    return "PlainChunk{plain mode: no encryption, patient=" + header.patient() + ", seq="
        + header.sequenceNumber() + ", range=[" + header.startMillis() + ", "
        + header.endMillis() + "], samples=" + samples.size() + "}";
  }
}
