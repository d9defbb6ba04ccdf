package org.trustbeat.protocol.internal;

import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;
import org.trustbeat.protocol.RrSamples;

/**
 * The AEAD body of a chunk: {@code int count}, then {@code count} pairs of big-endian doubles
 * {@code (tSeconds, rrMs)}. Fixed-width binary keeps the enclave's parser tiny and exact.
 */
public final class SampleCodec {
  private static final String MESSAGE = "chunk body";

  private SampleCodec() {}

  public static byte[] encode(RrSamples samples) {
    ByteWriter w = new ByteWriter(4 + 16 * samples.size());
    w.writeInt(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      w.writeDouble(samples.tSeconds(i)).writeDouble(samples.rrMs(i));
    }
    return w.toByteArray();
  }

  /** Decodes an authenticated body; errors name the sample index, never its value. */
  public static RrSamples decode(byte[] body, int maxSamples) throws MalformedEnvelopeException {
    ByteReader r = new ByteReader(body, MESSAGE);
    int count = r.readInt("chunk.body.count");
    if (count < 0 || count > maxSamples) {
      throw new MalformedEnvelopeException(
          count < 0 ? Reason.INVALID_FIELD : Reason.TOO_LARGE,
          "chunk.body.count",
          0,
          "sample count " + (count & 0xffffffffL) + " is outside [0, " + maxSamples + "]",
          "split the stream into smaller chunks or raise ProtocolLimits.maxSamplesPerChunk");
    }
    if (r.remaining() != 16 * count) {
      throw new MalformedEnvelopeException(
          r.remaining() < 16 * count ? Reason.TRUNCATED : Reason.TRAILING_BYTES,
          "chunk.body.samples",
          4,
          "count " + count + " needs " + 16 * count + " bytes but " + r.remaining() + " follow",
          "the sealer and opener disagree on the body format; seal with SampleCodec");
    }
    double[] t = new double[count];
    double[] rr = new double[count];
    for (int i = 0; i < count; i++) {
      t[i] = r.readDouble("chunk.body.t");
      rr[i] = r.readDouble("chunk.body.rr");
      if (!Double.isFinite(t[i]) || !Double.isFinite(rr[i])) {
        throw new MalformedEnvelopeException(
            Reason.INVALID_FIELD,
            "chunk.body.sample[" + i + "]",
            4 + 16 * i,
            "value is NaN or infinite",
            "the sender must drop non-finite samples before sealing");
      }
    }
    return RrSamples.of(t, rr);
  }
}
