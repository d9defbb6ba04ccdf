package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ChunkHeaderTest {
  static ChunkSlot slot() {
    try {
      return ChunkSlot.of(1_700_000_000_000L, 10_000);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  static ChunkHeader.Builder valid() {
    return ChunkHeader.builder()
        .setPatient("p1")
        .setSequenceNumber(7)
        .setSlot(slot())
        .setKeyId(0x01020304);
  }

  @Test
  void toBytes_followsTheDocumentedLayout() throws Exception {
    String expected =
        "5443" // 'T' 'C'
            + "02" // version
            + "02"
            + "7031" // "p1"
            + "0000000000000007" // seq
            + "0000018bcfe56800" // slot start 1 700 000 000 000 ms
            + "00002710" // slot length 10 000 ms
            + "01020304"; // key id
    assertEquals(expected, HexFormat.of().formatHex(valid().build().toBytes()));
    assertEquals(28 + 2, valid().build().toBytes().length);
  }

  @Test
  void toBytes_returnsACopy() throws Exception {
    ChunkHeader header = valid().build();
    byte[] bytes = header.toBytes();
    bytes[0] = 0;
    assertArrayEquals(valid().build().toBytes(), header.toBytes());
  }

  @Test
  void equalHeaders_areEqual_andAnyFieldChangeDiffers() throws Exception {
    assertEquals(valid().build(), valid().build());
    assertEquals(valid().build().hashCode(), valid().build().hashCode());
    assertNotEquals(valid().build(), valid().setSequenceNumber(8).build());
  }

  @Test
  void invalidPatient_isRejectedNamingTheRule() {
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> valid().setPatient("a b").build());
    assertTrue(e.getMessage().contains("[A-Za-z0-9._-]"));
  }

  @Test
  void negativeSequenceNumber_isRejected() {
    assertThrows(GeneralSecurityException.class, () -> valid().setSequenceNumber(-1).build());
  }

  @Test
  void unalignedSlot_isRejectedNamingTheFix() {
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class, () -> ChunkSlot.of(1_700_000_000_125L, 10_000));
    assertTrue(e.getMessage().contains("not a multiple of the length"), e.getMessage());
    assertTrue(e.getMessage().contains("ChunkSlot.containing"), e.getMessage());
  }

  @Test
  void slotLengthOutOfBounds_isRejected() {
    assertThrows(GeneralSecurityException.class, () -> ChunkSlot.of(0, 999));
    assertThrows(GeneralSecurityException.class, () -> ChunkSlot.of(0, 0));
    assertThrows(GeneralSecurityException.class, () -> ChunkSlot.of(0, -10_000));
    assertThrows(GeneralSecurityException.class, () -> ChunkSlot.of(0, 86_400_001));
  }

  @Test
  void negativeOrFarFutureSlot_isRejected() {
    assertThrows(GeneralSecurityException.class, () -> ChunkSlot.of(-10_000, 10_000));
    assertThrows(GeneralSecurityException.class, () -> ChunkSlot.of(253_402_300_800_000L, 1_000));
    assertThrows(GeneralSecurityException.class, () -> ChunkSlot.containing(Double.NaN, 10_000));
    assertThrows(GeneralSecurityException.class, () -> ChunkSlot.containing(-0.5, 10_000));
  }

  @Test
  void slotContaining_agreesWithContains_atTheBounds() throws Exception {
    ChunkSlot s = ChunkSlot.containing(1_700_000_009.9999, 10_000);
    assertEquals(slot(), s);
    assertTrue(s.contains(1_700_000_000.0));
    assertTrue(s.contains(Math.nextDown(1_700_000_010.0)));
    assertTrue(!s.contains(1_700_000_010.0), "the end is exclusive");
    assertTrue(!s.contains(Math.nextDown(1_700_000_000.0)));
    assertEquals(1_700_000_010_000L, ChunkSlot.containing(1_700_000_010.0, 10_000).startMillis());
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < 10_000; i++) {
      double t = 1_700_000_000.0 + random.nextDouble() * 100;
      if (random.nextBoolean()) {
        t = Math.round(t * 10) / 10.0; // near a bound
      }
      ChunkSlot c = ChunkSlot.containing(t, 10_000);
      assertTrue(c.contains(t), "t=" + t + " slot=" + c);
    }
  }

  @Test
  void missingFields_areRejected() {
    assertThrows(
        GeneralSecurityException.class, () -> ChunkHeader.builder().setPatient("p").build());
    assertThrows(
        GeneralSecurityException.class,
        () -> ChunkHeader.builder().setPatient("p").setSequenceNumber(0).setSlot(slot()).build());
  }

  @Test
  void toString_showsRoutingFields() throws Exception {
    assertEquals(
        "ChunkHeader{patient=p1, seq=7, slot=[1700000000000, 1700000010000), keyId=16909060}",
        valid().build().toString());
  }
}
