package org.trustbeat.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.internal.ProtocolBytes;

/**
 * The serialized form of a clear header, kept once when the header is built or read. These bytes
 * are the AEAD associated data, so headers compare and hash by them: equality can then never
 * disagree with what the enclave authenticates. Every header starts with a 2-byte magic and a
 * 1-byte format version; the helpers here write and check that start.
 */
final class HeaderBytes {
  private final byte[] bytes;

  private HeaderBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A writer already holding the header's magic and format version. */
  static BinaryWriter start(byte magic0, byte magic1, int version, int capacity) {
    return ProtocolBytes.writer(capacity).u8(magic0).u8(magic1).u8(version);
  }

  /**
   * Checks the magic and format version at the reader's position; {@code kind} prefixes the field
   * names in errors, e.g. "chunk" gives "chunk.magic" and "chunk.version".
   */
  static void expectStart(
      BinaryReader<MalformedEnvelopeException> r,
      byte magic0,
      byte magic1,
      int version,
      String kind)
      throws MalformedEnvelopeException {
    ProtocolBytes.expectMagic(r, magic0, magic1, kind + ".magic");
    ProtocolBytes.expectVersion(r, version, kind + ".version");
  }

  /** The bytes of a text field; callers have checked its {@code TextRule}, which is ASCII-only. */
  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Freezes what {@code w} holds; the writer may be dropped afterwards. */
  static HeaderBytes of(BinaryWriter w) {
    return new HeaderBytes(w.toByteArray());
  }

  byte[] copy() {
    return bytes.clone();
  }

  int length() {
    return bytes.length;
  }

  void writeTo(BinaryWriter w) {
    w.bytes(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeaderBytes && Arrays.equals(bytes, ((HeaderBytes) o).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "HeaderBytes{length=" + bytes.length + "}";
  }
}
