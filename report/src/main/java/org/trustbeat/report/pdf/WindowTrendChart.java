package org.trustbeat.report.pdf;

import java.awt.BasicStroke;
import java.awt.Color;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.Quality;
import org.trustbeat.report.ReportWindow;

/**
 * Per-window trends: SDNN and RMSSD (ms, left axis) and mean heart rate (beats/min, right axis) at
 * each window's middle, as hours and minutes after a given origin. Poor windows are shaded grey and
 * their numbers left out of the lines, so they are not read as reliable; a line breaks where
 * windows are missing, so a gap is not drawn as a trend.
 */
public final class WindowTrendChart {
  private static final Color POOR_SHADE = new Color(120, 120, 120, 80);
  private static final Color SDNN = new Color(30, 90, 200);
  private static final Color RMSSD = new Color(0, 150, 110);
  private static final Color HR = new Color(200, 40, 40);

  private WindowTrendChart() {}

  /**
   * @param origin the instant drawn as 0:00 (a record's start, or a day's midnight)
   */
  public static XYChart of(List<ReportWindow> windows, Instant origin, int width, int height) {
    XYChart c =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title("Per-window trends (" + windowLabel(windows) + "; poor windows shaded grey)")
            .xAxisTitle("time (h:mm)")
            .yAxisTitle("SDNN blue, RMSSD green (ms)")
            .build();
    // The axis titles name the lines: a legend under the plot collides with the time axis
    // title at print sizes, and one inside it hides data.
    c.setYAxisGroupTitle(1, "mean HR red (beats/min)");
    c.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    c.getStyler().setLegendVisible(false);
    c.getStyler().setMarkerSize(3);
    c.getStyler().setxAxisTickLabelsFormattingFunction(WindowTrendChart::hoursMinutes);
    double top = 0;
    for (ReportWindow w : windows) {
      for (Metric m : List.of(Metric.SDNN, Metric.RMSSD)) {
        Double v = w.get(m);
        if (v != null && w.quality() != Quality.POOR) {
          top = Math.max(top, v);
        }
      }
    }
    if (!windows.isEmpty()) {
      // Whole hours at both ends, so the ticks fall on round times.
      c.getStyler().setXAxisMin(Math.floor(hours(origin, windows.get(0).start())));
      c.getStyler().setXAxisMax(Math.ceil(hours(origin, windows.get(windows.size() - 1).end())));
    }
    top = top > 0 ? Math.ceil(top * 1.1 / 10) * 10 : 10;
    c.getStyler().setYAxisMin(0, 0.0).setYAxisMax(0, top);
    shadePoor(c, windows, origin, top);
    line(c, windows, origin, Metric.SDNN, "SDNN", SDNN, 0);
    line(c, windows, origin, Metric.RMSSD, "RMSSD", RMSSD, 0);
    line(c, windows, origin, Metric.MEAN_HR, "mean HR", HR, 1);
    return RoundTicks.onX(c);
  }

  private static void shadePoor(XYChart c, List<ReportWindow> windows, Instant origin, double top) {
    int n = 0;
    for (ReportWindow w : windows) {
      if (w.quality() != Quality.POOR) {
        continue;
      }
      XYSeries s =
          c.addSeries(
              n == 0 ? "poor window" : "poor window " + n,
              List.of(hours(origin, w.start()), hours(origin, w.end())),
              List.of(top, top));
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
      s.setMarker(SeriesMarkers.NONE);
      s.setFillColor(POOR_SHADE);
      s.setLineColor(POOR_SHADE);
      s.setShowInLegend(n == 0);
      n++;
    }
  }

  /**
   * One series per run of consecutive windows that are not poor: the line breaks at a missing
   * window (a gap is not a trend) and at a poor one (its numbers are not reliable; the shading
   * marks it, and the FHIR export and JSON still carry its values).
   */
  private static void line(
      XYChart c,
      List<ReportWindow> windows,
      Instant origin,
      Metric m,
      String name,
      Color color,
      int axis) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    Instant expected = null;
    int runs = 0;
    for (ReportWindow w : windows) {
      Double v = w.quality() == Quality.POOR ? null : w.get(m);
      boolean gap = expected != null && w.start().isAfter(expected);
      if ((v == null || gap) && !x.isEmpty()) {
        add(c, name, runs++, x, y, color, axis);
        x = new ArrayList<>();
        y = new ArrayList<>();
      }
      if (v != null) {
        x.add(hours(origin, w.start().plus(w.length().dividedBy(2))));
        y.add(v);
      }
      expected = w.end();
    }
    if (!x.isEmpty()) {
      add(c, name, runs, x, y, color, axis);
    }
  }

  private static void add(
      XYChart c, String name, int run, List<Double> x, List<Double> y, Color color, int axis) {
    XYSeries s = c.addSeries(run == 0 ? name : name + " " + run, x, y);
    s.setYAxisGroup(axis);
    s.setLineColor(color);
    s.setMarkerColor(color);
    s.setMarker(x.size() > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    // Solid for all three: XChart's theme dashes later series, which reads as "estimated".
    s.setLineStyle(new BasicStroke(1.2f));
    s.setShowInLegend(run == 0);
  }

  private static String windowLabel(List<ReportWindow> windows) {
    if (windows.isEmpty()) {
      return "no windows";
    }
    Duration len = windows.get(0).length();
    return len.toSeconds() % 60 == 0
        ? len.toMinutes() + "-min windows"
        : len.toSeconds() + "-s windows";
  }

  private static double hours(Instant origin, Instant t) {
    return Duration.between(origin, t).toMillis() / 3_600_000.0;
  }

  /** Hours as h:mm. */
  static String hoursMinutes(double hours) {
    long minutes = Math.round(hours * 60);
    return String.format(
        Locale.ROOT, "%d:%02d", Math.floorDiv(minutes, 60), Math.floorMod(minutes, 60));
  }
}
