package org.trustbeat.attestation.internal;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A strict reader of definite-length DER over untrusted bytes, enough for the Intel SGX PCK
 * certificate extension: single-byte tags, lengths of at most four bytes, every element inside its
 * parent. Malformed input raises {@link DerException}, never an unchecked exception.
 */
final class DerReader {
  static final int INTEGER = 0x02;
  static final int OCTET_STRING = 0x04;
  static final int OID = 0x06;
  static final int ENUMERATED = 0x0a;
  static final int SEQUENCE = 0x30;

  /** Malformed DER; the message names what was being read. */
  static final class DerException extends Exception {
    private static final long serialVersionUID = 1L;

    DerException(String message) {
      super(message);
    }
  }

  /** One element: its tag and where its content lies in the underlying bytes. */
  static final class Element {
    final int tag;
    private final byte[] data;
    private final int from;
    private final int to;

    private Element(int tag, byte[] data, int from, int to) {
      this.tag = tag;
      this.data = data;
      this.from = from;
      this.to = to;
    }

    byte[] content() {
      return Arrays.copyOfRange(data, from, to);
    }

    int length() {
      return to - from;
    }

    /** A reader over the content, for constructed elements. */
    DerReader children() {
      return new DerReader(data, from, to);
    }
  }

  private final byte[] data;
  private final int end;
  private int position;

  DerReader(byte[] data) {
    this(data, 0, data.length);
  }

  private DerReader(byte[] data, int from, int to) {
    this.data = data;
    this.position = from;
    this.end = to;
  }

  boolean hasMore() {
    return position < end;
  }

  Element next(String what) throws DerException {
    if (end - position < 2) {
      throw new DerException(what + ": truncated element header");
    }
    int tag = data[position] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new DerException(what + ": multi-byte tags are not used in SGX extensions");
    }
    int first = data[position + 1] & 0xff;
    int p = position + 2;
    long length;
    if (first < 0x80) {
      length = first;
    } else {
      int n = first & 0x7f;
      if (n == 0 || n > 4) {
        throw new DerException(what + ": indefinite or oversized length");
      }
      if (end - p < n) {
        throw new DerException(what + ": truncated length");
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (data[p + i] & 0xff);
      }
      p += n;
    }
    if (length > end - p) {
      throw new DerException(what + ": content runs past its enclosing element");
    }
    position = p + (int) length;
    return new Element(tag, data, p, position);
  }

  /** The next element, which must carry {@code tag}. */
  Element next(int tag, String what) throws DerException {
    Element e = next(what);
    if (e.tag != tag) {
      throw new DerException(
          String.format("%s: tag 0x%02x where 0x%02x was expected", what, e.tag, tag));
    }
    return e;
  }

  void requireEnd(String what) throws DerException {
    if (position != end) {
      throw new DerException(what + ": " + (end - position) + " unexpected trailing bytes");
    }
  }

  /** Dotted form of an OBJECT IDENTIFIER's content. */
  static String oid(Element e, String what) throws DerException {
    if (e.tag != OID || e.length() == 0 || e.length() > 64) {
      throw new DerException(what + ": not an object identifier");
    }
    byte[] c = e.content();
    StringBuilder sb = new StringBuilder();
    long arc = 0;
    boolean first = true;
    for (int i = 0; i < c.length; i++) {
      if (arc == 0 && (c[i] & 0xff) == 0x80) {
        throw new DerException(what + ": non-minimal object identifier arc");
      }
      arc = (arc << 7) | (c[i] & 0x7f);
      if (arc > 0xffff_ffffL) {
        throw new DerException(what + ": object identifier arc too large");
      }
      if ((c[i] & 0x80) == 0) {
        if (first) {
          long top = Math.min(arc / 40, 2);
          sb.append(top).append('.').append(arc - 40 * top);
          first = false;
        } else {
          sb.append('.').append(arc);
        }
        arc = 0;
      } else if (i == c.length - 1) {
        throw new DerException(what + ": truncated object identifier");
      }
    }
    return sb.toString();
  }

  /** A non-negative INTEGER or ENUMERATED at most {@code max}. */
  static int smallUnsigned(Element e, int tag, int max, String what) throws DerException {
    if (e.tag != tag || e.length() == 0 || e.length() > 5) {
      throw new DerException(what + ": not a small integer");
    }
    BigInteger value = new BigInteger(e.content());
    if (value.signum() < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw new DerException(what + " is " + value + ", outside 0.." + max);
    }
    return value.intValue();
  }

  /** An OCTET STRING of exactly {@code length} bytes. */
  static byte[] octets(Element e, int length, String what) throws DerException {
    if (e.tag != OCTET_STRING || e.length() != length) {
      throw new DerException(what + ": not an octet string of " + length + " bytes");
    }
    return e.content();
  }
}
