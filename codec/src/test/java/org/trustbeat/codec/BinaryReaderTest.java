package org.trustbeat.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BinaryReaderTest {
  /** Records what the reader reported, so tests can check every argument. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message);
    }
  }

  static final BinaryErrors<Malformed> ERRORS =
      new BinaryErrors<>() {
        @Override
        public Malformed truncated(
            String subject, String field, int offset, long needed, int remaining) {
          return new Malformed(
              "truncated "
                  + subject
                  + " "
                  + field
                  + " @"
                  + offset
                  + " "
                  + needed
                  + "/"
                  + remaining);
        }

        @Override
        public Malformed outOfRange(
            String subject, String field, int offset, long value, long min, long max) {
          return new Malformed(
              "range " + subject + " " + field + " @" + offset + " " + value + " [" + min + ", "
                  + max + "]");
        }

        @Override
        public Malformed trailing(String subject, String field, int offset, int remaining) {
          return new Malformed(
              "trailing " + subject + " " + field + " @" + offset + " " + remaining);
        }
      };

  private static BinaryReader<Malformed> reader(String hex, ByteOrder order) {
    return BinaryReader.of(HexFormat.of().parseHex(hex), order, "thing", ERRORS);
  }

  @Test
  void readsBigEndianFields() throws Exception {
    BinaryReader<Malformed> r =
        reader(
            "ff" + "0102" + "fffffffe" + "0000010000000000" + "3fb999999999999a",
            ByteOrder.BIG_ENDIAN);
    assertEquals(ByteOrder.BIG_ENDIAN, r.order());
    assertEquals(255, r.u8("a"));
    assertEquals(0x0102, r.u16("b"));
    assertEquals(-2, r.i32("c"));
    assertEquals(1L << 40, r.i64("d"));
    assertEquals(0.1, r.f64("e"));
    r.expectEnd("end");
  }

  @Test
  void readsLittleEndianUnsignedFields() throws Exception {
    BinaryReader<Malformed> r =
        reader("3412" + "ffffffff" + "0100000000000080", ByteOrder.LITTLE_ENDIAN);
    assertEquals(0x1234, r.u16("a"));
    assertEquals(0xffffffffL, r.u32("b"));
    assertEquals(Long.MIN_VALUE + 1, r.i64("c"));
    assertEquals(0, r.remaining());
  }

  @Test
  void shortInput_isTruncatedNamingSubjectFieldAndOffset() throws Exception {
    BinaryReader<Malformed> r = reader("0102030405", ByteOrder.BIG_ENDIAN);
    r.i32("first");
    Malformed e = assertThrows(Malformed.class, () -> r.u16("second"));
    assertEquals("truncated thing second @4 2/1", e.getMessage());
    assertEquals(4, r.position(), "a failed read consumes nothing");
  }

  @Test
  void hostileLengths_failBeforeAllocating() {
    BinaryReader<Malformed> r = reader("0000000000000000", ByteOrder.BIG_ENDIAN);
    assertEquals(
        "truncated thing huge @0 4294967295/8",
        assertThrows(Malformed.class, () -> r.bytes(0xffffffffL, "huge")).getMessage());
    assertEquals(
        "truncated thing negative @0 -1/8",
        assertThrows(Malformed.class, () -> r.slice(-1, "negative")).getMessage());
    assertThrows(Malformed.class, () -> r.skip(9, "skip"));
    assertThrows(Malformed.class, () -> r.text(-5, StandardCharsets.UTF_8, "text"));
  }

  @Test
  void length_isCheckedAgainstItsBoundsThenWhatRemains() throws Exception {
    byte[] tooLong = HexFormat.of().parseHex("00000064" + "00000000");
    assertEquals(
        "range thing f @0 100 [0, 10]",
        assertThrows(
                Malformed.class,
                () ->
                    BinaryReader.of(tooLong, ByteOrder.BIG_ENDIAN, "thing", ERRORS)
                        .prefixed(4, 0, 10, "f"))
            .getMessage());
    assertEquals(
        "truncated thing f @4 100/4",
        assertThrows(
                Malformed.class,
                () ->
                    BinaryReader.of(tooLong, ByteOrder.BIG_ENDIAN, "thing", ERRORS)
                        .prefixed(4, 0, 1000, "f"))
            .getMessage());
    assertEquals(
        "range thing n @0 0 [1, 5]",
        assertThrows(Malformed.class, () -> reader("00", ByteOrder.BIG_ENDIAN).length(1, 1, 5, "n"))
            .getMessage());
    assertEquals(
        4294967295L + " [0, " + Integer.MAX_VALUE + "]",
        assertThrows(
                Malformed.class,
                () -> reader("ffffffff", ByteOrder.BIG_ENDIAN).length(4, 0, Integer.MAX_VALUE, "n"))
            .getMessage()
            .substring("range thing n @0 ".length()));
    assertArrayEquals(
        new byte[] {7, 8}, reader("0200" + "0708", ByteOrder.LITTLE_ENDIAN).prefixed(2, 0, 2, "f"));
    assertThrows(
        IllegalArgumentException.class,
        () -> reader("00", ByteOrder.BIG_ENDIAN).length(3, 0, 1, "n"));
  }

  @Test
  void slice_isBoundedToItsLength_andReportsOffsetsInTheWholeInput() throws Exception {
    BinaryReader<Malformed> r = reader("0102030405060708", ByteOrder.BIG_ENDIAN);
    r.u8("skip");
    BinaryReader<Malformed> inner = r.slice(3, "inner");
    assertEquals(4, r.remaining());
    assertEquals("inner", inner.subject());
    assertEquals(0x0203, inner.u16("x"));
    assertEquals(
        "truncated inner y @3 2/1",
        assertThrows(Malformed.class, () -> inner.u16("y")).getMessage());
    assertEquals(
        "trailing inner end @3 1",
        assertThrows(Malformed.class, () -> inner.expectEnd("end")).getMessage());
  }

  @Test
  void matches_consumesOnlyAnEqualPrefix() throws Exception {
    BinaryReader<Malformed> r = reader("5442" + "00", ByteOrder.BIG_ENDIAN);
    assertFalse(r.matches(new byte[] {'T', 'C'}, "magic"));
    assertEquals(0, r.position());
    assertTrue(r.matches(new byte[] {'T', 'B'}, "magic"));
    assertEquals(2, r.position());
    assertThrows(Malformed.class, () -> r.matches(new byte[] {0, 0}, "magic"));
  }

  @Test
  void peekTextAndRange() throws Exception {
    byte[] data = HexFormat.of().parseHex("ff" + "68c3a9" + "ee");
    BinaryReader<Malformed> r = BinaryReader.of(data, 1, 4, ByteOrder.BIG_ENDIAN, "t", ERRORS);
    assertEquals(1, r.position());
    assertEquals(0x68, r.peekU8());
    assertEquals("h\u00e9", r.text(3, StandardCharsets.UTF_8, "text"));
    assertEquals(-1, r.peekU8());
    r.expectEnd("end");
    assertThrows(
        IllegalArgumentException.class,
        () -> BinaryReader.of(data, 3, 6, ByteOrder.BIG_ENDIAN, "t", ERRORS));
  }

  @Test
  void toString_showsPositionsNotContent() throws Exception {
    BinaryReader<Malformed> r = reader("abcd", ByteOrder.BIG_ENDIAN);
    r.u8("a");
    assertEquals("BinaryReader{thing, position=1, remaining=1}", r.toString());
  }
}
