package org.trustbeat.attestation.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Minimal DER encoder, enough to build test certificates and CRLs without extra dependencies. */
public final class Der {
  private Der() {}

  public static byte[] tlv(int tag, byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      body.writeBytes(part);
    }
    byte[] content = body.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n & 0xff);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  public static byte[] seq(byte[]... items) {
    return tlv(0x30, items);
  }

  public static byte[] set(byte[]... items) {
    return tlv(0x31, items);
  }

  public static byte[] integer(BigInteger value) {
    return tlv(0x02, value.toByteArray());
  }

  public static byte[] integer(long value) {
    return integer(BigInteger.valueOf(value));
  }

  public static byte[] bool(boolean value) {
    return tlv(0x01, new byte[] {(byte) (value ? 0xff : 0)});
  }

  public static byte[] utf8(String s) {
    return tlv(0x0c, s.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] octets(byte[] content) {
    return tlv(0x04, content);
  }

  public static byte[] bits(byte[] content) {
    byte[] withPad = new byte[content.length + 1];
    System.arraycopy(content, 0, withPad, 1, content.length);
    return tlv(0x03, withPad);
  }

  public static byte[] explicit(int tagNumber, byte[] content) {
    return tlv(0xa0 + tagNumber, content);
  }

  public static byte[] time(Instant t) {
    if (t.atZone(ZoneOffset.UTC).getYear() < 2050) {
      return tlv(
          0x17,
          DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
              .withZone(ZoneOffset.UTC)
              .format(t)
              .getBytes(StandardCharsets.US_ASCII));
    }
    return tlv(
        0x18,
        DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(t)
            .getBytes(StandardCharsets.US_ASCII));
  }

  public static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      long arc = Long.parseLong(arcs[i]);
      int groups = 1;
      for (long v = arc >> 7; v > 0; v >>= 7) {
        groups++;
      }
      for (int g = groups - 1; g >= 0; g--) {
        int b = (int) ((arc >> (7 * g)) & 0x7f);
        out.write(g == 0 ? b : b | 0x80);
      }
    }
    return tlv(0x06, out.toByteArray());
  }
}
