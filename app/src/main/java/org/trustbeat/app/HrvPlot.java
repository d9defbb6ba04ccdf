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
import org.trustbeat.hrv.HrvSpectrum;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.RrCleaner;
import org.trustbeat.hrv.WindowResult;

/** Draws an RR recording: tachogram, per-window trends and the Welch PSD with its bands shaded. */
final class HrvPlot {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 330;

  private HrvPlot() {}

  static void write(BeatSeries beats, List<WindowResult> windows, Path out) throws IOException {
    List<Chart<?, ?>> charts = new ArrayList<>();
    charts.add(tachogram(beats));
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

  private static XYChart tachogram(BeatSeries beats) {
    boolean[] ok = RrCleaner.accept(beats.rrMs());
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
    XYChart c = chart("Tachogram (NN intervals; rejected beats in red, clipped to 0–2500 ms)", "time (h)", "RR (ms)");
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
    XYChart c = chart("Per-window trends", "time (h)", "ms");
    addTrend(c, windows, Metric.SDNN);
    addTrend(c, windows, Metric.RMSSD);
    return c;
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

  private static XYChart spectrum(HrvSpectrum psd) {
    XYChart c = chart("Welch PSD of the whole record (VLF, LF, HF shaded)", "frequency (Hz)", "PSD (ms²/Hz)");
    double[] f = psd.frequencies();
    double[] p = psd.density();
    List<Double> fx = new ArrayList<>();
    List<Double> py = new ArrayList<>();
    for (int k = 0; k < f.length && f[k] <= 0.5; k++) {
      fx.add(f[k]);
      py.add(p[k]);
    }
    c.addSeries("PSD", fx, py).setMarker(SeriesMarkers.NONE);
    shade(c, "VLF", f, p, 0.0033, 0.04, new Color(150, 150, 150, 120));
    shade(c, "LF", f, p, 0.04, 0.15, new Color(70, 130, 220, 120));
    shade(c, "HF", f, p, 0.15, 0.40, new Color(230, 120, 60, 120));
    return c;
  }

  private static void shade(XYChart c, String name, double[] f, double[] p, double lo, double hi, Color color) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int k = 0; k < f.length; k++) {
      if (f[k] >= lo && f[k] < hi) {
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

  private static XYChart chart(String title, String x, String y) {
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
    c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    return c;
  }
}
