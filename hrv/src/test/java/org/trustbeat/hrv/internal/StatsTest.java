package org.trustbeat.hrv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void sampleStd_usesTheNMinusOneDivisor() {
    assertEquals(Math.sqrt(2.5), Stats.sampleStd(new double[] {1, 2, 3, 4, 5}), 1e-15);
    assertTrue(Double.isNaN(Stats.sampleStd(new double[] {1})));
  }

  @Test
  void median_ofAnEvenCount_isTheMeanOfTheMiddleTwo() {
    assertEquals(2.5, Stats.median(new double[] {4, 1, 3, 2}, 4), 0);
    assertEquals(3.0, Stats.median(new double[] {5, 1, 3}, 3), 0);
  }

  @Test
  void slope_isTheLeastSquaresFit() {
    assertEquals(2.0, Stats.slope(new double[] {0, 1, 2, 3}, new double[] {1, 3, 5, 7}), 1e-15);
  }
}
