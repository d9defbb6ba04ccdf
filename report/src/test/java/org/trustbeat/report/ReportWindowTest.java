package org.trustbeat.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvJson;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.WindowResult;

class ReportWindowTest {
  @Test
  void openedResult_givesTheNumbersOfTheAnalysis_notRecomputedOnes() throws Exception {
    BeatSeries beats =
        ReportFixtures.withArtefacts(
            ReportFixtures.recording("chf201_rr_secs.txt", 1800), 600, 900);
    List<WindowResult> analysed = ReportFixtures.windows(beats);
    List<ReportWindow> opened = ReportWindow.ofConsumed(ReportFixtures.consumed(analysed));
    List<ReportWindow> local =
        ReportWindow.ofFile(
            analysed,
            ReportFixtures.PATIENT,
            ReportFixtures.STREAM_START,
            ResultSource.localAnalysis("hrv"));
    assertEquals(analysed.size(), opened.size());
    for (int i = 0; i < analysed.size(); i++) {
      ReportWindow o = opened.get(i);
      ReportWindow l = local.get(i);
      assertEquals(l.metrics(), o.metrics(), "metrics of window " + i);
      assertEquals(l.start(), o.start());
      assertEquals(l.end(), o.end());
      assertEquals(analysed.get(i).totalBeats(), o.totalBeats());
      assertEquals(analysed.get(i).rejectedBeats(), o.rejectedBeats());
      assertEquals(analysed.get(i).artifactPercent(), o.artifactPercent());
      assertEquals(analysed.get(i).quality(), o.quality());
    }
  }

  @Test
  void sourceOfAnOpenedResult_saysSimulation_andLocalAnalysisSaysNoEnclave() throws Exception {
    BeatSeries beats = ReportFixtures.recording("nsr003_rr_secs.txt", 300);
    ReportWindow opened =
        ReportWindow.ofConsumed(ReportFixtures.consumed(ReportFixtures.windows(beats))).get(0);
    assertEquals("sealed-process", opened.source().mode());
    assertEquals("SIMULATION", opened.source().attestation());
    assertFalse(opened.source().hardwareProtected());
    assertTrue(opened.source().statement().contains("SIMULATED enclave"));
    assertTrue(
        ResultSource.localAnalysis("hrv").statement().contains("no enclave, no attestation"));
  }

  @Test
  void toString_showsCountsNeverAMetricValue() throws Exception {
    BeatSeries beats = ReportFixtures.recording("nsr003_rr_secs.txt", 300);
    WindowResult w = ReportFixtures.windows(beats).get(0);
    ReportWindow r = ReportWindow.of(w, "rec", Instant.EPOCH, ResultSource.localAnalysis("hrv"));
    String s = r.toString();
    for (Metric m : List.of(Metric.SDNN, Metric.RMSSD, Metric.MEAN_HR)) {
      assertFalse(s.contains(HrvJson.number(w.metrics().get(m))), s);
    }
  }
}
