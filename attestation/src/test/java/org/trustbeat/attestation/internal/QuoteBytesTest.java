package org.trustbeat.attestation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.QuoteFailure;
import org.trustbeat.attestation.QuoteVerificationException;
import org.trustbeat.codec.BinaryReader;

/** The quote reader's conventions (formerly ByteReaderTest): little-endian, MALFORMED errors. */
class QuoteBytesTest {
  @Test
  void readsLittleEndianUnsignedValues() throws Exception {
    BinaryReader<QuoteVerificationException> r =
        QuoteBytes.reader(
            new byte[] {0x34, 0x12, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, "t");
    assertEquals(0x1234, r.u16("a"));
    assertEquals(0xffffffffL, r.u32("b"));
    assertEquals(0, r.remaining());
  }

  @Test
  void readPastTheEnd_isMalformedNamingFieldAndOffset() throws Exception {
    BinaryReader<QuoteVerificationException> r = QuoteBytes.reader(new byte[5], "quote");
    r.u32("first");
    QuoteVerificationException e =
        assertThrows(QuoteVerificationException.class, () -> r.u16("second"));
    assertEquals(QuoteFailure.MALFORMED, e.failure());
    assertTrue(
        e.getMessage().contains("second at offset 4 needs 2 bytes but only 1 remain"),
        e.getMessage());
  }

  @Test
  void hostileLengths_neverThrowUnchecked() {
    BinaryReader<QuoteVerificationException> r = QuoteBytes.reader(new byte[8], "quote");
    assertThrows(QuoteVerificationException.class, () -> r.bytes(0xffffffffL, "huge"));
    assertThrows(QuoteVerificationException.class, () -> r.slice(-1, "negative"));
  }

  @Test
  void sliceIsBoundedToItsLength() throws Exception {
    BinaryReader<QuoteVerificationException> r = QuoteBytes.reader(new byte[8], "quote");
    BinaryReader<QuoteVerificationException> inner = r.slice(3, "inner");
    assertEquals(5, r.remaining());
    assertThrows(QuoteVerificationException.class, () -> inner.u32("x"));
  }

  @Test
  void trailingBytes_areReported() {
    assertThrows(
        QuoteVerificationException.class,
        () -> QuoteBytes.reader(new byte[1], "q").expectEnd("end"));
  }
}
