package org.trustbeat.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ByteWriterTest {
  @Test
  void writesBigEndian_andGrowsPastItsInitialCapacity() {
    ByteWriter w = new ByteWriter(1);
    w.writeByte(0xab).writeInt(0x01020304).writeLong(-1L).writeShortText(new byte[] {'h', 'i'});
    w.writeLengthPrefixed(new byte[] {9});
    assertEquals(
        "ab01020304ffffffffffffffff02686900000001" + "09",
        HexFormat.of().formatHex(w.toByteArray()));
    assertEquals(21, w.size());
  }

  @Test
  void writeDouble_keepsTheExactBits() {
    double value = Math.nextUp(1.0);
    byte[] bytes = new ByteWriter(8).writeDouble(value).toByteArray();
    assertEquals("3ff0000000000001", HexFormat.of().formatHex(bytes));
  }
}
