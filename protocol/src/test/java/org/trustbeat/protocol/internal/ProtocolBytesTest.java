package org.trustbeat.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;

/** The protocol's reading and writing conventions (formerly ByteReaderTest and ByteWriterTest). */
class ProtocolBytesTest {
  @Test
  void readsBigEndianValues() throws Exception {
    byte[] bytes = ProtocolBytes.writer(0).u8(0xff).i32(-2).i64(1L << 40).f64(0.1).toByteArray();
    BinaryReader<MalformedEnvelopeException> r = ProtocolBytes.reader(bytes, "test");
    assertEquals(255, r.u8("a"));
    assertEquals(-2, r.i32("b"));
    assertEquals(1L << 40, r.i64("c"));
    assertEquals(0.1, r.f64("d"));
    r.expectEnd("end");
  }

  @Test
  void shortInput_isTruncatedNamingFieldAndOffset() {
    BinaryReader<MalformedEnvelopeException> r =
        ProtocolBytes.reader(new byte[] {1, 2, 3}, "thing");
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> r.i32("x.count"));
    assertEquals(Reason.TRUNCATED, e.reason());
    assertEquals("x.count", e.field());
    assertEquals(0, e.offset());
    assertTrue(e.getMessage().contains("thing was cut short"));
  }

  @Test
  void lengthPrefix_isBoundedByMaxAndRemaining() throws Exception {
    byte[] tooLong = ProtocolBytes.writer(0).i32(100).bytes(new byte[4]).toByteArray();
    assertEquals(
        Reason.TOO_LARGE,
        assertThrows(
                MalformedEnvelopeException.class,
                () -> ProtocolBytes.lengthPrefixed(ProtocolBytes.reader(tooLong, "t"), 10, "f"))
            .reason());
    assertEquals(
        Reason.TRUNCATED,
        assertThrows(
                MalformedEnvelopeException.class,
                () -> ProtocolBytes.lengthPrefixed(ProtocolBytes.reader(tooLong, "t"), 1000, "f"))
            .reason());
    byte[] ok = ProtocolBytes.writer(0).prefixed(4, new byte[] {7, 8}).toByteArray();
    assertArrayEquals(
        new byte[] {7, 8}, ProtocolBytes.lengthPrefixed(ProtocolBytes.reader(ok, "t"), 2, "f"));
  }

  @Test
  void text_isCheckedByItsRule() throws Exception {
    byte[] good = ProtocolBytes.writer(0).prefixed(1, "p-1".getBytes()).toByteArray();
    assertEquals(
        "p-1", ProtocolBytes.text(ProtocolBytes.reader(good, "t"), TextRule.PSEUDONYM, "p"));
    byte[] bad = ProtocolBytes.writer(0).prefixed(1, "p 1".getBytes()).toByteArray();
    assertEquals(
        Reason.INVALID_FIELD,
        assertThrows(
                MalformedEnvelopeException.class,
                () -> ProtocolBytes.text(ProtocolBytes.reader(bad, "t"), TextRule.PSEUDONYM, "p"))
            .reason());
  }

  @Test
  void magicVersionAndEnd_areChecked() {
    byte[] bytes = {'X', 'Y', 2, 0};
    assertEquals(
        Reason.BAD_MAGIC,
        assertThrows(
                MalformedEnvelopeException.class,
                () ->
                    ProtocolBytes.expectMagic(
                        ProtocolBytes.reader(bytes, "t"), (byte) 'T', (byte) 'C', "m"))
            .reason());
    BinaryReader<MalformedEnvelopeException> r = ProtocolBytes.reader(bytes, "t");
    assertEquals(
        Reason.UNSUPPORTED_VERSION,
        assertThrows(
                MalformedEnvelopeException.class,
                () -> {
                  ProtocolBytes.expectMagic(r, (byte) 'X', (byte) 'Y', "m");
                  ProtocolBytes.expectVersion(r, 1, "v");
                })
            .reason());
    assertEquals(
        Reason.TRAILING_BYTES,
        assertThrows(MalformedEnvelopeException.class, () -> r.expectEnd("end")).reason());
  }

  @Test
  void writesBigEndian_andGrowsPastItsInitialCapacity() {
    BinaryWriter w = ProtocolBytes.writer(1);
    w.u8(0xab).i32(0x01020304).i64(-1L).prefixed(1, new byte[] {'h', 'i'});
    w.prefixed(4, new byte[] {9});
    assertEquals(
        "ab01020304ffffffffffffffff02686900000001" + "09",
        HexFormat.of().formatHex(w.toByteArray()));
    assertEquals(21, w.size());
  }

  @Test
  void writeDouble_keepsTheExactBits() {
    double value = Math.nextUp(1.0);
    byte[] bytes = ProtocolBytes.writer(8).f64(value).toByteArray();
    assertEquals("3ff0000000000001", HexFormat.of().formatHex(bytes));
  }
}
