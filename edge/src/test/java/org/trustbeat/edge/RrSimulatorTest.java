package org.trustbeat.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Iterator;
import org.junit.jupiter.api.Test;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.RrCleaner;
import org.trustbeat.hrv.WindowResult;

class RrSimulatorTest {
  private static BeatSeries series(RrSimulator sim, int n) {
    double[] t = new double[n];
    double[] rr = new double[n];
    Iterator<Beat> it = sim.take(n);
    for (int i = 0; i < n; i++) {
      Beat b = it.next();
      t[i] = b.tEpochSeconds();
      rr[i] = b.rrMs();
    }
    return BeatSeries.of(t, rr);
  }

  @Test
  void meanHeartRateAndDominantFrequencies_areThoseSet() {
    RrSimulator sim =
        RrSimulator.builder()
            .setSeed(7)
            .setMeanHeartRate(72)
            .setLf(30, 0.10)
            .setHf(25, 0.27)
            .setNoise(3)
            .build();
    WindowResult whole = HrvAnalyzer.wholeRecord(series(sim, 1200));
    assertEquals(72.0, whole.metrics().get(Metric.MEAN_HR), 1.0);
    assertEquals(0.10, whole.metrics().get(Metric.LF_PEAK), 0.01);
    assertEquals(0.27, whole.metrics().get(Metric.HF_PEAK), 0.01);
    assertEquals(0, whole.rejectedBeats());
  }

  @Test
  void otherSettings_moveTheMeasuredPeaks() {
    RrSimulator sim =
        RrSimulator.builder()
            .setSeed(8)
            .setMeanHeartRate(60)
            .setLf(30, 0.07)
            .setHf(25, 0.33)
            .build();
    WindowResult whole = HrvAnalyzer.wholeRecord(series(sim, 1200));
    assertEquals(60.0, whole.metrics().get(Metric.MEAN_HR), 1.0);
    assertEquals(0.07, whole.metrics().get(Metric.LF_PEAK), 0.01);
    assertEquals(0.33, whole.metrics().get(Metric.HF_PEAK), 0.01);
  }

  @Test
  void artifacts_occurAtTheSetRate_andAreRejectedByTheCleaner() {
    RrSimulator sim = RrSimulator.builder().setSeed(3).setArtifactRate(0.02).build();
    int n = 20_000;
    BeatSeries beats = series(sim, n);
    boolean[] accepted = RrCleaner.accept(beats.times(), beats.rrMs());
    int rejected = 0;
    for (boolean a : accepted) {
      rejected += a ? 0 : 1;
    }
    assertEquals(sim.artifactBeats(), rejected, "every artifact beat, and only those, rejected");
    double rate = sim.artifactEvents() / (double) n;
    assertEquals(0.02, rate, 0.004);
  }

  @Test
  void noArtifactRate_meansNothingRejected() {
    RrSimulator sim = RrSimulator.builder().setSeed(4).build();
    BeatSeries quiet = series(sim, 5000);
    boolean[] accepted = RrCleaner.accept(quiet.times(), quiet.rrMs());
    for (boolean a : accepted) {
      assertTrue(a);
    }
    assertEquals(0, sim.artifactBeats());
  }

  @Test
  void sameSeed_givesTheSameBeats_otherSeedDiffers() {
    RrSimulator.Builder b = RrSimulator.builder().setSeed(11).setArtifactRate(0.01);
    assertEquals(series(b.build(), 500), series(b.build(), 500));
    assertNotEquals(series(b.build(), 500), series(RrSimulator.builder().setSeed(12).build(), 500));
  }

  @Test
  void beatTimes_areCumulativeIntervals_fromTheStart() {
    RrSimulator sim = RrSimulator.builder().setStartEpochSeconds(1000).build();
    Beat first = sim.next();
    Beat second = sim.next();
    assertEquals(1000 + first.rrMs() / 1000, first.tEpochSeconds(), 1e-9);
    assertEquals(first.tEpochSeconds() + second.rrMs() / 1000, second.tEpochSeconds(), 1e-9);
  }

  @Test
  void beatToString_hidesValues() {
    assertEquals("Beat{…}", new Beat(1.5, 812.0).toString());
  }

  @Test
  void impossibleHeartRate_isRejectedWithRange() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RrSimulator.builder().setMeanHeartRate(500).build());
    assertTrue(e.getMessage().contains("30..220"));
  }
}
