package org.trustbeat.app;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.trustbeat.bench.report.ChartStyle;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.HrvSpectrum;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.Quality;
import org.trustbeat.hrv.WindowResult;

/**
 * Draws an RR recording: tachogram, per-window trends, and the Welch PSD of the whole record and of
 * its windows, with the VLF, LF and HF bands shaded and named. Poor windows (over 20 % of beats
 * rejected, HRV-SPEC section 4) are shaded in the tachogram and the trends and left out of the
 * per-window spectra, so their numbers are never read as if they were reliable. Time axes read
 * hh:mm from the start of the recording; the PSD has a log power axis over 0–0.5 Hz.
 */
final class HrvPlot {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 360;
  private static final double MAX_HZ = 0.5;

  /** The frequencies the per-window spectra are drawn at: 0 to 0.5 Hz in steps of 1/512 Hz. */
  private static final double[] GRID = new double[257];

  static {
    for (int i = 0; i < GRID.length; i++) {
      GRID[i] = i / 512.0;
    }
  }

  private static final Color POOR_SHADE = new Color(120, 120, 120, 60);

  /** The bands of HRV-SPEC section 6, shaded across the whole height of the PSD charts. */
  private static final List<Band> BANDS =
      List.of(
          new Band("VLF", 0.0033, 0.04, new Color(160, 160, 160, 55)),
          new Band("LF", 0.04, 0.15, new Color(31, 119, 180, 45)),
          new Band("HF", 0.15, 0.40, new Color(230, 120, 30, 45)));

  private record Band(String name, double lo, double hi, Color shade) {}

  private HrvPlot() {}

  /**
   * @param windows the per-window results drawn as trends; empty for a whole-record report, whose
   *     tachogram and window spectra then use the {@code windowSeconds} windows
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
    HrvSpectrum whole = HrvSpectrum.ofWholeRecord(beats);
    if (whole != null) {
      charts.add(spectrum(whole));
    }
    List<double[]> perWindow = windowSpectra(beats, graded);
    if (perWindow.size() >= 2) {
      charts.add(
          spectrum(
              String.format(
                  Locale.ROOT,
                  "Welch PSD of each %.0f-s window that is not poor (%d of %d windows)",
                  windowSeconds,
                  perWindow.size(),
                  graded.size()),
              GRID,
              perWindow,
              whole));
    }
    String name = out.toString();
    String base =
        name.toLowerCase(Locale.ROOT).endsWith(".png")
            ? name.substring(0, name.length() - 4)
            : name;
    BitmapEncoder.saveBitmap(charts, charts.size(), 1, base, BitmapEncoder.BitmapFormat.PNG);
  }

  static XYChart tachogram(BeatSeries beats, List<WindowResult> graded) {
    boolean[] ok = HrvAnalyzer.accepted(beats);
    List<Date> tn = new ArrayList<>();
    List<Double> nn = new ArrayList<>();
    List<Date> tr = new ArrayList<>();
    List<Double> rr = new ArrayList<>();
    for (int i = 0; i < beats.size(); i++) {
      Date t = clock(beats.time(i));
      if (ok[i]) {
        tn.add(t);
        nn.add(beats.rr(i));
      } else if (Double.isFinite(beats.rr(i))) {
        tr.add(t);
        rr.add(Math.max(0, Math.min(2500, beats.rr(i))));
      }
    }
    XYChart c =
        timeChart(
            "Tachogram: NN intervals (rejected beats in red, clipped to 0–2500 ms;"
                + " poor windows shaded)",
            "RR (ms)");
    shadePoor(c, graded, 2500);
    XYSeries s = c.addSeries("NN", tn, nn);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineWidth(0.6f);
    s.setLineColor(ChartStyle.BLUE);
    if (!tr.isEmpty()) {
      XYSeries r = c.addSeries("rejected", tr, rr);
      r.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      r.setMarker(SeriesMarkers.CIRCLE);
      r.setMarkerColor(ChartStyle.RED);
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
    addTrend(c, windows, Metric.SDNN, ChartStyle.BLUE);
    addTrend(c, windows, Metric.RMSSD, ChartStyle.ORANGE);
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
      XYSeries s =
          c.addSeries(
              n == 0 ? "poor window" : "poor window " + n,
              List.of(clock(w.windowStart()), clock(w.windowStart() + w.windowLength())),
              List.of(top, top));
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
      s.setMarker(SeriesMarkers.NONE);
      s.setFillColor(POOR_SHADE);
      s.setLineColor(POOR_SHADE);
      s.setShowInLegend(n == 0);
      n++;
    }
  }

  private static void addTrend(XYChart c, List<WindowResult> windows, Metric m, Color color) {
    List<Date> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (WindowResult w : windows) {
      if (w.metrics().get(m) != null) {
        x.add(clock(w.windowStart()));
        y.add(w.metrics().get(m));
      }
    }
    if (!x.isEmpty()) {
      XYSeries s = c.addSeries(m.specName(), x, y);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(color);
    }
  }

  /**
   * The PSD of each window that is not poor and has a spectrum, interpolated onto {@link #GRID} (a
   * window's Welch bins depend on its length).
   */
  private static List<double[]> windowSpectra(BeatSeries beats, List<WindowResult> windows) {
    double[] t = beats.times();
    double[] rr = beats.rrMs();
    List<double[]> out = new ArrayList<>();
    for (WindowResult w : windows) {
      if (w.quality() == Quality.POOR) {
        continue;
      }
      int from = lowerBound(t, w.windowStart());
      int to = lowerBound(t, w.windowStart() + w.windowLength());
      if (to - from < 2) {
        continue;
      }
      HrvSpectrum s =
          HrvSpectrum.ofWholeRecord(
              BeatSeries.of(Arrays.copyOfRange(t, from, to), Arrays.copyOfRange(rr, from, to)));
      if (s != null) {
        out.add(onGrid(s.frequencies(), s.density()));
      }
    }
    return out;
  }

  /** Linear interpolation of a spectrum at the {@link #GRID} frequencies. */
  static double[] onGrid(double[] f, double[] p) {
    double[] out = new double[GRID.length];
    int k = 0;
    for (int g = 0; g < GRID.length; g++) {
      while (k + 1 < f.length && f[k + 1] < GRID[g]) {
        k++;
      }
      if (k + 1 >= f.length) {
        out[g] = p[f.length - 1];
      } else {
        double w = (GRID[g] - f[k]) / (f[k + 1] - f[k]);
        out[g] = p[k] + Math.max(0, Math.min(1, w)) * (p[k + 1] - p[k]);
      }
    }
    return out;
  }

  private static int lowerBound(double[] t, double x) {
    int i = Arrays.binarySearch(t, x);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && t[i - 1] == x) {
      i--;
    }
    return i;
  }

  /** The whole record's Welch PSD alone, as {@code --plot} draws it (the PDF report uses it). */
  static XYChart spectrum(HrvSpectrum whole) {
    return spectrum(
        "Welch PSD of the whole record", whole.frequencies(), List.of(whole.density()), null);
  }

  /**
   * One spectrum as a line, or several as their median with the 10th and 90th percentiles (and
   * {@code reference}, the whole record's, for comparison), on a log power axis.
   */
  private static XYChart spectrum(
      String title, double[] f, List<double[]> spectra, HrvSpectrum reference) {
    XYChart c = chart(title, "frequency (Hz)", "PSD (ms²/Hz, log scale)");
    // Below the plot: inside it would hide the HF part of the curves.
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    c.getStyler().setYAxisLogarithmic(true);
    c.getStyler().setXAxisMin(0.0).setXAxisMax(MAX_HZ);
    c.getStyler().setXAxisDecimalPattern("0.0#");
    c.getStyler().setXAxisTickMarkSpacingHint(90);
    c.getStyler().setYAxisDecimalPattern("#,##0.#");
    int n = 0;
    while (n < f.length && f[n] <= MAX_HZ) {
      n++;
    }
    double[][] p = spectra.toArray(new double[0][]);
    double lo = Double.MAX_VALUE;
    double hi = 0;
    List<double[]> lines = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (p.length == 1) {
      c.getStyler().setLegendVisible(false);
      lines.add(p[0]);
      names.add("PSD");
    } else {
      lines.add(percentile(p, n, 0.5));
      names.add("median of the windows");
      lines.add(percentile(p, n, 0.1));
      names.add("10th and 90th percentile");
      lines.add(percentile(p, n, 0.9));
      names.add("90th percentile");
    }
    for (double[] l : lines) {
      for (int k = 1; k < n; k++) {
        if (l[k] > 0) {
          lo = Math.min(lo, l[k]);
          hi = Math.max(hi, l[k]);
        }
      }
    }
    // Decades that hold every point: the bands' shading spans them, and the ticks read 10^k.
    double bottom = Math.pow(10, Math.floor(Math.log10(lo)));
    double top = Math.pow(10, Math.ceil(Math.log10(hi)));
    c.getStyler().setYAxisMin(bottom).setYAxisMax(top);
    for (Band b : BANDS) {
      XYSeries s =
          c.addSeries(
              String.format(Locale.ROOT, "%s %s–%s Hz", b.name(), hz(b.lo()), hz(b.hi())),
              List.of(b.lo(), b.hi()),
              List.of(top, top));
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
      s.setMarker(SeriesMarkers.NONE);
      s.setFillColor(b.shade());
      s.setLineColor(b.shade());
      s.setShowInLegend(false);
      // Named on the chart itself; VLF is too narrow for its limits, which the axis shows.
      String label =
          b.lo() < 0.01
              ? b.name()
              : String.format(Locale.ROOT, "%s %s–%s Hz", b.name(), hz(b.lo()), hz(b.hi()));
      c.addAnnotation(new AnnotationText(label, (b.lo() + b.hi()) / 2, top / 1.8, false));
    }
    Color[] colors = {ChartStyle.PRIMARY, ChartStyle.GREY, ChartStyle.GREY};
    for (int i = 0; i < lines.size(); i++) {
      XYSeries s = addLine(c, names.get(i), f, lines.get(i), n);
      s.setLineColor(colors[i]);
      s.setShowInLegend(i < 2);
      if (i > 0) {
        s.setLineWidth(1f);
        s.setLineStyle(
            new BasicStroke(
                1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_BEVEL, 10f, new float[] {4f, 3f}, 0f));
      }
    }
    if (reference != null) {
      XYSeries s =
          addLine(
              c,
              "whole record",
              f.length == reference.frequencies().length ? f : reference.frequencies(),
              reference.density(),
              Integer.MAX_VALUE);
      s.setLineColor(ChartStyle.BLUE);
      s.setLineWidth(1f);
    }
    return c;
  }

  private static XYSeries addLine(XYChart c, String name, double[] f, double[] p, int n) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    // k from 1: the DC bin (and any zero) has no place on a log axis.
    for (int k = 1; k < Math.min(n, f.length) && f[k] <= MAX_HZ; k++) {
      if (p[k] > 0) {
        x.add(f[k]);
        y.add(p[k]);
      }
    }
    XYSeries s = c.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.NONE);
    return s;
  }

  /** Per bin, the {@code q} quantile (nearest rank) over the spectra. */
  static double[] percentile(double[][] spectra, int bins, double q) {
    double[] out = new double[bins];
    double[] column = new double[spectra.length];
    for (int k = 0; k < bins; k++) {
      for (int i = 0; i < spectra.length; i++) {
        column[i] = spectra[i][k];
      }
      Arrays.sort(column);
      int rank = (int) Math.round(q * (column.length - 1));
      out[k] = column[rank];
    }
    return out;
  }

  private static String hz(double f) {
    return new java.text.DecimalFormat(
            "0.####", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT))
        .format(f);
  }

  /** A chart over recording time: x values are {@link #clock} dates, read as hh:mm. */
  private static XYChart timeChart(String title, String y) {
    XYChart c = chart(title, "time from the start of the recording (hh:mm)", y);
    c.getStyler().setDatePattern("HH:mm");
    c.getStyler().setXAxisTickMarkSpacingHint(85);
    c.getStyler().setTimezone(TimeZone.getTimeZone("UTC"));
    return c;
  }

  /** Seconds from the start of the recording as a date on 1 January 1970 UTC, for hh:mm ticks. */
  static Date clock(double seconds) {
    return new Date(Math.round(seconds * 1000));
  }

  static String hoursMinutes(double hours) {
    long minutes = Math.round(hours * 60);
    return String.format(Locale.ROOT, "%d:%02d", minutes / 60, minutes % 60);
  }

  private static XYChart chart(String title, String x, String y) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(x)
            .yAxisTitle(y)
            .build();
    ChartStyle.apply(c.getStyler());
    return c;
  }
}
