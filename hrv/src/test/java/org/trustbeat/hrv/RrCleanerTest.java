package org.trustbeat.hrv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class RrCleanerTest {
  @Test
  void valuesOutsideThePhysiologicalRange_areRejected() {
    boolean[] ok = RrCleaner.accept(new double[] {299.9, 300, 2000, 2000.1});
    // 2000 is accepted by range but is a 567 % jump from 300, so the change rule rejects it.
    assertArrayEquals(new boolean[] {false, true, false, false}, ok);
  }

  @Test
  void nonFiniteValues_areRejected() {
    boolean[] ok =
        RrCleaner.accept(new double[] {800, Double.NaN, Double.POSITIVE_INFINITY, 810, Double.NEGATIVE_INFINITY});
    assertArrayEquals(new boolean[] {true, false, false, true, false}, ok);
  }

  @Test
  void changeRule_comparesWithTheLastAcceptedInterval_notTheLastSeen() {
    // 1100 is rejected (+37.5 % from 800); 960 is +20 % from 800 exactly, so accepted;
    // 1160 is +20.8 % from 960, rejected.
    boolean[] ok = RrCleaner.accept(new double[] {800, 1100, 960, 1160});
    assertArrayEquals(new boolean[] {true, false, true, false}, ok);
  }

  @Test
  void firstInterval_hasNoChangeCheck() {
    assertArrayEquals(new boolean[] {true, true}, RrCleaner.accept(new double[] {1900, 1600}));
  }

  @Test
  void recordingArtifactOnTheFirstLine_isRejectedByTheRangeRule() {
    // nsr*/chf* files start with the time before the first annotated beat (here 225.8 s).
    boolean[] ok = RrCleaner.accept(new double[] {225796.875, 695.3125, 710.9375});
    assertArrayEquals(new boolean[] {false, true, true}, ok);
  }

  @Test
  void carriedLastAccepted_appliesTheChangeRuleToTheFirstInterval() {
    assertArrayEquals(new boolean[] {false, true}, RrCleaner.accept(new double[] {1000, 790}, 800));
  }
}
