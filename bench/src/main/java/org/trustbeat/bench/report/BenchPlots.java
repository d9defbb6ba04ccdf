package org.trustbeat.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots in the paper's style: time against load, one line per mode with error bars of one
 * standard deviation, logarithmic load axis (and time axis when the times span more than 10×); one
 * plot per kind and job, {@code <kind>-<job>.png}, plus {@code capacity.png}.
 */
public final class BenchPlots {
  private BenchPlots() {}

  /** Writes the plots into {@code dir}; returns the files written. */
  public static List<Path> write(Path dir, List<Measurement> all) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String kind : List.of("batch", "stream")) {
      for (String job : BenchSummary.jobs(all, kind)) {
        out.add(plot(dir, all, kind, job));
      }
    }
    List<Measurement> cap = all.stream().filter(m -> m.kind().equals("capacity")).toList();
    if (!cap.isEmpty()) {
      CategoryChart c =
          new CategoryChartBuilder()
              .width(700)
              .height(450)
              .title("Capacity (" + cap.get(0).job() + "): patients sustained")
              .xAxisTitle("mode")
              .yAxisTitle("patients at 1.2 beats/s")
              .build();
      ChartStyle.apply(c.getStyler()).setLegendVisible(false);
      c.addSeries(
          "patients",
          cap.stream().map(Measurement::mode).toList(),
          cap.stream().map(Measurement::value).toList());
      Path f = dir.resolve("capacity.png");
      BitmapEncoder.saveBitmap(c, f.toString(), BitmapEncoder.BitmapFormat.PNG);
      out.add(f);
    }
    CapacityProbes.plot(dir, all).ifPresent(out::add);
    return out;
  }

  private static Path plot(Path dir, List<Measurement> all, String kind, String job)
      throws IOException {
    Map<String, Map<String, BenchSummary.Stats>> table = BenchSummary.table(all, kind, job);
    boolean stream = kind.equals("stream");
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title(
                (stream ? "Stream execution" : "Batch execution")
                    + ": "
                    + job
                    + " (sealed modes: SIMULATION attestation)")
            .xAxisTitle(
                stream
                    ? "input rate (bytes of samples per second)"
                    : "input size (bytes of samples)")
            .yAxisTitle(stream ? "mean batch processing time (ms)" : "elapsed time (ms)")
            .build();
    Styler s = ChartStyle.apply(chart.getStyler());
    s.setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    double minX = Double.MAX_VALUE;
    double maxX = 0;
    double min = Double.MAX_VALUE;
    double max = 0;
    for (String mode : BenchSummary.MODES) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      List<Double> err = new ArrayList<>();
      table.forEach(
          (load, byMode) -> {
            BenchSummary.Stats st = byMode.get(mode);
            if (st != null && st.n() > 0 && st.mean() > 0) {
              x.add((double) BenchSummary.bytesOf(all, load));
              y.add(st.mean());
              err.add(st.std());
            }
          });
      if (x.isEmpty()) {
        continue;
      }
      for (double v : y) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      for (double v : x) {
        minX = Math.min(minX, v);
        maxX = Math.max(maxX, v);
      }
      XYSeries series = chart.addSeries(mode, x, y, err);
      series.setMarker(SeriesMarkers.CIRCLE);
    }
    if (max > 10 * min && min > 0) {
      chart.getStyler().setYAxisLogarithmic(true);
      chart.getStyler().setYAxisDecimalPattern("#,##0");
    }
    // Log scale as in the paper, but only where the loads span a decade: below that XChart draws
    // no tick labels on a log axis.
    if (maxX > 10 * minX) {
      chart.getStyler().setXAxisLogarithmic(true);
      // Whole numbers with separators (1,000 / 10,000 / 1,000,000) instead of 1E4: byte counts.
      chart.getStyler().setXAxisDecimalPattern("#,##0");
    } else {
      // A formatter on a log axis gets positions, not loads, in XChart 3.8: linear axes only.
      chart.getStyler().setxAxisTickLabelsFormattingFunction(BenchPlots::bytes);
    }
    Path f = dir.resolve(kind + "-" + job + ".png");
    BitmapEncoder.saveBitmap(chart, f.toString(), BitmapEncoder.BitmapFormat.PNG);
    return f;
  }

  /** Byte counts as people read them: 1 kB, 32 kB, 1.5 MB. */
  static String bytes(double b) {
    java.text.DecimalFormat f =
        new java.text.DecimalFormat(
            "0.##", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
    if (b >= 1 << 20) {
      return f.format(b / (1 << 20)) + " MB";
    }
    if (b >= 1 << 10) {
      return f.format(b / (1 << 10)) + " kB";
    }
    return f.format(b) + " B";
  }
}
