package org.trustbeat.hrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HrvAnalyzerTest {
  private static final double EPS = 1e-12;

  private static WindowResult only(List<WindowResult> r) {
    assertEquals(1, r.size());
    return r.get(0);
  }

  @Test
  void timeDomain_matchesHandComputedValues() {
    double[] nn = {800, 801, 790, 850};
    WindowResult r = only(HrvAnalyzer.windows(BeatSeries.fromRrMs(nn), 300, HrvJob.HRV));
    HrvMetrics m = r.metrics();
    assertEquals(4.0, m.get(Metric.N_NN));
    assertEquals(3241 / 4.0, m.get(Metric.MEAN_NN), EPS);
    assertEquals(800.5, m.get(Metric.MEDIAN_NN), EPS);
    double mean = 3241 / 4.0;
    double ss = 0;
    for (double v : nn) {
      ss += (v - mean) * (v - mean);
    }
    assertEquals(Math.sqrt(ss / 3), m.get(Metric.SDNN), EPS);
    // d = [1, -11, 60]
    assertEquals(Math.sqrt((1 + 121 + 3600) / 3.0), m.get(Metric.RMSSD), EPS);
    double dMean = 50 / 3.0;
    double dss = Math.pow(1 - dMean, 2) + Math.pow(-11 - dMean, 2) + Math.pow(60 - dMean, 2);
    assertEquals(Math.sqrt(dss / 2), m.get(Metric.SDSD), EPS);
    assertEquals(1.0, m.get(Metric.NN50));
    assertEquals(100 / 3.0, m.get(Metric.PNN50), EPS);
    assertEquals(1.0, m.get(Metric.NN20), "|-11| and |1| are not > 20");
    assertEquals(Math.sqrt(ss / 3) / mean, m.get(Metric.CVNN), EPS);
    double hrMean = (60000 / 800.0 + 60000 / 801.0 + 60000 / 790.0 + 60000 / 850.0) / 4;
    assertEquals(hrMean, m.get(Metric.MEAN_HR), EPS);
    assertEquals(60000 / 850.0, m.get(Metric.MIN_HR), EPS);
    assertEquals(60000 / 790.0, m.get(Metric.MAX_HR), EPS);
    // bins floor(v / 7.8125): 102, 102, 101, 108 -> fullest bin holds 2
    assertEquals(2.0, m.get(Metric.HTI), EPS);
  }

  @Test
  void poincare_matchesHandComputedValues() {
    double[] nn = {800, 810, 830, 820};
    HrvMetrics m = only(HrvAnalyzer.windows(BeatSeries.fromRrMs(nn), 300, HrvJob.HRV)).metrics();
    // pairs (800,810), (810,830), (830,820): (y-x)/√2 = 10, 20, -10 over √2
    double r2 = Math.sqrt(2);
    double[] minor = {10 / r2, 20 / r2, -10 / r2};
    double[] major = {1610 / r2, 1640 / r2, 1650 / r2};
    assertEquals(sampleStd(minor), m.get(Metric.SD1), EPS);
    assertEquals(sampleStd(major), m.get(Metric.SD2), 1e-9);
    assertEquals(sampleStd(minor) / sampleStd(major), m.get(Metric.SD1_SD2), 1e-12);
  }

  @Test
  void pairSpanningARejectedBeat_isNotAPair() {
    // 1500 is rejected; (810, 790) spans it and must not give d = -20.
    double[] rr = {800, 810, 1500, 790, 800};
    WindowResult r = only(HrvAnalyzer.windows(BeatSeries.fromRrMs(rr), 300, HrvJob.HRV));
    assertEquals(1, r.rejectedBeats());
    assertEquals(10.0, r.metrics().get(Metric.RMSSD), EPS);
    assertEquals(0.0, r.metrics().get(Metric.SDSD), EPS);
    assertEquals(0.0, r.metrics().get(Metric.PNN20), EPS);
  }

  @Test
  void beatsOfThePreviousWindow_judgeTheFirstBeatsOfTheNext_asContextOnly() {
    // Window [10,20): 1000 at t = 12 has neighbours 800, 800 (t = 2, 4: context) and 810: median
    // 800, +25 %, rejected. The context beats are not counted in the second window.
    BeatSeries s = BeatSeries.of(new double[] {2, 4, 12, 13}, new double[] {800, 800, 1000, 810});
    List<WindowResult> r = HrvAnalyzer.windows(s, 10, HrvJob.HRV);
    assertEquals(2, r.size());
    assertEquals(2, r.get(1).totalBeats());
    assertEquals(1, r.get(1).rejectedBeats());
    assertEquals(1, r.get(1).nnBeats());
  }

  @Test
  void windowWithoutContext_judgesItsEdgesFromItsOwnBeats() {
    // The same second window handed over alone: 1000 has only 810 as neighbour (+23 %): still
    // rejected, but 810's only neighbour is now 1000 (−19 %): accepted.
    BeatSeries alone = BeatSeries.of(new double[] {12, 13}, new double[] {1000, 810});
    WindowResult r = HrvAnalyzer.window(alone, 1, 10, HrvJob.HRV).orElseThrow();
    assertEquals(2, r.totalBeats());
    assertEquals(1, r.rejectedBeats());
  }

  @Test
  void window_dependsOnlyOnBeatsWithinThirtySecondsOfIt() {
    double[] rr = new double[2000];
    for (int i = 0; i < rr.length; i++) {
      rr[i] = 800 + 40 * Math.sin(i / 3.0) + (i % 97 == 0 ? 400 : 0);
    }
    BeatSeries whole = BeatSeries.fromRrMs(rr);
    List<WindowResult> all = HrvAnalyzer.windows(whole, 300, HrvJob.HRV);
    WindowResult second = all.get(1);
    // Cut the stream to [300 − 30, 600 + 30) and wreck every beat outside it: the same result.
    double[] t = whole.times();
    double[] wrecked = rr.clone();
    for (int i = 0; i < t.length; i++) {
      if (t[i] < 270 || t[i] >= 630) {
        wrecked[i] = 1999;
      }
    }
    assertEquals(second, HrvAnalyzer.windows(BeatSeries.of(t, wrecked), 300, HrvJob.HRV).get(1));
    double[] ct = java.util.Arrays.stream(t).filter(x -> x >= 270 && x < 630).toArray();
    double[] crr = new double[ct.length];
    int first = java.util.Arrays.binarySearch(t, ct[0]);
    System.arraycopy(rr, first, crr, 0, ct.length);
    assertEquals(
        second, HrvAnalyzer.window(BeatSeries.of(ct, crr), 1, 300, HrvJob.HRV).orElseThrow());
  }

  @Test
  void window_withNoBeatOfItsOwn_isEmpty() {
    BeatSeries contextOnly = BeatSeries.of(new double[] {295, 299}, new double[] {800, 800});
    assertTrue(HrvAnalyzer.window(contextOnly, 1, 300, HrvJob.HRV).isEmpty());
  }

  @Test
  void qualityGrades_switchAboveFiveAndAboveTwentyPercent() {
    assertEquals(Quality.GOOD, qualityWithRejected(1, 20), "5 % is good");
    assertEquals(Quality.FAIR, qualityWithRejected(2, 20), "10 %");
    assertEquals(Quality.FAIR, qualityWithRejected(4, 20), "20 % is fair");
    assertEquals(Quality.POOR, qualityWithRejected(5, 20), "25 %");
    assertEquals(Quality.GOOD, Quality.of(5.0));
    assertEquals(Quality.FAIR, Quality.of(Math.nextUp(5.0)));
    assertEquals(Quality.FAIR, Quality.of(20.0));
    assertEquals(Quality.POOR, Quality.of(Math.nextUp(20.0)));
  }

  /** A window of {@code total} beats of which the first {@code rejected} are out of range. */
  private static Quality qualityWithRejected(int rejected, int total) {
    double[] rr = new double[total];
    for (int i = 0; i < total; i++) {
      rr[i] = i < rejected ? 200 : 800;
    }
    WindowResult r = only(HrvAnalyzer.windows(BeatSeries.fromRrMs(rr), 300, HrvJob.HRV));
    assertEquals(rejected, r.rejectedBeats());
    assertEquals(100.0 * rejected / total, r.artifactPercent(), EPS);
    return r.quality();
  }

  @Test
  void windowWithNoNnBeat_isReportedPoor_withEveryMetricNull() {
    BeatSeries s = BeatSeries.of(new double[] {1, 2, 3}, new double[] {100, 150, 5000});
    WindowResult r = only(HrvAnalyzer.windows(s, 300, HrvJob.HRV));
    assertEquals(3, r.totalBeats());
    assertEquals(0, r.nnBeats());
    assertEquals(100.0, r.artifactPercent());
    assertEquals(Quality.POOR, r.quality());
    for (Metric m : r.metrics().metrics()) {
      if (m == Metric.N_NN || m == Metric.NN50 || m == Metric.NN20) {
        assertEquals(0.0, r.metrics().get(m), m.specName());
      } else {
        assertNull(r.metrics().get(m), m.specName() + " is null without NN beats");
      }
    }
    assertTrue(
        r.metrics().has(Metric.MEAN_NN)
            && r.metrics().has(Metric.MEAN_HR)
            && r.metrics().has(Metric.HTI)
            && r.metrics().has(Metric.LF));
  }

  @Test
  void successivePairs_areNotFormedAcrossWindows() {
    BeatSeries s = BeatSeries.of(new double[] {2, 4, 12}, new double[] {800, 800, 810});
    WindowResult second = HrvAnalyzer.windows(s, 10, HrvJob.HRV).get(1);
    assertEquals(1, second.nnBeats());
    assertNull(second.metrics().get(Metric.RMSSD), "810 after 800 crosses the window boundary");
    assertEquals(0.0, second.metrics().get(Metric.NN50));
  }

  @Test
  void windows_areHalfOpen() {
    BeatSeries s = BeatSeries.of(new double[] {299.999, 300.0}, new double[] {800, 800});
    List<WindowResult> r = HrvAnalyzer.windows(s, 300, HrvJob.HRV);
    assertEquals(2, r.size());
    assertEquals(0.0, r.get(0).windowStart());
    assertEquals(300.0, r.get(1).windowStart());
    assertEquals(1, r.get(1).totalBeats());
  }

  @Test
  void windowsWithoutBeats_areSkipped_andStartsAreMultiplesOfTheLength() {
    BeatSeries s = BeatSeries.of(new double[] {1, 1000}, new double[] {800, 800});
    List<WindowResult> r = HrvAnalyzer.windows(s, 300, HrvJob.HRV);
    assertEquals(List.of(0.0, 900.0), r.stream().map(WindowResult::windowStart).toList());
  }

  @Test
  void tooFewBeats_giveNullsNotZeros() {
    HrvMetrics one =
        only(HrvAnalyzer.windows(BeatSeries.fromRrMs(new double[] {800}), 300, HrvJob.HRV))
            .metrics();
    for (Metric m :
        List.of(
            Metric.SDNN,
            Metric.CVNN,
            Metric.STD_HR,
            Metric.RMSSD,
            Metric.PNN50,
            Metric.PNN20,
            Metric.SDSD,
            Metric.SD1,
            Metric.SD2,
            Metric.SD1_SD2,
            Metric.SAMPEN,
            Metric.DFA_A1,
            Metric.DFA_A2,
            Metric.LF,
            Metric.HF,
            Metric.LF_HF,
            Metric.VLF,
            Metric.LF_PEAK)) {
      assertTrue(one.has(m), m + " is reported");
      assertNull(one.get(m), m + " is null with one beat");
    }
    assertEquals(800.0, one.get(Metric.MEAN_NN));

    HrvMetrics two =
        only(HrvAnalyzer.windows(BeatSeries.fromRrMs(new double[] {800, 820}), 300, HrvJob.HRV))
            .metrics();
    assertNotNull(two.get(Metric.SDNN));
    assertNotNull(two.get(Metric.RMSSD), "one pair is enough for rmssd");
    assertNull(two.get(Metric.SDSD), "sdsd needs two pairs");
    assertNull(two.get(Metric.SD1), "Poincaré needs two pairs");
  }

  @Test
  void nonLinearThresholds_followTheSpec() {
    assertNull(metricsOfSteadyRhythm(9).get(Metric.SAMPEN));
    assertNotNull(metricsOfSteadyRhythm(10).get(Metric.SAMPEN));
    assertNull(metricsOfSteadyRhythm(31).get(Metric.DFA_A1));
    assertNotNull(metricsOfSteadyRhythm(32).get(Metric.DFA_A1));
    assertNull(metricsOfSteadyRhythm(127).get(Metric.DFA_A2));
    assertNotNull(metricsOfSteadyRhythm(128).get(Metric.DFA_A2));
  }

  @Test
  void frequencyMetrics_needTwoMinutesAndAHundredBeats() {
    // 99 beats of ~1.3 s span over two minutes but are too few.
    assertNull(metricsOf(oscillating(99, 1300), 600).get(Metric.LF));
    // 160 beats of ~0.7 s span under two minutes.
    assertNull(metricsOf(oscillating(160, 700), 600).get(Metric.LF));
    assertNotNull(metricsOf(oscillating(200, 700), 600).get(Metric.LF));
  }

  @Test
  void breathingAtQuarterHertz_putsThePeakInTheHfBand() {
    HrvMetrics m = metricsOf(sinusoidalRr(600, 0.25), 1000);
    assertEquals(0.25, m.get(Metric.HF_PEAK), 0.01);
    assertTrue(m.get(Metric.HF) > 10 * m.get(Metric.LF), "HF dominates");
  }

  @Test
  void sdnnJob_reportsOnlyItsThreeNumbers() {
    WindowResult r =
        only(HrvAnalyzer.windows(BeatSeries.fromRrMs(new double[] {800, 820}), 300, HrvJob.SDNN));
    assertEquals(
        List.of(Metric.N_NN, Metric.MEAN_NN, Metric.SDNN), List.copyOf(r.metrics().metrics()));
  }

  @Test
  void bandsJob_reportsLfHfAndRatio() {
    WindowResult r = only(HrvAnalyzer.windows(sinusoidalRr(600, 0.1), 1000, HrvJob.HRV_BANDS));
    assertEquals(List.of(Metric.LF, Metric.HF, Metric.LF_HF), List.copyOf(r.metrics().metrics()));
    HrvMetrics full = metricsOf(sinusoidalRr(600, 0.1), 1000);
    assertEquals(full.get(Metric.LF), r.metrics().get(Metric.LF));
  }

  @Test
  void identityJob_returnsEverySampleUnchanged_includingArtifacts() {
    BeatSeries s =
        BeatSeries.of(new double[] {1, 2, 3, 301}, new double[] {800, 5000, Double.NaN, 810});
    List<WindowResult> r = HrvAnalyzer.windows(s, 300, HrvJob.IDENTITY);
    assertEquals(
        BeatSeries.of(new double[] {1, 2, 3}, new double[] {800, 5000, Double.NaN}),
        r.get(0).samples());
    assertEquals(2, r.get(0).rejectedBeats());
  }

  @Test
  void wholeRecord_addsSdannAndSdnnIndexOverFiveMinuteWindows() {
    // Window [0,300): NN 800, 820 at t = 100, 200. Window [300,600): 900, 940 at 400, 500.
    // Window [600,900): one NN only, so it takes no part.
    BeatSeries s =
        BeatSeries.of(
            new double[] {100, 200, 400, 500, 700}, new double[] {800, 820, 900, 940, 950});
    HrvMetrics m = HrvAnalyzer.wholeRecord(s).metrics();
    assertEquals(sampleStd(new double[] {810, 920}), m.get(Metric.SDANN), EPS);
    double sd1 = sampleStd(new double[] {800, 820});
    double sd2 = sampleStd(new double[] {900, 940});
    assertEquals((sd1 + sd2) / 2, m.get(Metric.SDNN_INDEX), EPS);
  }

  @Test
  void wholeRecord_leavesPoorFiveMinuteWindowsOutOfSdannAndSdnnIndex() {
    // As above, plus a third window [600,900) with NN 700, 720 and three out-of-range beats: 60 %
    // rejected, poor, so it takes no part although it has two NN intervals.
    BeatSeries s =
        BeatSeries.of(
            new double[] {100, 200, 400, 500, 650, 700, 750, 800, 850},
            new double[] {800, 820, 900, 940, 700, 100, 100, 100, 720});
    WindowResult whole = HrvAnalyzer.wholeRecord(s);
    HrvMetrics m = whole.metrics();
    assertEquals(sampleStd(new double[] {810, 920}), m.get(Metric.SDANN), EPS);
    double sd1 = sampleStd(new double[] {800, 820});
    double sd2 = sampleStd(new double[] {900, 940});
    assertEquals((sd1 + sd2) / 2, m.get(Metric.SDNN_INDEX), EPS);
    assertEquals(100.0 * 3 / 9, whole.artifactPercent(), EPS);
    assertEquals(Quality.POOR, whole.quality());
  }

  @Test
  void wholeRecord_withOneFiveMinuteWindow_hasNoSdann() {
    HrvMetrics m =
        HrvAnalyzer.wholeRecord(BeatSeries.fromRrMs(new double[] {800, 810, 820})).metrics();
    assertNull(m.get(Metric.SDANN));
    assertNotNull(m.get(Metric.SDNN_INDEX));
  }

  @Test
  void nonPositiveWindow_isRefused() {
    BeatSeries s = BeatSeries.fromRrMs(new double[] {800});
    assertThrows(IllegalArgumentException.class, () -> HrvAnalyzer.windows(s, 0, HrvJob.HRV));
    assertThrows(
        IllegalArgumentException.class, () -> HrvAnalyzer.windows(s, Double.NaN, HrvJob.HRV));
  }

  private static HrvMetrics metricsOfSteadyRhythm(int n) {
    double[] rr = new double[n];
    for (int i = 0; i < n; i++) {
      rr[i] = 800 + 10 * (i % 2) + 3 * (i % 3); // repeating, so templates match
    }
    return only(HrvAnalyzer.windows(BeatSeries.fromRrMs(rr), 1e6, HrvJob.HRV)).metrics();
  }

  private static HrvMetrics metricsOf(BeatSeries s, double window) {
    return only(HrvAnalyzer.windows(s, window, HrvJob.HRV)).metrics();
  }

  private static BeatSeries oscillating(int n, double meanRr) {
    double[] rr = new double[n];
    for (int i = 0; i < n; i++) {
      rr[i] = meanRr + 20 * Math.sin(i * 0.9);
    }
    return BeatSeries.fromRrMs(rr);
  }

  /** RR modulated at {@code hz} (in time): a breathing-like rhythm. */
  private static BeatSeries sinusoidalRr(int n, double hz) {
    double[] rr = new double[n];
    double t = 0;
    for (int i = 0; i < n; i++) {
      rr[i] = 800 + 40 * Math.sin(2 * Math.PI * hz * t);
      t += rr[i] / 1000;
    }
    return BeatSeries.fromRrMs(rr);
  }

  private static double sampleStd(double[] x) {
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double ss = 0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (x.length - 1));
  }
}
