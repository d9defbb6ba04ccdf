package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EpochMillisTest {
  @Test
  void range_isFromTheEpochToTheEndOfYear9999() {
    assertTrue(EpochMillis.inRange(0));
    assertTrue(EpochMillis.inRange(253_402_300_799_999L));
    assertFalse(EpochMillis.inRange(253_402_300_800_000L));
    assertFalse(EpochMillis.inRange(-1));
  }

  @Test
  void maximum_isExactAsADouble_soSampleChecksDoNotRound() {
    assertTrue((double) EpochMillis.MAX == EpochMillis.MAX);
    assertTrue(EpochMillis.MAX < (1L << 53));
  }
}
