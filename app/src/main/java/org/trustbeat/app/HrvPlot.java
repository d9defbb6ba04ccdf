package org.trustbeat.app;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.HrvSpectrum;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.Quality;
import org.trustbeat.hrv.WindowResult;

/**
 * Draws an RR recording: tachogram, per-window trends and the Welch PSD with its bands shaded.
 * Poor windows (over 20 % of beats rejected, HRV-SPEC section 4) are shaded in the tachogram and
 * the trends, so their numbers are never read as if they were reliable.
 */
final class HrvPlot {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 330;
  private static final Color POOR_SHADE = new Color(120, 120, 120, 70);

  private HrvPlot() {}

  /**
   * @param windows the per-window results drawn as trends; empty for a whole-record report, whose
   *     tachogram is then shaded by the quality of its {@code windowSeconds} windows
   */
  static void write(BeatSeries beats, List<WindowResult> windows, double windowSeconds, Path out)
      throws IOException {
    List<WindowResult> graded =
        windows.isEmpty() ? HrvAnalyzer.windows(beats, windowSeconds, HrvJob.SDNN) : windows;
    List<Chart<?, ?>> charts = new ArrayList<>();
    charts.add(tachogram(beats, graded));
    if (windows.size() >= 2 && windows.get(0).metrics().has(Metric.SDNN)) {
      charts.add(trends(windows));
    }
    HrvSpectrum psd = HrvSpectrum.ofWholeRecord(beats);
    if (psd != null) {
      charts.add(spectrum(psd));
    }
    String name = out.toString();
    String base = name.toLowerCase().endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    BitmapEncoder.saveBitmap(charts, charts.size(), 1, base, BitmapEncoder.BitmapFormat.PNG);
  }

  static XYChart tachogram(BeatSeries beats, List<WindowResult> graded) {
    boolean[] ok = HrvAnalyzer.accepted(beats);
    List<Double> tn = new ArrayList<>();
    List<Double> nn = new ArrayList<>();
    List<Double> tr = new ArrayList<>();
    List<Double> rr = new ArrayList<>();
    for (int i = 0; i < beats.size(); i++) {
      double h = beats.time(i) / 3600.0;
      if (ok[i]) {
        tn.add(h);
        nn.add(beats.rr(i));
      } else if (Double.isFinite(beats.rr(i))) {
        tr.add(h);
        rr.add(Math.max(0, Math.min(2500, beats.rr(i))));
      }
    }
    XYChart c = timeChart("Tachogram (NN intervals; rejected beats in red, clipped to 0–2500 ms;"
        + " poor windows shaded)", "RR (ms)");
    shadePoor(c, graded, 2500);
    XYSeries s = c.addSeries("NN", tn, nn);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineWidth(0.6f);
    if (!tr.isEmpty()) {
      XYSeries r = c.addSeries("rejected", tr, rr);
      r.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      r.setMarkerColor(Color.RED);
    }
    return c;
  }

  private static XYChart trends(List<WindowResult> windows) {
    XYChart c = timeChart("Per-window trends (poor windows shaded)", "ms");
    double top = 0;
    for (WindowResult w : windows) {
      for (Metric m : List.of(Metric.SDNN, Metric.RMSSD)) {
        Double v = w.metrics().get(m);
        top = v == null ? top : Math.max(top, v);
      }
    }
    shadePoor(c, windows, top > 0 ? top * 1.05 : 1);
    addTrend(c, windows, Metric.SDNN);
    addTrend(c, windows, Metric.RMSSD);
    return c;
  }

  /**
   * A grey band from 0 to {@code top} behind each poor window, so every poor stretch reads as
   * unreliable; one legend entry for all of them.
   */
  private static void shadePoor(XYChart c, List<WindowResult> windows, double top) {
    int n = 0;
    for (WindowResult w : windows) {
      if (w.quality() != Quality.POOR) {
        continue;
      }
      double from = w.windowStart() / 3600.0;
      double to = (w.windowStart() + w.windowLength()) / 3600.0;
      XYSeries s = c.addSeries(n == 0 ? "poor window" : "poor window " + n,
          List.of(from, to), List.of(top, top));
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
      s.setMarker(SeriesMarkers.NONE);
      s.setFillColor(POOR_SHADE);
      s.setLineColor(POOR_SHADE);
      s.setShowInLegend(n == 0);
      n++;
    }
  }

  private static void addTrend(XYChart c, List<WindowResult> windows, Metric m) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (WindowResult w : windows) {
      if (w.metrics().get(m) != null) {
        x.add(w.windowStart() / 3600.0);
        y.add(w.metrics().get(m));
      }
    }
    if (!x.isEmpty()) {
      c.addSeries(m.specName(), x, y).setMarker(SeriesMarkers.NONE);
    }
  }

  static XYChart spectrum(HrvSpectrum psd) {
    XYChart c = chart("Welch PSD of the whole record (log power; VLF, LF, HF shaded)",
        "frequency (Hz)", "PSD (ms²/Hz)");
    // A log power axis: the VLF peak is orders of magnitude above LF and HF and would flatten
    // them on a linear one. The DC bin (and any zero) has no place on it.
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setXAxisMin(0.0).setXAxisMax(0.5);
    c.getStyler().setxAxisTickLabelsFormattingFunction(
        x -> String.format(java.util.Locale.ROOT, "%.2f", x));
    double[] f = psd.frequencies();
    double[] p = psd.density();
    List<Double> fx = new ArrayList<>();
    List<Double> py = new ArrayList<>();
    for (int k = 1; k < f.length && f[k] <= 0.5; k++) {
      if (p[k] > 0) {
        fx.add(f[k]);
        py.add(p[k]);
      }
    }
    shade(c, "VLF 0.0033–0.04 Hz", f, p, 0.0033, 0.04, new Color(150, 150, 150, 120));
    shade(c, "LF 0.04–0.15 Hz", f, p, 0.04, 0.15, new Color(70, 130, 220, 120));
    shade(c, "HF 0.15–0.40 Hz", f, p, 0.15, 0.40, new Color(230, 120, 60, 120));
    XYSeries line = c.addSeries("PSD", fx, py);
    line.setMarker(SeriesMarkers.NONE);
    line.setLineColor(Color.DARK_GRAY);
    return c;
  }

  private static void shade(XYChart c, String name, double[] f, double[] p, double lo, double hi, Color color) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int k = 0; k < f.length; k++) {
      if (f[k] >= lo && f[k] < hi && p[k] > 0) {
        x.add(f[k]);
        y.add(p[k]);
      }
    }
    if (x.size() >= 2) {
      XYSeries s = c.addSeries(name, x, y);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
      s.setMarker(SeriesMarkers.NONE);
      s.setFillColor(color);
      s.setLineColor(color);
    }
  }

  /** A chart over recording time, its axis in h:mm from the start (x values are hours). */
  private static XYChart timeChart(String title, String y) {
    XYChart c = chart(title, "time (h:mm)", y);
    c.getStyler().setxAxisTickLabelsFormattingFunction(HrvPlot::hoursMinutes);
    return c;
  }

  static String hoursMinutes(double hours) {
    long minutes = Math.round(hours * 60);
    return String.format(java.util.Locale.ROOT, "%d:%02d", minutes / 60, minutes % 60);
  }

  private static XYChart chart(String title, String x, String y) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    return c;
  }
}
