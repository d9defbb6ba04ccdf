package org.trustbeat.protocol.internal;

import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;
import org.trustbeat.protocol.RrSamples;

/**
 * The sample block of a chunk (format version 2): what a sealed chunk encrypts and a plain chunk
 * carries in clear. Layout, big-endian: {@code int count}, then {@code count} pairs of doubles
 * {@code (tSeconds, rrMs)}, then zero bytes up to {@code 4 + 16·capacity} bytes in all, where the
 * capacity is {@link #capacity(int, int, int)} of the chunk's slot length and count. Fixed-width
 * binary keeps the enclave's parser tiny and exact.
 *
 * <h2>Padding</h2>
 *
 * The capacity of a slot of {@code L} ms is {@code base = ceil(L · 220 / 60 000)} beats, the beats
 * of a heart at {@value #MAX_HEART_RATE_BPM} bpm (37 for a 10-s slot), doubled until it holds the
 * count ({@code base · 2^j}), and never above {@code maxSamplesPerChunk}. So every chunk of a heart
 * beating at up to 220 bpm has the same length for a given slot length, and a chunk with more beats
 * (an artefact burst, or a gateway that merges slots) reveals only which doubling bucket its count
 * falls in. The padding is a function of the clear slot length and of the count bucket only; the
 * decoder insists on exactly that length and on zero padding, so there is one encoding per sample
 * run and a sealer that forgot to pad is caught by every opener.
 */
public final class SampleCodec {
  /**
   * The heart rate the base capacity holds: above any sustained rate (the 12 PhysioNet records here
   * hold at most 25 beats in a 10-s slot).
   */
  public static final int MAX_HEART_RATE_BPM = 220;

  private static final String MESSAGE = "chunk body";

  private SampleCodec() {}

  /**
   * The padded capacity, in beats, of a chunk of {@code count} beats in a slot of {@code
   * slotMillis} ms: the smallest {@code base · 2^j >= count}, capped at {@code maxSamples}.
   * Requires {@code 0 <= count <= maxSamples} and {@code slotMillis > 0}.
   */
  public static int capacity(int slotMillis, int count, int maxSamples) {
    long base = Math.max(1, ((long) slotMillis * MAX_HEART_RATE_BPM + 59_999) / 60_000);
    long cap = base;
    while (cap < count) {
      cap *= 2;
    }
    return (int) Math.min(cap, maxSamples);
  }

  /** Bytes of the block for that capacity. */
  public static int blockBytes(int capacity) {
    return 4 + 16 * capacity;
  }

  /** Encodes and pads; {@code capacity >= samples.size()} (see {@link #capacity}). */
  public static byte[] encode(RrSamples samples, int capacity) {
    if (capacity < samples.size()) {
      throw new IllegalArgumentException(
          "capacity " + capacity + " < count " + samples.size() + "; compute it with capacity()");
    }
    BinaryWriter w = ProtocolBytes.writer(blockBytes(capacity));
    w.i32(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      w.f64(samples.tSeconds(i)).f64(samples.rrMs(i));
    }
    w.zeros(16 * (capacity - samples.size()));
    return w.finish();
  }

  /**
   * Decodes a block whose chunk has a slot of {@code slotMillis} ms; errors name the sample index,
   * never its value.
   */
  public static RrSamples decode(byte[] body, int slotMillis, int maxSamples)
      throws MalformedEnvelopeException {
    BinaryReader<MalformedEnvelopeException> r = ProtocolBytes.reader(body, MESSAGE);
    int count = r.i32("chunk.body.count");
    if (count < 0 || count > maxSamples) {
      throw new MalformedEnvelopeException(
          count < 0 ? Reason.INVALID_FIELD : Reason.TOO_LARGE,
          "chunk.body.count",
          0,
          "sample count " + (count & 0xffffffffL) + " is outside [0, " + maxSamples + "]",
          "split the stream into smaller chunks or raise ProtocolLimits.maxSamplesPerChunk");
    }
    int capacity = capacity(slotMillis, count, maxSamples);
    if (r.remaining() != 16 * capacity) {
      throw new MalformedEnvelopeException(
          r.remaining() < 16 * capacity ? Reason.TRUNCATED : Reason.TRAILING_BYTES,
          "chunk.body.samples",
          4,
          "count "
              + count
              + " in a "
              + slotMillis
              + "-ms slot needs "
              + 16 * capacity
              + " bytes (padded to "
              + capacity
              + " samples) but "
              + r.remaining()
              + " follow",
          "the sealer and opener disagree on the body format or on ProtocolLimits; seal with"
              + " ChunkSealer of format version 2 and the same limits on both ends");
    }
    double[] t = new double[count];
    double[] rr = new double[count];
    for (int i = 0; i < count; i++) {
      t[i] = r.f64("chunk.body.t");
      rr[i] = r.f64("chunk.body.rr");
      if (!Double.isFinite(t[i]) || !Double.isFinite(rr[i])) {
        throw new MalformedEnvelopeException(
            Reason.INVALID_FIELD,
            "chunk.body.sample[" + i + "]",
            4 + 16 * i,
            "value is NaN or infinite",
            "the sender must drop non-finite samples before sealing");
      }
    }
    int paddingAt = r.position();
    for (int i = paddingAt; i < body.length; i++) {
      if (body[i] != 0) {
        throw new MalformedEnvelopeException(
            Reason.INVALID_FIELD,
            "chunk.body.padding",
            paddingAt,
            "padding holds a non-zero byte",
            "pad with zero bytes, as SampleCodec.encode does");
      }
    }
    return RrSamples.of(t, rr);
  }
}
