package org.trustbeat.hrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HrvJobTest {
  @Test
  void byName_acceptsThePapersJobNames() {
    assertEquals(HrvJob.IDENTITY, HrvJob.byName("identity"));
    assertEquals(HrvJob.SDNN, HrvJob.byName("sdnn"));
    assertEquals(HrvJob.HRV_BANDS, HrvJob.byName("hrv-bands"));
    assertEquals(HrvJob.HRV, HrvJob.byName("HRV"));
  }

  @Test
  void unknownName_isRefusedWithTheValidNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> HrvJob.byName("fft"));
    assertTrue(e.getMessage().contains("hrv-bands"), e.getMessage());
  }
}
