package org.trustbeat.hrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HrvJsonTest {
  private static List<String> keys(String json) {
    List<String> keys = new ArrayList<>();
    Matcher m = Pattern.compile("\"([a-z0-9_]+)\":").matcher(json);
    while (m.find()) {
      keys.add(m.group(1));
    }
    return keys;
  }

  @Test
  void hrvWindow_hasExactlyTheSpecKeys_inSpecOrder() {
    WindowResult r =
        HrvAnalyzer.windows(BeatSeries.fromRrMs(new double[] {800, 810}), 300, HrvJob.HRV).get(0);
    List<String> expected =
        new ArrayList<>(
            List.of("window_start", "n_total", "n_rejected", "artifact_pct", "quality"));
    for (Metric m : Metric.values()) {
      if (m.group() != Metric.Group.WHOLE_RECORD) {
        expected.add(m.specName());
      }
    }
    assertEquals(expected, keys(HrvJson.toJson(r)));
  }

  @Test
  void absentMetrics_areJsonNull_andCountsAreIntegers() {
    String json =
        HrvJson.toJson(
            HrvAnalyzer.windows(BeatSeries.fromRrMs(new double[] {800}), 300, HrvJob.HRV).get(0));
    assertTrue(json.contains("\"sdnn\":null"), json);
    assertTrue(json.contains("\"n_nn\":1,"), json);
    assertTrue(json.contains("\"mean_nn\":800,"), json);
  }

  @Test
  void numbers_keepFullPrecision() {
    assertEquals("0.1", HrvJson.number(0.1));
    assertEquals(0.1 + 0.2, Double.parseDouble(HrvJson.number(0.1 + 0.2)), 0.0);
    assertEquals("300", HrvJson.number(300.0));
  }

  @Test
  void sdnnJob_stillReportsTheBeatCounts() {
    String json =
        HrvJson.toJson(
            HrvAnalyzer.windows(BeatSeries.fromRrMs(new double[] {800, 5000}), 300, HrvJob.SDNN)
                .get(0));
    assertEquals(
        List.of(
            "window_start",
            "n_total",
            "n_rejected",
            "artifact_pct",
            "quality",
            "n_nn",
            "mean_nn",
            "sdnn"),
        keys(json));
  }
}
