package org.trustbeat.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;

class ByteReaderTest {
  @Test
  void readsBigEndianValues() throws Exception {
    byte[] bytes =
        new ByteWriter(0).writeByte(0xff).writeInt(-2).writeLong(1L << 40).writeDouble(0.1)
            .toByteArray();
    ByteReader r = new ByteReader(bytes, "test");
    assertEquals(255, r.readUnsignedByte("a"));
    assertEquals(-2, r.readInt("b"));
    assertEquals(1L << 40, r.readLong("c"));
    assertEquals(0.1, r.readDouble("d"));
    r.expectEnd("end");
  }

  @Test
  void shortInput_isTruncatedNamingFieldAndOffset() {
    ByteReader r = new ByteReader(new byte[] {1, 2, 3}, "thing");
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> r.readInt("x.count"));
    assertEquals(Reason.TRUNCATED, e.reason());
    assertEquals("x.count", e.field());
    assertEquals(0, e.offset());
    assertTrue(e.getMessage().contains("thing was cut short"));
  }

  @Test
  void lengthPrefix_isBoundedByMaxAndRemaining() throws Exception {
    byte[] tooLong = new ByteWriter(0).writeInt(100).writeBytes(new byte[4]).toByteArray();
    assertEquals(
        Reason.TOO_LARGE,
        assertThrows(
                MalformedEnvelopeException.class,
                () -> new ByteReader(tooLong, "t").readLengthPrefixed(10, "f"))
            .reason());
    assertEquals(
        Reason.TRUNCATED,
        assertThrows(
                MalformedEnvelopeException.class,
                () -> new ByteReader(tooLong, "t").readLengthPrefixed(1000, "f"))
            .reason());
    byte[] ok = new ByteWriter(0).writeLengthPrefixed(new byte[] {7, 8}).toByteArray();
    assertArrayEquals(new byte[] {7, 8}, new ByteReader(ok, "t").readLengthPrefixed(2, "f"));
  }

  @Test
  void text_isCheckedByItsRule() throws Exception {
    byte[] good = new ByteWriter(0).writeShortText("p-1".getBytes()).toByteArray();
    assertEquals("p-1", new ByteReader(good, "t").readText(TextRule.PSEUDONYM, "p"));
    byte[] bad = new ByteWriter(0).writeShortText("p 1".getBytes()).toByteArray();
    assertEquals(
        Reason.INVALID_FIELD,
        assertThrows(
                MalformedEnvelopeException.class,
                () -> new ByteReader(bad, "t").readText(TextRule.PSEUDONYM, "p"))
            .reason());
  }

  @Test
  void magicVersionAndEnd_areChecked() {
    byte[] bytes = {'X', 'Y', 2, 0};
    assertEquals(
        Reason.BAD_MAGIC,
        assertThrows(
                MalformedEnvelopeException.class,
                () -> new ByteReader(bytes, "t").expectMagic((byte) 'T', (byte) 'C', "m"))
            .reason());
    ByteReader r = new ByteReader(bytes, "t");
    assertEquals(
        Reason.UNSUPPORTED_VERSION,
        assertThrows(
                MalformedEnvelopeException.class,
                () -> {
                  r.expectMagic((byte) 'X', (byte) 'Y', "m");
                  r.expectVersion(1, "v");
                })
            .reason());
    assertEquals(
        Reason.TRAILING_BYTES,
        assertThrows(MalformedEnvelopeException.class, () -> r.expectEnd("end")).reason());
  }
}
