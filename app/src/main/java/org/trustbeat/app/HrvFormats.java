package org.trustbeat.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.trustbeat.hrv.HrvJson;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.Quality;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.report.HrvCoding;

/** Renders window results as JSON lines, CSV, or a table for people. */
final class HrvFormats {
  /** Columns of the people's table, when the job computes them. */
  private static final Metric[] TABLE_COLUMNS = {
    Metric.N_NN,
    Metric.MEAN_HR,
    Metric.SDNN,
    Metric.RMSSD,
    Metric.PNN50,
    Metric.LF,
    Metric.HF,
    Metric.LF_HF,
    Metric.SD1,
    Metric.SAMPEN,
    Metric.DFA_A1
  };

  private HrvFormats() {}

  static void json(List<WindowResult> results, PrintWriter out) {
    for (WindowResult r : results) {
      out.println(HrvJson.toJson(r));
    }
  }

  static void csv(List<WindowResult> results, PrintWriter out) {
    List<Metric> metrics =
        results.isEmpty() ? List.of() : new ArrayList<>(results.get(0).metrics().metrics());
    StringBuilder header =
        new StringBuilder("window_start,n_total,n_rejected,artifact_pct,quality");
    if (!metrics.contains(Metric.N_NN)) {
      header.append(",n_nn");
    }
    for (Metric m : metrics) {
      header.append(',').append(m.specName());
    }
    out.println(header);
    for (WindowResult r : results) {
      StringBuilder row = new StringBuilder();
      row.append(HrvJson.number(r.windowStart())).append(',').append(r.totalBeats());
      row.append(',').append(r.rejectedBeats());
      row.append(',').append(HrvJson.number(r.artifactPercent()));
      row.append(',').append(r.quality().specName());
      if (!metrics.contains(Metric.N_NN)) {
        row.append(',').append(r.nnBeats());
      }
      for (Metric m : metrics) {
        Double v = r.metrics().get(m);
        row.append(',')
            .append(
                v == null ? "" : m.isCount() ? Long.toString(v.longValue()) : HrvJson.number(v));
      }
      out.println(row);
    }
  }

  static void table(List<WindowResult> results, String title, PrintWriter out) {
    out.println(title);
    if (results.isEmpty()) {
      out.println("no window holds a beat");
      return;
    }
    if (results.size() == 1) {
      vertical(results.get(0), out);
      return;
    }
    List<Metric> cols = new ArrayList<>();
    for (Metric m : TABLE_COLUMNS) {
      if (results.get(0).metrics().has(m)) {
        cols.add(m);
      }
    }
    StringBuilder h =
        new StringBuilder(String.format("%-10s %6s %-7s", "start", "art%", "quality"));
    for (Metric m : cols) {
      h.append(String.format(" %9s", m.specName()));
    }
    out.println(h);
    int total = 0;
    int rejected = 0;
    int poor = 0;
    for (WindowResult r : results) {
      total += r.totalBeats();
      rejected += r.rejectedBeats();
      poor += r.quality() == Quality.POOR ? 1 : 0;
      StringBuilder row =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%-10s %6.1f %-7s",
                  clock(r.windowStart()),
                  r.artifactPercent(),
                  quality(r.quality())));
      for (Metric m : cols) {
        row.append(String.format(" %9s", cell(r.metrics().get(m), m)));
      }
      out.println(row);
    }
    out.printf(
        Locale.ROOT,
        "%d windows (%d poor), %d beats, %d rejected (%.2f %%); '-' marks a metric with too few"
            + " beats; POOR rows (over 20 %% rejected) are computed but not reliable%n",
        results.size(),
        poor,
        total,
        rejected,
        Quality.artifactPercent(total, rejected));
  }

  private static void vertical(WindowResult r, PrintWriter out) {
    out.printf(Locale.ROOT, "%-12s %s%n", "start", clock(r.windowStart()));
    out.printf(Locale.ROOT, "%-12s %d%n", "n_total", r.totalBeats());
    out.printf(
        Locale.ROOT, "%-12s %d (%.2f %%)%n", "n_rejected", r.rejectedBeats(), r.artifactPercent());
    out.printf(Locale.ROOT, "%-12s %s%n", "quality", quality(r.quality()));
    for (Map.Entry<Metric, Double> e : r.metrics().asMap().entrySet()) {
      out.printf(Locale.ROOT, "%-12s %s%n", e.getKey().specName(), cell(e.getValue(), e.getKey()));
    }
  }

  /** Poor is written in capitals so it stands out in a column of good and fair. */
  private static String quality(Quality q) {
    return q == Quality.POOR ? "POOR" : q.specName();
  }

  private static String cell(Double v, Metric m) {
    return v == null ? "-" : HrvCoding.format(m, v);
  }

  /** Seconds as h:mm:ss, or as a plain number for epoch times (streams). */
  static String clock(double seconds) {
    if (seconds >= 1e8) {
      return HrvJson.number(seconds);
    }
    long s = (long) Math.floor(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
