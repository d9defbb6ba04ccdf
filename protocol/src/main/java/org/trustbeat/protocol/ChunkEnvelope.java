package org.trustbeat.protocol;

/**
 * A sealed chunk of one patient's RR samples: a clear {@link ChunkHeader} followed by the AEAD
 * ciphertext of the padded sample block.
 *
 * <p>Wire layout (format version 2): the header bytes ({@link ChunkHeader}, {@code 28 + n}), then
 * the ciphertext length (4, big-endian, signed, in [0, {@link ProtocolLimits#maxEnvelopeBytes()}]),
 * then the ciphertext. The whole envelope must be at most {@code maxEnvelopeBytes}; nothing may
 * follow the ciphertext. The ciphertext is Tink's AES-GCM output: {@code 0x01}, the key id (4), a
 * random IV (12), the encrypted sample block ({@link org.trustbeat.protocol.internal.SampleCodec}:
 * count, samples, zero padding; {@code 4 + 16·c} bytes for a capacity of {@code c} samples) and the
 * tag (16): {@code 37 + 16·c} bytes. For a 10-s slot {@code c} = 37 up to 37 beats, so such a chunk
 * is {@code 661 + n} bytes.
 *
 * <h2>Security guarantees</h2>
 *
 * The associated data is exactly the header bytes, so the host cannot move a chunk to another
 * patient, sequence number, slot or key. The ciphertext length follows from the slot length and,
 * only above 220 bpm, from the doubling bucket of the beat count ({@link ChunkSealer}); it does not
 * reveal the count. The length prefix is framing only: changing it breaks parsing or decryption.
 * Not protected: the header is readable by everyone who sees the envelope, and the host can drop,
 * delay or replay whole chunks (the enclave drops duplicates and reports gaps from the sequence
 * numbers). {@link #toString()} shows ids and sizes, never payload.
 */
public final class ChunkEnvelope {
  private static final SealedFrame.Kind<ChunkHeader> KIND =
      new SealedFrame.Kind<>("chunk", ChunkHeader::read, ChunkHeader::serialized);

  private final SealedFrame<ChunkHeader> frame;

  private ChunkEnvelope(SealedFrame<ChunkHeader> frame) {
    this.frame = frame;
  }

  /** Pairs a header with the ciphertext sealed under it; the bytes are copied. */
  public static ChunkEnvelope create(ChunkHeader header, byte[] ciphertext) {
    return new ChunkEnvelope(KIND.create(header, ciphertext));
  }

  /** Parses and bounds-checks an envelope with the default limits; no key is needed. */
  public static ChunkEnvelope parse(byte[] bytes) throws MalformedEnvelopeException {
    return parse(bytes, ProtocolLimits.defaults());
  }

  /** Parses and bounds-checks an envelope; no key is needed, nothing is decrypted. */
  public static ChunkEnvelope parse(byte[] bytes, ProtocolLimits limits)
      throws MalformedEnvelopeException {
    return new ChunkEnvelope(KIND.parse(bytes, limits));
  }

  /**
   * Reads the clear header for routing and windowing on the untrusted host, with the default
   * limits. The framing of the whole envelope is checked too, so a chunk that passes here is one
   * the enclave can at least parse. Nothing here authenticates the header: only the enclave can.
   */
  public static ChunkHeader parseHeader(byte[] bytes) throws MalformedEnvelopeException {
    return parse(bytes, ProtocolLimits.defaults()).header();
  }

  /** As {@link #parseHeader(byte[])} with explicit limits. */
  public static ChunkHeader parseHeader(byte[] bytes, ProtocolLimits limits)
      throws MalformedEnvelopeException {
    return parse(bytes, limits).header();
  }

  public ChunkHeader header() {
    return frame.header();
  }

  /** The associated data the body was sealed with: the serialized header. */
  public byte[] associatedData() {
    return frame.associatedData();
  }

  /** A copy of the AEAD ciphertext (with its Tink key-id prefix). */
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
    return o instanceof ChunkEnvelope && frame.equals(((ChunkEnvelope) o).frame);
  }

  @Override
  public int hashCode() {
    return frame.hashCode();
  }

  @Override
  public String toString() {
    ChunkHeader header = frame.header();
    return "ChunkEnvelope{patient="
        + header.patient()
        + ", seq="
        + header.sequenceNumber()
        + ", slot="
        + header.slot()
        + ", keyId="
        + Integer.toUnsignedString(header.keyId())
        + ", ciphertextBytes="
        + frame.ciphertextLength()
        + "}";
  }
}
