package org.trustbeat.codec;

import static org.trustbeat.codec.ByteViews.I16_BE;
import static org.trustbeat.codec.ByteViews.I16_LE;
import static org.trustbeat.codec.ByteViews.I32_BE;
import static org.trustbeat.codec.ByteViews.I32_LE;
import static org.trustbeat.codec.ByteViews.I64_BE;
import static org.trustbeat.codec.ByteViews.I64_LE;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable, append-only writer, big- or little-endian; the mirror of {@link BinaryReader}.
 * Writing a length prefix checks that the length fits it, so a writer never produces bytes its
 * reader would take for something else. Not thread-safe; one writer per encoding.
 */
public final class BinaryWriter {
  private static final byte[] FINISHED = new byte[0];

  private final boolean bigEndian;
  private byte[] buf;
  private int size;

  private BinaryWriter(int capacity, boolean bigEndian) {
    this.buf = new byte[Math.max(0, capacity)];
    this.bigEndian = bigEndian;
  }

  /**
   * A writer in {@code order} whose buffer starts at {@code capacity} bytes; an exact capacity lets
   * {@link #finish()} hand over the buffer without a copy.
   */
  public static BinaryWriter of(int capacity, ByteOrder order) {
    return new BinaryWriter(capacity, order == ByteOrder.BIG_ENDIAN);
  }

  public ByteOrder order() {
    return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
  }

  private void ensure(int extra) {
    if (extra > buf.length - size) {
      grow(extra);
    }
  }

  private void grow(int extra) {
    checkNotFinished();
    buf = Arrays.copyOf(buf, Math.max(Math.max(16, buf.length * 2), size + extra));
  }

  /** The low 8 bits of {@code v}. */
  public BinaryWriter u8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  /** The low 16 bits of {@code v}. */
  public BinaryWriter u16(int v) {
    ensure(2);
    if (bigEndian) {
      I16_BE.set(buf, size, (short) v);
    } else {
      I16_LE.set(buf, size, (short) v);
    }
    size += 2;
    return this;
  }

  public BinaryWriter i32(int v) {
    ensure(4);
    if (bigEndian) {
      I32_BE.set(buf, size, v);
    } else {
      I32_LE.set(buf, size, v);
    }
    size += 4;
    return this;
  }

  public BinaryWriter i64(long v) {
    ensure(8);
    if (bigEndian) {
      I64_BE.set(buf, size, v);
    } else {
      I64_LE.set(buf, size, v);
    }
    size += 8;
    return this;
  }

  /** Raw bits, not canonical NaN: replay must reproduce the exact recorded numbers. */
  public BinaryWriter f64(double v) {
    return i64(Double.doubleToRawLongBits(v));
  }

  public BinaryWriter bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  public BinaryWriter bytes(byte[] b, int from, int length) {
    ensure(length);
    System.arraycopy(b, from, buf, size, length);
    size += length;
    return this;
  }

  /** Appends {@code n} zero bytes (the buffer is append-only, so unwritten bytes are zero). */
  public BinaryWriter zeros(int n) {
    ensure(n);
    size += n;
    return this;
  }

  /**
   * Writes {@code b}'s length in {@code prefixBytes} (1, 2 or 4) bytes, then {@code b}.
   *
   * @throws IllegalArgumentException if the length does not fit the prefix
   */
  public BinaryWriter prefixed(int prefixBytes, byte[] b) {
    int n = b.length;
    switch (prefixBytes) {
      case 1:
        checkFits(n, 0xff);
        u8(n);
        break;
      case 2:
        checkFits(n, 0xffff);
        u16(n);
        break;
      case 4:
        i32(n);
        break;
      default:
        throw new IllegalArgumentException(
            "a length prefix has 1, 2 or 4 bytes, not " + prefixBytes);
    }
    return bytes(b);
  }

  private static void checkFits(int n, int max) {
    if (n > max) {
      throw new IllegalArgumentException(
          "a field of "
              + n
              + " bytes does not fit its length prefix (at most "
              + max
              + "); shorten it");
    }
  }

  /** Bytes written so far. */
  public int size() {
    return size;
  }

  /** A copy of the bytes written; the writer stays usable. */
  public byte[] toByteArray() {
    checkNotFinished();
    return Arrays.copyOf(buf, size);
  }

  /**
   * The bytes written, without a copy when they fill the buffer exactly (see {@link #of}); the
   * writer accepts no more calls afterwards.
   */
  public byte[] finish() {
    checkNotFinished();
    byte[] out = size == buf.length ? buf : Arrays.copyOf(buf, size);
    buf = FINISHED;
    return out;
  }

  private void checkNotFinished() {
    if (buf == FINISHED) {
      throw new IllegalStateException("the writer was finished; start a new one");
    }
  }

  @Override
  public String toString() {
    return "BinaryWriter{size=" + size + "}";
  }
}
