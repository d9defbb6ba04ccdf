package org.trustbeat.protocol;

import java.util.Arrays;
import org.trustbeat.protocol.internal.ByteReader;
import org.trustbeat.protocol.internal.ByteWriter;

/**
 * A sealed analysis result: a clear {@link ResultHeader} followed by the AEAD ciphertext of an
 * opaque body (the enclave puts UTF-8 JSON metrics there).
 *
 * <p>Wire layout: the header bytes ({@link ResultHeader}), then the ciphertext length (4,
 * big-endian, in [0, {@link ProtocolLimits#maxEnvelopeBytes()}]), then the ciphertext. Nothing may
 * follow; the whole envelope is bounded by {@code maxEnvelopeBytes}.
 *
 * <h2>Security guarantees</h2>
 * The associated data is exactly the header bytes, sealed under the patient's result key (never
 * the data key), so only the patient side can read the body and any change to the header is
 * detected on open. Not protected: the header is visible to the host, and the host can withhold or
 * replay whole results. {@link #toString()} shows the header and the ciphertext size, never the
 * body.
 */
public final class ResultEnvelope {
  private final ResultHeader header;
  private final byte[] ciphertext;

  private ResultEnvelope(ResultHeader header, byte[] ciphertext) {
    this.header = header;
    this.ciphertext = ciphertext;
  }

  /** Pairs a header with the ciphertext sealed under it; the bytes are copied. */
  public static ResultEnvelope create(ResultHeader header, byte[] ciphertext) {
    if (header == null || ciphertext == null) {
      throw new NullPointerException("header and ciphertext are required");
    }
    return new ResultEnvelope(header, ciphertext.clone());
  }

  public static ResultEnvelope parse(byte[] bytes) throws MalformedEnvelopeException {
    return parse(bytes, ProtocolLimits.defaults());
  }

  /** Parses and bounds-checks an envelope; no key is needed, nothing is decrypted. */
  public static ResultEnvelope parse(byte[] bytes, ProtocolLimits limits)
      throws MalformedEnvelopeException {
    limits.checkEnvelopeSize(bytes.length, "result");
    ByteReader r = new ByteReader(bytes, "result envelope");
    ResultHeader header = ResultHeader.read(r);
    byte[] ciphertext = r.readLengthPrefixed(limits.maxEnvelopeBytes(), "result.ciphertext");
    r.expectEnd("result");
    return new ResultEnvelope(header, ciphertext);
  }

  /** Reads the clear header (unauthenticated until opened) for routing and storage. */
  public static ResultHeader parseHeader(byte[] bytes) throws MalformedEnvelopeException {
    return parse(bytes).header;
  }

  public static ResultHeader parseHeader(byte[] bytes, ProtocolLimits limits)
      throws MalformedEnvelopeException {
    return parse(bytes, limits).header;
  }

  public static byte[] serialize(ResultEnvelope envelope) {
    return envelope.toBytes();
  }

  public ResultHeader header() {
    return header;
  }

  public byte[] associatedData() {
    return header.toBytes();
  }

  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  byte[] ciphertextUnsafe() {
    return ciphertext;
  }

  public int serializedSize() {
    return header.serializedSize() + 4 + ciphertext.length;
  }

  public byte[] toBytes() {
    ByteWriter w = new ByteWriter(serializedSize());
    header.writeTo(w);
    w.writeLengthPrefixed(ciphertext);
    return w.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResultEnvelope
        && header.equals(((ResultEnvelope) o).header)
        && Arrays.equals(ciphertext, ((ResultEnvelope) o).ciphertext);
  }

  @Override
  public int hashCode() {
    return 31 * header.hashCode() + Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "ResultEnvelope{" + header + ", ciphertextBytes=" + ciphertext.length + "}";
  }
}
