package org.trustbeat.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchSummaryTest {
  @TempDir Path tmp;

  static List<Measurement> sample() {
    List<Measurement> m = new ArrayList<>();
    long mb = 1 << 20;
    double[][] stream = {{1000, 1100}, {1040, 1160}, {1500, 1700}}; // plain, inproc, process
    String[] modes = {"plain", "sealed-inprocess", "sealed-process"};
    for (int rep = 1; rep <= 2; rep++) {
      for (int i = 0; i < 3; i++) {
        m.add(
            new Measurement(
                "stream", modes[i], "identity", "1MB", mb, rep, stream[i][rep - 1], "ms"));
        m.add(
            new Measurement(
                "stream-cost",
                modes[i],
                "identity",
                "1MB",
                mb,
                rep,
                stream[i][rep - 1] / 10,
                "ms/MB"));
        m.add(
            new Measurement(
                "batch", modes[i], "sdnn", "32kB", 32 * 1024, rep, 100 * (i + 1), "ms"));
        m.add(
            new Measurement("host-start", modes[i], "sdnn", "32kB", 32 * 1024, rep, 10 * i, "ms"));
      }
    }
    m.add(new Measurement("capacity", "plain", "hrv-bands", "", 0, 1, 4000, "patients"));
    m.add(new Measurement("capacity", "sealed-process", "hrv-bands", "", 0, 1, 3000, "patients"));
    return m;
  }

  @Test
  void table_holdsMeanAndSampleStdPerMode_andRatiosToPlain() throws Exception {
    String md = BenchSummary.write(tmp, sample(), List.of("- Date: test"), List.of("a note"));
    assertEquals(md, Files.readString(tmp.resolve(BenchSummary.FILE)));
    assertTrue(
        md.contains(
            "| identity | 1MB/s | 1050 ± 70.7 | 1100 ± 84.9 | 1.05× | 1600 ± 141 | 1.52× |"),
        md);
    assertTrue(
        md.contains("| sdnn | 32kB | 100 ± 0.0 | 200 ± 0.0 | 2.00× | 300 ± 0.0 | 3.00× |"), md);
    assertTrue(
        md.contains("2–2.5×") && md.contains("4–5×"), "the paper's ratios stand beside ours");
    assertTrue(md.contains("SIMULATION attestation"));
    assertTrue(md.contains("- a note"));
  }

  @Test
  void targets_arePassOrMissWithTheMargin() throws Exception {
    String md = BenchSummary.write(tmp, sample(), List.of(), List.of());
    assertTrue(
        md.contains(
            "| identity | 1MB/s | sealed-inprocess | 1.05× ± 0.08 | 1.05× | ≤ 1.10× | **PASS** by 5 % of plain (within noise) |"),
        md);
    assertTrue(
        md.contains(
            "| identity | 1MB/s | sealed-process | 1.52× ± 0.12 | 1.52× | ≤ 1.30× | **MISS** by 22 % of plain (within noise) |"),
        md);
  }

  @Test
  void streamCost_isReportedPerMegabyteWithRatios() throws Exception {
    String md = BenchSummary.write(tmp, sample(), List.of(), List.of());
    assertTrue(md.contains("ms per MB of samples"), md);
    assertTrue(
        md.contains("| identity | 1MB/s | 105 ± 7.1 | 110 ± 8.5 | 1.05× | 160 ± 14.1 | 1.52× |"),
        md);
  }

  @Test
  void targetWithoutCostMeasurements_showsNoPerMegabyteRatio() throws Exception {
    List<Measurement> m = new ArrayList<>();
    m.add(new Measurement("stream", "plain", "identity", "2MB", 2 << 20, 1, 100, "ms"));
    m.add(new Measurement("stream", "sealed-inprocess", "identity", "2MB", 2 << 20, 1, 120, "ms"));
    String md = BenchSummary.write(tmp, m, List.of(), List.of());
    assertTrue(
        md.contains(
            "| identity | 2MB/s | sealed-inprocess | 1.20× | — | ≤ 1.10× | **MISS** by 10 % of plain |"),
        md);
  }

  @Test
  void targetClearedByMoreThanTwoStandardErrors_isNotCalledNoise() throws Exception {
    List<Measurement> m = new ArrayList<>();
    for (int rep = 1; rep <= 3; rep++) {
      m.add(new Measurement("stream", "plain", "identity", "1MB", 1 << 20, rep, 1000 + rep, "ms"));
      m.add(
          new Measurement(
              "stream", "sealed-inprocess", "identity", "1MB", 1 << 20, rep, 1010 + rep, "ms"));
    }
    String md = BenchSummary.write(tmp, m, List.of(), List.of());
    assertTrue(
        md.contains("| sealed-inprocess | 1.01× ± 0.00 | — | ≤ 1.10× | **PASS** by 9 % of plain |"),
        md);
  }

  @Test
  void smallStreamLoadsOnly_sayTheTargetsWereNotMeasured() throws Exception {
    List<Measurement> m = new ArrayList<>();
    m.add(new Measurement("stream", "plain", "identity", "4kB", 4096, 1, 10, "ms"));
    String md = BenchSummary.write(tmp, m, List.of(), List.of());
    assertTrue(md.contains("Not measured: no stream load of 1 MB/s or more"), md);
  }

  @Test
  void capacity_isReportedAsAFractionOfPlain() throws Exception {
    String md = BenchSummary.write(tmp, sample(), List.of(), List.of());
    assertTrue(md.contains("| hrv-bands | sealed-process | 3000 | 0.75 |"), md);
  }

  @Test
  void capacityProbe_showsClosingAndOtherBatchesEachAgainstPlain() throws Exception {
    List<Measurement> m = new ArrayList<>();
    String load = "100000patients";
    double[][] figures = {{2900, 6100, 1100}, {3400, 6800, 1300}}; // mean, closing, other
    String[] modes = {"plain", "sealed-inprocess"};
    for (int i = 0; i < 2; i++) {
      String mode = modes[i];
      m.add(new Measurement("capacity-probe", mode, "hrv-bands", load, 0, 1, 9500, "ms"));
      m.add(new Measurement("capacity-mean", mode, "hrv-bands", load, 0, 1, figures[i][0], "ms"));
      m.add(
          new Measurement(
              "capacity-mean-closing", mode, "hrv-bands", load, 0, 1, figures[i][1], "ms"));
      m.add(
          new Measurement(
              "capacity-mean-other", mode, "hrv-bands", load, 0, 1, figures[i][2], "ms"));
      m.add(
          new Measurement("capacity-per-patient", mode, "hrv-bands", load, 100_000, 1, 0.03, "ms"));
      m.add(new Measurement("capacity-delay", mode, "hrv-bands", load, 0, 1, 15_000, "ms"));
      m.add(new Measurement("capacity-sustained", mode, "hrv-bands", load, 100_000, 1, 1, "bool"));
    }
    String md = BenchSummary.write(tmp, m, List.of(), List.of());
    assertTrue(md.contains("| 1.17× | 6800 (1.11×) | 1300 (1.18×) |"), md);
    assertTrue(md.contains("| 1.00× | 6100 (1.00×) | 1100 (1.00×) |"), md);
  }
}
