package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HrvPlotTest {
  @Test
  void timeAxis_readsAsHoursAndMinutes() {
    assertEquals("0:00", HrvPlot.hoursMinutes(0));
    assertEquals("0:06", HrvPlot.hoursMinutes(0.1));
    assertEquals("1:30", HrvPlot.hoursMinutes(1.5));
    assertEquals("24:00", HrvPlot.hoursMinutes(23.9999));
  }
}
