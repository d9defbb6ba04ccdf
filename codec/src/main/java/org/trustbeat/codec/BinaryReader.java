package org.trustbeat.codec;

import static org.trustbeat.codec.ByteViews.I16_BE;
import static org.trustbeat.codec.ByteViews.I16_LE;
import static org.trustbeat.codec.ByteViews.I32_BE;
import static org.trustbeat.codec.ByteViews.I32_LE;
import static org.trustbeat.codec.ByteViews.I64_BE;
import static org.trustbeat.codec.ByteViews.I64_LE;

import java.nio.ByteOrder;
import java.nio.charset.Charset;

/**
 * A bounded reader over untrusted bytes: {@code data[from, to)}, big- or little-endian. Every read
 * checks what it needs against what remains before it touches or allocates anything, and every
 * length taken from the input can be checked against a caller's maximum, so hostile input ends in
 * the format's own exception from {@link BinaryErrors}, never in an index or allocation error.
 *
 * <p>Offsets (positions, and those given to the errors) are indices into the whole array, so a
 * {@link #slice} reports where in the original input it failed. Not thread-safe; one reader per
 * parse. It allocates only what it returns: fixed-width fields are read in place.
 *
 * @param <E> the exception the format throws on malformed input
 */
public final class BinaryReader<E extends Exception> {

  private final byte[] buf;
  private final int end;
  private final boolean bigEndian;
  private final String subject;
  private final BinaryErrors<E> errors;
  private int pos;

  private BinaryReader(
      byte[] buf, int from, int to, boolean bigEndian, String subject, BinaryErrors<E> errors) {
    if (from < 0 || to > buf.length || from > to) {
      throw new IllegalArgumentException(
          "range [" + from + ", " + to + ") outside " + buf.length + " bytes");
    }
    this.buf = buf;
    this.pos = from;
    this.end = to;
    this.bigEndian = bigEndian;
    this.subject = subject;
    this.errors = errors;
  }

  /** Reads all of {@code data} in {@code order}; {@code subject} names the input in errors. */
  public static <E extends Exception> BinaryReader<E> of(
      byte[] data, ByteOrder order, String subject, BinaryErrors<E> errors) {
    return of(data, 0, data.length, order, subject, errors);
  }

  /** Reads {@code data[from, to)}; offsets in errors stay relative to {@code data}. */
  public static <E extends Exception> BinaryReader<E> of(
      byte[] data, int from, int to, ByteOrder order, String subject, BinaryErrors<E> errors) {
    return new BinaryReader<>(data, from, to, order == ByteOrder.BIG_ENDIAN, subject, errors);
  }

  /** What this reader reads, as named at its creation. */
  public String subject() {
    return subject;
  }

  public ByteOrder order() {
    return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
  }

  /** The index in the underlying array of the next byte to read. */
  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  /** Checks that {@code n} more bytes can be read for {@code field}; a negative {@code n} fails. */
  public void require(long n, String field) throws E {
    if (n < 0 || n > end - pos) {
      throw errors.truncated(subject, field, pos, n, end - pos);
    }
  }

  /** The next byte, unsigned, without consuming it; -1 at the end. */
  public int peekU8() {
    return pos < end ? buf[pos] & 0xff : -1;
  }

  public int u8(String field) throws E {
    require(1, field);
    return buf[pos++] & 0xff;
  }

  public int u16(String field) throws E {
    require(2, field);
    short v = bigEndian ? (short) I16_BE.get(buf, pos) : (short) I16_LE.get(buf, pos);
    pos += 2;
    return v & 0xffff;
  }

  public int i32(String field) throws E {
    require(4, field);
    int v = bigEndian ? (int) I32_BE.get(buf, pos) : (int) I32_LE.get(buf, pos);
    pos += 4;
    return v;
  }

  /** An unsigned 32-bit field; a long, so callers bound it before they use it as a size. */
  public long u32(String field) throws E {
    return i32(field) & 0xffffffffL;
  }

  public long i64(String field) throws E {
    require(8, field);
    long v = bigEndian ? (long) I64_BE.get(buf, pos) : (long) I64_LE.get(buf, pos);
    pos += 8;
    return v;
  }

  /** The raw bits of a double, NaN payloads included. */
  public double f64(String field) throws E {
    return Double.longBitsToDouble(i64(field));
  }

  /** The next {@code n} bytes, copied; {@code n} is checked against what remains first. */
  public byte[] bytes(long n, String field) throws E {
    require(n, field);
    byte[] out = new byte[(int) n];
    System.arraycopy(buf, pos, out, 0, out.length);
    pos += out.length;
    return out;
  }

  public void skip(long n, String field) throws E {
    require(n, field);
    pos += (int) n;
  }

  /** The next {@code n} bytes decoded as {@code charset}, without an intermediate copy. */
  public String text(long n, Charset charset, String field) throws E {
    require(n, field);
    String s = new String(buf, pos, (int) n, charset);
    pos += (int) n;
    return s;
  }

  /**
   * Reads an unsigned length or count of {@code prefixBytes} (1, 2 or 4) bytes and checks it is in
   * {@code [min, max]} before anyone sizes anything by it.
   */
  public int length(int prefixBytes, int min, int max, String field) throws E {
    int at = pos;
    long n;
    switch (prefixBytes) {
      case 1:
        n = u8(field);
        break;
      case 2:
        n = u16(field);
        break;
      case 4:
        n = u32(field);
        break;
      default:
        throw new IllegalArgumentException(
            "a length prefix has 1, 2 or 4 bytes, not " + prefixBytes);
    }
    if (n < min || n > max) {
      throw errors.outOfRange(subject, field, at, n, min, max);
    }
    return (int) n;
  }

  /** A {@link #length} in {@code [min, max]}, then that many bytes. */
  public byte[] prefixed(int prefixBytes, int min, int max, String field) throws E {
    return bytes(length(prefixBytes, min, max, field), field);
  }

  /**
   * Whether the next bytes equal {@code expected} (a magic number, say); consumes them only if they
   * do. Fewer bytes than {@code expected} holds is truncation, not a mismatch.
   */
  public boolean matches(byte[] expected, String field) throws E {
    require(expected.length, field);
    for (int i = 0; i < expected.length; i++) {
      if (buf[pos + i] != expected[i]) {
        return false;
      }
    }
    pos += expected.length;
    return true;
  }

  /**
   * A reader over the next {@code n} bytes, named {@code field} in its errors; this reader moves
   * past them.
   */
  public BinaryReader<E> slice(long n, String field) throws E {
    require(n, field);
    BinaryReader<E> inner = new BinaryReader<>(buf, pos, pos + (int) n, bigEndian, field, errors);
    pos += (int) n;
    return inner;
  }

  /** Checks that nothing follows the last field. */
  public void expectEnd(String field) throws E {
    if (pos != end) {
      throw errors.trailing(subject, field, pos, end - pos);
    }
  }

  @Override
  public String toString() {
    return "BinaryReader{" + subject + ", position=" + pos + ", remaining=" + (end - pos) + "}";
  }
}
