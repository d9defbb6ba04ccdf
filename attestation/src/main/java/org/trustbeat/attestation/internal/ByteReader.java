package org.trustbeat.attestation.internal;

import org.trustbeat.attestation.QuoteFailure;
import org.trustbeat.attestation.QuoteVerificationException;

/**
 * Little-endian reader over untrusted bytes. Every read is bounds-checked up front so that a hostile
 * length field becomes a {@link QuoteFailure#MALFORMED} naming the field and offset, never an
 * unchecked exception.
 */
public final class ByteReader {
  private final byte[] data;
  private final int end;
  private final String context;
  private int position;

  /** Reads {@code data[from, to)}; offsets in messages are relative to {@code data}. */
  public ByteReader(byte[] data, int from, int to, String context) {
    if (from < 0 || to > data.length || from > to) {
      throw new IllegalArgumentException("range [" + from + ", " + to + ") outside " + data.length + " bytes");
    }
    this.data = data;
    this.position = from;
    this.end = to;
    this.context = context;
  }

  public ByteReader(byte[] data, String context) {
    this(data, 0, data.length, context);
  }

  public int position() {
    return position;
  }

  public int remaining() {
    return end - position;
  }

  private void require(long length, String field) throws QuoteVerificationException {
    if (length < 0 || length > remaining()) {
      throw new QuoteVerificationException(
          QuoteFailure.MALFORMED,
          context + " is truncated: " + field + " at offset " + position + " needs " + length
              + " bytes but only " + remaining() + " remain; pass the complete quote as produced by"
              + " the quoting library");
    }
  }

  public int u16(String field) throws QuoteVerificationException {
    require(2, field);
    int value = (data[position] & 0xff) | (data[position + 1] & 0xff) << 8;
    position += 2;
    return value;
  }

  /** Returned as a long because the field is unsigned and callers must bound it before use. */
  public long u32(String field) throws QuoteVerificationException {
    require(4, field);
    long value = (data[position] & 0xffL)
        | (data[position + 1] & 0xffL) << 8
        | (data[position + 2] & 0xffL) << 16
        | (data[position + 3] & 0xffL) << 24;
    position += 4;
    return value;
  }

  public byte[] bytes(long length, String field) throws QuoteVerificationException {
    require(length, field);
    int n = (int) length;
    byte[] out = new byte[n];
    System.arraycopy(data, position, out, 0, n);
    position += n;
    return out;
  }

  /** A reader over the next {@code length} bytes, advancing this reader past them. */
  public ByteReader slice(long length, String field) throws QuoteVerificationException {
    require(length, field);
    ByteReader inner = new ByteReader(data, position, position + (int) length, field);
    position += (int) length;
    return inner;
  }

  public void requireFullyRead() throws QuoteVerificationException {
    if (remaining() != 0) {
      throw new QuoteVerificationException(
          QuoteFailure.MALFORMED,
          context + " has " + remaining() + " unexpected trailing bytes at offset " + position
              + "; a length field is wrong or data was appended after the quote");
    }
  }
}
