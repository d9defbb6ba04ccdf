package org.trustbeat.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadTest {
  @Test
  void sizes_countSixteenBytesPerSample_inBinaryUnits() {
    assertEquals(64, Load.parse("1kB").samples());
    assertEquals(2048, Load.parse("32kB").samples());
    assertEquals(65_536, Load.parse("1MB").samples());
    assertEquals(32L << 20, Load.parse("32 MB").bytes());
    assertEquals(4L << 20, Load.parse("4mb/s").bytes());
    assertEquals(2048, Load.parse("2048").bytes());
  }

  @Test
  void labels_areThePapersUnits() {
    assertEquals("32 kB", Load.kb(32).label());
    assertEquals("1 MB", Load.mb(1).label());
    assertEquals("1MB", Load.mb(1).token());
    assertEquals(12, Load.PAPER_TABLE.size());
  }

  @Test
  void badSize_isRefusedWithTheExpectedSyntax() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Load.parse("twelve parsecs"));
    assertTrue(e.getMessage().contains("1kB"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Load.parse("8"));
  }
}
