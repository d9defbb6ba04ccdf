package org.trustbeat.protocol.internal;

import java.util.Arrays;

/** Big-endian, growable writer for the wire formats; the mirror of {@link ByteReader}. */
public final class ByteWriter {
  private byte[] buf;
  private int size;

  public ByteWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public ByteWriter writeByte(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  public ByteWriter writeInt(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public ByteWriter writeLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
    return this;
  }

  public ByteWriter writeDouble(double v) {
    // Raw bits, not canonical NaN: replay must reproduce the exact recorded numbers.
    return writeLong(Double.doubleToRawLongBits(v));
  }

  public ByteWriter writeBytes(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
    return this;
  }

  /** Appends {@code n} zero bytes (the buffer is never reused, so unwritten bytes are zero). */
  public ByteWriter writeZeros(int n) {
    ensure(n);
    size += n;
    return this;
  }

  public ByteWriter writeLengthPrefixed(byte[] bytes) {
    return writeInt(bytes.length).writeBytes(bytes);
  }

  /** Writes a 1-byte length then the bytes; the caller has validated the text's rule. */
  public ByteWriter writeShortText(byte[] ascii) {
    return writeByte(ascii.length).writeBytes(ascii);
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
