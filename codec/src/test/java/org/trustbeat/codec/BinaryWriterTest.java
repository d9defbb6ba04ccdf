package org.trustbeat.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BinaryWriterTest {
  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Test
  void writesBigEndian_andGrowsPastItsInitialCapacity() {
    BinaryWriter w = BinaryWriter.of(1, ByteOrder.BIG_ENDIAN);
    w.u8(0xab).u16(0x0102).i32(0x01020304).i64(-2L).prefixed(1, new byte[] {'h', 'i'});
    w.prefixed(2, new byte[] {9}).prefixed(4, new byte[] {8}).zeros(2);
    assertEquals(
        "ab"
            + "0102"
            + "01020304"
            + "fffffffffffffffe"
            + "026869"
            + "000109"
            + "0000000108"
            + "0000",
        hex(w.toByteArray()));
    assertEquals(28, w.size());
  }

  @Test
  void writesLittleEndian() {
    BinaryWriter w = BinaryWriter.of(0, ByteOrder.LITTLE_ENDIAN);
    w.u16(0x1234).i32(0x01020304).i64(1L).prefixed(2, new byte[] {7});
    assertEquals("3412" + "04030201" + "0100000000000000" + "010007", hex(w.toByteArray()));
    assertEquals(ByteOrder.LITTLE_ENDIAN, w.order());
  }

  @Test
  void f64_keepsTheExactBits() {
    double nan = Double.longBitsToDouble(0x7ff8000000000123L);
    BinaryWriter w = BinaryWriter.of(16, ByteOrder.BIG_ENDIAN).f64(Math.nextUp(1.0)).f64(nan);
    assertEquals("3ff0000000000001" + "7ff8000000000123", hex(w.toByteArray()));
  }

  @Test
  void prefixed_refusesALengthItsPrefixCannotHold() {
    BinaryWriter w = BinaryWriter.of(0, ByteOrder.BIG_ENDIAN);
    assertThrows(IllegalArgumentException.class, () -> w.prefixed(1, new byte[256]));
    assertThrows(IllegalArgumentException.class, () -> w.prefixed(2, new byte[65_536]));
    assertThrows(IllegalArgumentException.class, () -> w.prefixed(3, new byte[1]));
    assertEquals(0, w.size());
  }

  @Test
  void finish_handsOverAnExactBufferWithoutCopy_andEndsTheWriter() {
    BinaryWriter exact = BinaryWriter.of(4, ByteOrder.BIG_ENDIAN).i32(7);
    byte[] first = exact.finish();
    assertEquals("00000007", hex(first));
    assertThrows(IllegalStateException.class, () -> exact.u8(1));
    assertThrows(IllegalStateException.class, exact::toByteArray);
    assertThrows(IllegalStateException.class, exact::finish);
    BinaryWriter loose = BinaryWriter.of(64, ByteOrder.BIG_ENDIAN).i32(7);
    byte[] copy = loose.toByteArray();
    byte[] last = loose.finish();
    assertNotSame(copy, last);
    assertEquals("00000007", hex(last));
  }

  @Test
  void finish_onAnExactBuffer_returnsThatBuffer() {
    BinaryWriter w = BinaryWriter.of(3, ByteOrder.BIG_ENDIAN).u8(1);
    byte[] grown = w.u16(2).finish();
    assertEquals("010002", hex(grown));
    BinaryWriter empty = BinaryWriter.of(0, ByteOrder.BIG_ENDIAN);
    assertSame(empty.finish().getClass(), byte[].class);
  }
}
