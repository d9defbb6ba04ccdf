package org.trustbeat.hrv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The neighbour-median rule of HRV-SPEC version 2, section 2, on hand-made sequences. */
class RrCleanerTest {
  /** Cleans an RR sequence whose beat times are its cumulative sum, as for a plain RR file. */
  private static boolean[] clean(double... rrMs) {
    BeatSeries s = BeatSeries.fromRrMs(rrMs);
    return RrCleaner.accept(s.times(), s.rrMs());
  }

  private static double[] repeat(double value, int times) {
    double[] out = new double[times];
    Arrays.fill(out, value);
    return out;
  }

  private static double[] concat(double[]... parts) {
    return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
  }

  private static int rejected(boolean[] accepted) {
    int n = 0;
    for (boolean a : accepted) {
      n += a ? 0 : 1;
    }
    return n;
  }

  @Test
  void ectopicBeatAndItsCompensatoryPause_areBothRejected_andNothingElse() {
    boolean[] ok = clean(concat(repeat(800, 10), new double[] {560, 1040}, repeat(800, 10)));
    boolean[] expected = new boolean[22];
    Arrays.fill(expected, true);
    expected[10] = false; // premature: 30 % below the neighbours' median 800
    expected[11] = false; // compensatory pause: 30 % above it
    assertArrayEquals(expected, ok);
  }

  @Test
  void prematureBeatJustInsideTwentyPercent_doesNotMakeLaterBeatsRejected() {
    // Version 1 accepted 500 (−19.4 %), then compared every later 620 with it (+24 %) and
    // rejected the rest of the record: the nsr001 failure at t = 2494 s.
    boolean[] ok = clean(concat(repeat(620, 10), new double[] {500}, repeat(620, 200)));
    assertEquals(0, rejected(ok));
  }

  @Test
  void genuineThirtyPercentStep_isKept_onBothSides() {
    // At the step the neighbours are five of each rate, median 850: both sides are within 17.6 %.
    boolean[] ok = clean(concat(repeat(1000, 20), repeat(700, 40)));
    assertEquals(0, rejected(ok));
  }

  @Test
  void runOfOutOfRangeValues_isRejected_andIsNoNeighbourOfTheBeatsAroundIt() {
    boolean[] ok = clean(concat(repeat(800, 8), repeat(250, 6), repeat(2500, 6), repeat(800, 8)));
    for (int i = 0; i < ok.length; i++) {
      assertEquals(i < 8 || i >= 20, ok[i], "beat " + i);
    }
  }

  @Test
  void neighboursMoreThanThirtySecondsAway_areNotNeighbours() {
    // The beat at t = 100 s follows a 95-s gap: its five predecessors are too far away, so it has
    // no neighbour and is accepted although it is 50 % longer than they are.
    double[] t = {1, 2, 3, 4, 5, 100};
    double[] rr = {1000, 1000, 1000, 1000, 1000, 1500};
    assertTrue(RrCleaner.accept(t, rr)[5]);
    // One predecessor exactly 30 s before it is still a neighbour (the bound is inclusive).
    double[] near = {1, 2, 3, 4, 70, 100};
    assertFalse(RrCleaner.accept(near, rr)[5]);
  }

  @Test
  void onlyFiveNeighboursOnEachSide_count() {
    // Six 1500s right before 1000 would outvote it; only five of them are neighbours, against
    // five 1000s after it: median 1250, −20 % exactly, accepted.
    boolean[] ok =
        clean(concat(repeat(1000, 5), repeat(1500, 6), new double[] {1000}, repeat(1000, 5)));
    assertTrue(ok[11]);
  }

  @Test
  void evenNeighbourCount_usesTheMeanOfTheTwoMiddleValues() {
    // Two neighbours, 600 and 1000: the reference is 800 (not 600 or 1000).
    assertTrue(clean(600, 950, 1000)[1], "950 is 18.75 % from 800");
    assertFalse(clean(600, 970, 1000)[1], "970 is 21.25 % from 800");
  }

  @Test
  void changeOfExactlyTwentyPercent_isAccepted() {
    // Neighbours 800, 800: 960 is +20 % exactly, not more.
    assertTrue(clean(800, 960, 800)[1]);
    assertFalse(clean(800, 961, 800)[1]);
  }

  @Test
  void valuesOutsideThePhysiologicalRange_areRejected_boundsIncluded() {
    assertArrayEquals(new boolean[] {false, true, true, false}, clean(299.9, 300, 360, 2000.1));
    assertTrue(clean(2000)[0]);
  }

  @Test
  void nonFiniteValues_areRejected() {
    double[] t = {1, 2, 3, 4, 5};
    double[] rr = {800, Double.NaN, Double.POSITIVE_INFINITY, 810, Double.NEGATIVE_INFINITY};
    assertArrayEquals(new boolean[] {true, false, false, true, false}, RrCleaner.accept(t, rr));
  }

  @Test
  void aloneInterval_hasNoNeighbour_andIsAccepted() {
    assertArrayEquals(new boolean[] {true}, clean(1900));
  }

  @Test
  void recordingArtifactOnTheFirstLine_isRejectedByTheRangeRule() {
    // nsr*/chf* files start with the time before the first annotated beat (here 225.8 s).
    boolean[] ok = clean(225796.875, 695.3125, 710.9375);
    assertArrayEquals(new boolean[] {false, true, true}, ok);
  }

  @Test
  void decisionsDoNotDependOnEachOther_onlyOnRawValues() {
    // Whatever was decided about the 2000 (rejected), the 800s after it are judged on raw values.
    boolean[] withSpike = clean(concat(repeat(800, 6), new double[] {2000}, repeat(800, 6)));
    boolean[] withoutSpike = clean(concat(repeat(800, 6), new double[] {800}, repeat(800, 6)));
    for (int i = 7; i < withSpike.length; i++) {
      assertEquals(withoutSpike[i], withSpike[i], "beat " + i);
    }
  }

  @Test
  void everyDecision_equalsTheSpecsMedianRule_evenAtTheTwentyPercentEdges() {
    java.util.Random rnd = new java.util.Random(11);
    int n = 20_000;
    double[] t = new double[n];
    double[] rr = new double[n];
    double time = 0;
    for (int i = 0; i < n; i++) {
      double base = 800 + 200 * Math.sin(i / 500.0);
      double r = rnd.nextDouble();
      // Mostly ordinary beats; some exactly at, just inside and just outside 20 % of a
      // neighbour; some out of range; the odd 40-s gap.
      rr[i] =
          r < 0.70
              ? base * (1 + 0.05 * rnd.nextGaussian())
              : r < 0.80
                  ? rr[Math.max(0, i - 1)] * (rnd.nextBoolean() ? 1.2 : 0.8)
                  : r < 0.90
                      ? rr[Math.max(0, i - 1)]
                          * (rnd.nextBoolean() ? 1.2 : 0.8)
                          * (1 + 1e-12 * rnd.nextGaussian())
                      : r < 0.97
                          ? base * (0.5 + rnd.nextDouble())
                          : r < 0.99 ? 250 + 2000 * rnd.nextDouble() : Double.NaN;
      time += (r > 0.999 ? 40 : 0) + (Double.isNaN(rr[i]) ? 0.8 : Math.min(2, rr[i] / 1000));
      t[i] = time;
    }
    assertArrayEquals(specRule(t, rr), RrCleaner.accept(t, rr));
  }

  /** HRV-SPEC section 2, written out literally: sort the neighbours, take the median, compare. */
  private static boolean[] specRule(double[] t, double[] rr) {
    boolean[] out = new boolean[rr.length];
    for (int i = 0; i < rr.length; i++) {
      if (!(rr[i] >= 300 && rr[i] <= 2000)) {
        continue;
      }
      java.util.List<Double> nb = new java.util.ArrayList<>();
      for (int j = Math.max(0, i - 5); j <= Math.min(rr.length - 1, i + 5); j++) {
        if (j != i && rr[j] >= 300 && rr[j] <= 2000 && Math.abs(t[j] - t[i]) <= 30) {
          nb.add(rr[j]);
        }
      }
      if (nb.isEmpty()) {
        out[i] = true;
        continue;
      }
      java.util.Collections.sort(nb);
      int c = nb.size();
      double ref = c % 2 == 1 ? nb.get(c / 2) : (nb.get(c / 2 - 1) + nb.get(c / 2)) / 2.0;
      out[i] = !(Math.abs(rr[i] - ref) / ref > 0.20);
    }
    return out;
  }

  @Test
  void timesAndValuesOfDifferentLength_areRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> RrCleaner.accept(new double[] {1, 2}, new double[] {800}));
  }
}
