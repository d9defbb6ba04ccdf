package org.trustbeat.protocol.internal;

import java.nio.charset.StandardCharsets;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;

/**
 * Big-endian reader over untrusted bytes. Every read checks the remaining length first, so hostile
 * input ends in a {@link MalformedEnvelopeException} naming the field, never in an index error.
 */
public final class ByteReader {
  private final byte[] buf;
  private final String message;
  private int pos;

  /** {@code message} names the input in errors, e.g. "chunk envelope". */
  public ByteReader(byte[] buf, String message) {
    this.buf = buf;
    this.message = message;
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return buf.length - pos;
  }

  private void require(int n, String field) throws MalformedEnvelopeException {
    if (n > remaining()) {
      throw new MalformedEnvelopeException(
          Reason.TRUNCATED,
          field,
          pos,
          "needs " + n + " bytes but only " + remaining() + " remain",
          "the " + message + " was cut short in transport or storage; resend the complete bytes");
    }
  }

  public void expectMagic(byte first, byte second, String field) throws MalformedEnvelopeException {
    require(2, field);
    if (buf[pos] != first || buf[pos + 1] != second) {
      throw new MalformedEnvelopeException(
          Reason.BAD_MAGIC,
          field,
          pos,
          "expected '" + (char) first + (char) second + "'",
          "these bytes are not a " + message + "; check the topic or file they came from");
    }
    pos += 2;
  }

  public void expectVersion(int version, String field) throws MalformedEnvelopeException {
    int at = pos;
    int got = readUnsignedByte(field);
    if (got != version) {
      throw new MalformedEnvelopeException(
          Reason.UNSUPPORTED_VERSION,
          field,
          at,
          "format version " + got + " is not supported (this code reads " + version + ")",
          "upgrade the reader or seal with format version " + version);
    }
  }

  /** The next byte, without consuming it; the caller has checked {@link #remaining()}. */
  public int peekUnsignedByte() {
    return buf[pos] & 0xff;
  }

  public int readUnsignedByte(String field) throws MalformedEnvelopeException {
    require(1, field);
    return buf[pos++] & 0xff;
  }

  public int readInt(String field) throws MalformedEnvelopeException {
    require(4, field);
    int v =
        ((buf[pos] & 0xff) << 24)
            | ((buf[pos + 1] & 0xff) << 16)
            | ((buf[pos + 2] & 0xff) << 8)
            | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  public long readLong(String field) throws MalformedEnvelopeException {
    require(8, field);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  public double readDouble(String field) throws MalformedEnvelopeException {
    return Double.longBitsToDouble(readLong(field));
  }

  public byte[] readBytes(int n, String field) throws MalformedEnvelopeException {
    require(n, field);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  /**
   * Reads a 4-byte length then that many bytes; the length is checked against {@code max} and the
   * remaining input before anything is allocated.
   */
  public byte[] readLengthPrefixed(int max, String field) throws MalformedEnvelopeException {
    int at = pos;
    int n = readInt(field + ".length");
    if (n < 0 || n > max) {
      throw new MalformedEnvelopeException(
          n < 0 ? Reason.INVALID_FIELD : Reason.TOO_LARGE,
          field + ".length",
          at,
          "length " + (n & 0xffffffffL) + " is outside [0, " + max + "]",
          "the length prefix is corrupt or the producer used larger limits; align ProtocolLimits");
    }
    return readBytes(n, field);
  }

  /**
   * Reads a 1-byte length then that many bytes of text, checked by {@code rule}. Text fields are
   * ASCII by their rules, so decoding cannot be lossy.
   */
  public String readText(TextRule rule, String field) throws MalformedEnvelopeException {
    int at = pos;
    int n = readUnsignedByte(field + ".length");
    byte[] raw = readBytes(n, field);
    String problem = rule.problem(raw);
    if (problem != null) {
      throw new MalformedEnvelopeException(
          Reason.INVALID_FIELD, field, at, problem, "the sender must " + rule.fix());
    }
    return new String(raw, StandardCharsets.US_ASCII);
  }

  public void expectEnd(String field) throws MalformedEnvelopeException {
    if (remaining() != 0) {
      throw new MalformedEnvelopeException(
          Reason.TRAILING_BYTES,
          field,
          pos,
          remaining() + " unexpected bytes follow the last field",
          "send exactly one " + message + " per message or file");
    }
  }
}
