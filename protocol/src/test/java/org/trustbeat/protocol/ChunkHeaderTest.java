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
  static ChunkHeader.Builder valid() {
    return ChunkHeader.builder()
        .setPatient("p1")
        .setSequenceNumber(7)
        .setTimeRange(1000, 2000)
        .setKeyId(0x01020304);
  }

  @Test
  void toBytes_followsTheDocumentedLayout() throws Exception {
    String expected =
        "5443" // 'T' 'C'
            + "01" // version
            + "02" + "7031" // "p1"
            + "0000000000000007" // seq
            + "00000000000003e8" // start
            + "00000000000007d0" // end
            + "01020304"; // key id
    assertEquals(expected, HexFormat.of().formatHex(valid().build().toBytes()));
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
  void startAfterEnd_isRejected() {
    assertThrows(GeneralSecurityException.class, () -> valid().setTimeRange(5, 4).build());
  }

  @Test
  void negativeOrFarFutureTime_isRejected() {
    assertThrows(GeneralSecurityException.class, () -> valid().setTimeRange(-1, 4).build());
    assertThrows(
        GeneralSecurityException.class, () -> valid().setTimeRange(0, Long.MAX_VALUE).build());
  }

  @Test
  void missingFields_areRejected() {
    assertThrows(
        GeneralSecurityException.class, () -> ChunkHeader.builder().setPatient("p").build());
    assertThrows(
        GeneralSecurityException.class,
        () ->
            ChunkHeader.builder()
                .setPatient("p")
                .setSequenceNumber(0)
                .setTimeRange(0, 0)
                .build());
  }

  @Test
  void toString_showsRoutingFields() throws Exception {
    assertEquals(
        "ChunkHeader{patient=p1, seq=7, range=[1000, 2000], keyId=16909060}",
        valid().build().toString());
  }
}
