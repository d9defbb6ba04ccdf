package org.trustbeat.protocol;

/**
 * A sealed analysis result: a clear {@link ResultHeader} followed by the AEAD ciphertext of an
 * opaque body (the enclave puts UTF-8 JSON metrics there).
 *
 * <p>Wire layout: the header bytes ({@link ResultHeader}), then the ciphertext length (4,
 * big-endian, in [0, {@link ProtocolLimits#maxEnvelopeBytes()}]), then the ciphertext. Nothing may
 * follow; the whole envelope is bounded by {@code maxEnvelopeBytes}.
 *
 * <h2>Security guarantees</h2>
 *
 * The associated data is exactly the header bytes, sealed under the patient's result key (never the
 * data key), so only the patient side can read the body and any change to the header is detected on
 * open. Not protected: the header is visible to the host, and the host can withhold or replay whole
 * results. {@link #toString()} shows the header and the ciphertext size, never the body.
 */
public final class ResultEnvelope {
  private static final SealedFrame.Kind<ResultHeader> KIND =
      new SealedFrame.Kind<>("result", ResultHeader::read, ResultHeader::serialized);

  private final SealedFrame<ResultHeader> frame;

  private ResultEnvelope(SealedFrame<ResultHeader> frame) {
    this.frame = frame;
  }

  /** Pairs a header with the ciphertext sealed under it; the bytes are copied. */
  public static ResultEnvelope create(ResultHeader header, byte[] ciphertext) {
    return new ResultEnvelope(KIND.create(header, ciphertext));
  }

  public static ResultEnvelope parse(byte[] bytes) throws MalformedEnvelopeException {
    return parse(bytes, ProtocolLimits.defaults());
  }

  /** Parses and bounds-checks an envelope; no key is needed, nothing is decrypted. */
  public static ResultEnvelope parse(byte[] bytes, ProtocolLimits limits)
      throws MalformedEnvelopeException {
    return new ResultEnvelope(KIND.parse(bytes, limits));
  }

  /** Reads the clear header (unauthenticated until opened) for routing and storage. */
  public static ResultHeader parseHeader(byte[] bytes) throws MalformedEnvelopeException {
    return parse(bytes).header();
  }

  public static ResultHeader parseHeader(byte[] bytes, ProtocolLimits limits)
      throws MalformedEnvelopeException {
    return parse(bytes, limits).header();
  }

  public ResultHeader header() {
    return frame.header();
  }

  public byte[] associatedData() {
    return frame.associatedData();
  }

  public byte[] ciphertext() {
    return frame.ciphertext();
  }

  byte[] ciphertextUnsafe() {
    return frame.ciphertextUnsafe();
  }

  public int serializedSize() {
    return frame.serializedSize();
  }

  public byte[] toBytes() {
    return frame.toBytes();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResultEnvelope && frame.equals(((ResultEnvelope) o).frame);
  }

  @Override
  public int hashCode() {
    return frame.hashCode();
  }

  @Override
  public String toString() {
    return "ResultEnvelope{"
        + frame.header()
        + ", ciphertextBytes="
        + frame.ciphertextLength()
        + "}";
  }
}
