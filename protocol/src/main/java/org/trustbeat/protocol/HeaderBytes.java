package org.trustbeat.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.trustbeat.protocol.internal.ByteReader;
import org.trustbeat.protocol.internal.ByteWriter;

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
  static ByteWriter start(byte magic0, byte magic1, int version, int capacity) {
    return new ByteWriter(capacity).writeByte(magic0).writeByte(magic1).writeByte(version);
  }

  /**
   * Checks the magic and format version at the reader's position; {@code kind} prefixes the field
   * names in errors, e.g. "chunk" gives "chunk.magic" and "chunk.version".
   */
  static void expectStart(ByteReader r, byte magic0, byte magic1, int version, String kind)
      throws MalformedEnvelopeException {
    r.expectMagic(magic0, magic1, kind + ".magic");
    r.expectVersion(version, kind + ".version");
  }

  /** The bytes of a text field; callers have checked its {@code TextRule}, which is ASCII-only. */
  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Freezes what {@code w} holds; the writer may be dropped afterwards. */
  static HeaderBytes of(ByteWriter w) {
    return new HeaderBytes(w.toByteArray());
  }

  byte[] copy() {
    return bytes.clone();
  }

  int length() {
    return bytes.length;
  }

  void writeTo(ByteWriter w) {
    w.writeBytes(bytes);
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
