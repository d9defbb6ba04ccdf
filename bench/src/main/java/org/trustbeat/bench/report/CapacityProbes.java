package org.trustbeat.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The fixed-count capacity probes ({@code bench --patients}): a table per patient count and mode
 * (sustained, mean and worst batch, result delay, ms per patient per batch, ratio to plain) and the
 * scaling plot, ms per patient per batch against patients, one line per mode.
 */
final class CapacityProbes {
  static final String PLOT = "capacity-scaling.png";

  private CapacityProbes() {}

  private static List<Integer> counts(List<Measurement> all) {
    TreeSet<Integer> n = new TreeSet<>();
    all.stream()
        .filter(m -> m.kind().equals("capacity-per-patient"))
        .forEach(m -> n.add((int) m.loadBytes()));
    return new ArrayList<>(n);
  }

  private static Optional<Double> value(List<Measurement> all, String kind, String mode, int n) {
    return all.stream()
        .filter(
            m -> m.kind().equals(kind) && m.mode().equals(mode) && m.load().equals(n + "patients"))
        .map(Measurement::value)
        .findFirst();
  }

  static void table(StringBuilder md, List<Measurement> all) {
    List<Integer> counts = counts(all);
    if (counts.isEmpty()) {
      return;
    }
    md.append("## Capacity probes: fixed patient counts (1.2 beats/s each, real event time)\n\n");
    md.append(
        "Sustained = every batch after the backlog within the trigger and every result stored"
            + " within two triggers of its close. Delay: from the end of the batch that moved the"
            + " watermark past the patient's close to the end of the batch that stored the result.\n\n");
    md.append(
        "Closing and other batches: the mean of the batches that closed windows (where the"
            + " enclave works) and of those that only appended chunks, each against plain's.\n\n");
    md.append(
        "| patients | mode | sustained | mean batch ms | worst batch ms | max delay s |"
            + " ms per patient per batch | mean batch / plain | closing batches ms (/ plain) |"
            + " other batches ms (/ plain) |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (int n : counts) {
      double plain = value(all, "capacity-mean", "plain", n).orElse(Double.NaN);
      for (String mode : BenchSummary.MODES) {
        Optional<Double> mean = value(all, "capacity-mean", mode, n);
        if (mean.isEmpty()) {
          continue;
        }
        md.append(
            String.format(
                Locale.ROOT,
                "| %d | %s | %s | %.0f | %.0f | %.1f | %.4f | %s | %s | %s |\n",
                n,
                mode,
                value(all, "capacity-sustained", mode, n).orElse(0.0) > 0 ? "yes" : "**no**",
                mean.get(),
                value(all, "capacity-probe", mode, n).orElse(Double.NaN),
                value(all, "capacity-delay", mode, n).orElse(Double.NaN) / 1000,
                value(all, "capacity-per-patient", mode, n).orElse(Double.NaN),
                plain > 0 ? String.format(Locale.ROOT, "%.2f×", mean.get() / plain) : "—",
                againstPlain(all, "capacity-mean-closing", mode, n),
                againstPlain(all, "capacity-mean-other", mode, n)));
      }
    }
    md.append('\n');
  }

  /** "mean (ratio×)" of one kind of batch, or a dash where it was not measured (older runs). */
  private static String againstPlain(List<Measurement> all, String kind, String mode, int n) {
    Optional<Double> v = value(all, kind, mode, n).filter(d -> !d.isNaN());
    if (v.isEmpty()) {
      return "—";
    }
    double plain = value(all, kind, "plain", n).orElse(Double.NaN);
    return plain > 0
        ? String.format(Locale.ROOT, "%.0f (%.2f×)", v.get(), v.get() / plain)
        : String.format(Locale.ROOT, "%.0f", v.get());
  }

  /** Writes the scaling plot if there are probes; returns it. */
  static Optional<Path> plot(Path dir, List<Measurement> all) throws IOException {
    List<Integer> counts = counts(all);
    if (counts.isEmpty()) {
      return Optional.empty();
    }
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title(
                "Capacity scaling: cost per patient per micro-batch (sealed modes: SIMULATION attestation)")
            .xAxisTitle("patients at 1.2 beats/s")
            .yAxisTitle("mean batch time / patients (ms)")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    if (counts.get(counts.size() - 1) > 10 * counts.get(0)) {
      chart.getStyler().setXAxisLogarithmic(true);
    }
    for (String mode : BenchSummary.MODES) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int n : counts) {
        value(all, "capacity-per-patient", mode, n)
            .ifPresent(
                v -> {
                  x.add((double) n);
                  y.add(v);
                });
      }
      if (!x.isEmpty()) {
        XYSeries series = chart.addSeries(mode, x, y);
        series.setMarker(SeriesMarkers.CIRCLE);
      }
    }
    Path f = dir.resolve(PLOT);
    BitmapEncoder.saveBitmap(chart, f.toString(), BitmapEncoder.BitmapFormat.PNG);
    return Optional.of(f);
  }
}
