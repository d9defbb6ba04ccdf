package org.trustbeat.protocol;

import java.util.Arrays;
import java.util.function.Function;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.internal.ProtocolBytes;

/**
 * The framing every sealed envelope shares: the clear header bytes (which are the AEAD associated
 * data), the ciphertext length (4, big-endian, signed, in [0, maxEnvelopeBytes]), then the
 * ciphertext. The whole frame is bounded by {@link ProtocolLimits#maxEnvelopeBytes()} and nothing
 * may follow the ciphertext. Envelope classes hold one frame and add their typed API on top, so the
 * two wire formats cannot drift apart.
 *
 * @param <H> the header type, compared with {@code equals}
 */
final class SealedFrame<H> {
  /** Reads one header from untrusted bytes, checking its fields. */
  @FunctionalInterface
  interface HeaderReader<H> {
    H read(BinaryReader<MalformedEnvelopeException> r) throws MalformedEnvelopeException;
  }

  /** One envelope kind: its name in errors, how to read its header and reach the header's bytes. */
  static final class Kind<H> {
    private final String name;
    private final HeaderReader<H> reader;
    private final Function<H, HeaderBytes> bytesOf;

    /**
     * {@code name} prefixes error fields and names the input, e.g. "chunk" gives "chunk.ciphertext"
     * and "chunk envelope".
     */
    Kind(String name, HeaderReader<H> reader, Function<H, HeaderBytes> bytesOf) {
      this.name = name;
      this.reader = reader;
      this.bytesOf = bytesOf;
    }

    /** Pairs a header with the ciphertext sealed under it; the bytes are copied. */
    SealedFrame<H> create(H header, byte[] ciphertext) {
      if (header == null || ciphertext == null) {
        throw new NullPointerException("header and ciphertext are required");
      }
      return new SealedFrame<>(header, bytesOf.apply(header), ciphertext.clone());
    }

    /** Parses and bounds-checks a frame; nothing is decrypted. */
    SealedFrame<H> parse(byte[] bytes, ProtocolLimits limits) throws MalformedEnvelopeException {
      // Size first, so an oversized input is refused before any field is read.
      limits.checkEnvelopeSize(bytes.length, name);
      BinaryReader<MalformedEnvelopeException> r = ProtocolBytes.reader(bytes, name + " envelope");
      H header = reader.read(r);
      byte[] ciphertext =
          ProtocolBytes.lengthPrefixed(r, limits.maxEnvelopeBytes(), name + ".ciphertext");
      r.expectEnd(name);
      return new SealedFrame<>(header, bytesOf.apply(header), ciphertext);
    }
  }

  private final H header;
  private final HeaderBytes headerBytes;
  private final byte[] ciphertext;

  private SealedFrame(H header, HeaderBytes headerBytes, byte[] ciphertext) {
    this.header = header;
    this.headerBytes = headerBytes;
    this.ciphertext = ciphertext;
  }

  H header() {
    return header;
  }

  /** The serialized header, a fresh copy each call. */
  byte[] associatedData() {
    return headerBytes.copy();
  }

  byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** The ciphertext without a copy, for the openers in this package only; never modify it. */
  byte[] ciphertextUnsafe() {
    return ciphertext;
  }

  int ciphertextLength() {
    return ciphertext.length;
  }

  int serializedSize() {
    return headerBytes.length() + 4 + ciphertext.length;
  }

  byte[] toBytes() {
    BinaryWriter w = ProtocolBytes.writer(serializedSize());
    headerBytes.writeTo(w);
    w.prefixed(4, ciphertext);
    return w.finish();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedFrame
        && header.equals(((SealedFrame<?>) o).header)
        && Arrays.equals(ciphertext, ((SealedFrame<?>) o).ciphertext);
  }

  @Override
  public int hashCode() {
    return 31 * header.hashCode() + Arrays.hashCode(ciphertext);
  }

  @Override
  public String toString() {
    return "SealedFrame{headerBytes="
        + headerBytes.length()
        + ", ciphertextBytes="
        + ciphertext.length
        + "}";
  }
}
