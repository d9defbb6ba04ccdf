package org.trustbeat.hrv.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SampleEntropyTest {
  @Test
  void gridCounts_equalTheDirectPairCounts() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 20; trial++) {
      int n = 10 + rnd.nextInt(400);
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        // values on a coarse grid produce many exact ties at distance r
        x[i] = 800 + 8 * Math.round(rnd.nextGaussian() * 5);
      }
      double r = 0.2 * Stats.sampleStd(x);
      assertArrayEquals(
          SampleEntropy.countDirect(x, r), SampleEntropy.count(x, r), "trial " + trial);
      assertArrayEquals(
          SampleEntropy.countDirect(x, 8.0), SampleEntropy.count(x, 8.0), "r on the value grid");
    }
  }

  @Test
  void handComputedSeries() {
    // x = 1,2,1,2,1,2,1,2,1,9 ; sdnn = 2.4585… so r = 0.4917: only equal values match.
    double[] x = {1, 2, 1, 2, 1, 2, 1, 2, 1, 9};
    // length-2 templates over i = 0..7: (1,2)×4 at even i, (2,1)×4 at odd i -> B = 6 + 6 = 12
    // length-3 templates over the same starts: (1,2,1)×4 at i = 0,2,4,6; (2,1,2)×3 at i = 1,3,5,
    // (2,1,9) at i = 7 -> A = 6 + 3 = 9
    assertArrayEquals(new long[] {9, 12}, SampleEntropy.count(x, 0.2 * Stats.sampleStd(x)));
    assertEquals(-Math.log(9.0 / 12.0), SampleEntropy.of(x), 1e-15);
  }

  @Test
  void constantSeries_matchesEverywhere_soEntropyIsZero() {
    double[] x = new double[50];
    java.util.Arrays.fill(x, 800);
    assertEquals(0.0, SampleEntropy.of(x), 0.0);
  }

  @Test
  void noMatches_giveNull() {
    double[] x = {1, 100, 10000, 5, 500, 50000, 7, 700, 70000, 3, 30};
    assertNull(SampleEntropy.of(x));
  }

  @Test
  void fewerThanTenValues_giveNull() {
    assertNull(SampleEntropy.of(new double[] {1, 2, 1, 2, 1, 2, 1, 2, 1}));
  }
}
