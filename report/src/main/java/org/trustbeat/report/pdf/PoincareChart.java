package org.trustbeat.report.pdf;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.Metric;

/**
 * The Poincaré plot of a record: each NN interval against the next, the line of identity, and the
 * SD1/SD2 ellipse (semi-axes SD1 across and SD2 along the identity line, centred on the mean NN).
 * SD1, SD2 and the mean are the analysis' own numbers, passed in, not recomputed here.
 */
public final class PoincareChart {
  private static final Color POINTS = new Color(40, 90, 160, 60);
  private static final Color ELLIPSE = new Color(200, 30, 30);

  private PoincareChart() {}

  /**
   * @param accepted which beats the cleaning kept ({@code HrvAnalyzer.accepted}); the NN sequence
   *     is the kept intervals in order, as HRV-SPEC section 6 pairs them
   * @param metrics the record's metrics, with {@code mean_nn}, {@code sd1} and {@code sd2}; the
   *     ellipse is left out when one is absent
   */
  public static XYChart of(
      BeatSeries beats,
      boolean[] accepted,
      java.util.Map<Metric, Double> metrics,
      int width,
      int height) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    double prev = Double.NaN;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < beats.size(); i++) {
      if (!accepted[i]) {
        continue;
      }
      double nn = beats.rr(i);
      if (!Double.isNaN(prev)) {
        x.add(prev);
        y.add(nn);
      }
      lo = Math.min(lo, nn);
      hi = Math.max(hi, nn);
      prev = nn;
    }
    Double sd1 = metrics.get(Metric.SD1);
    Double sd2 = metrics.get(Metric.SD2);
    Double mean = metrics.get(Metric.MEAN_NN);
    String title =
        sd1 != null && sd2 != null
            ? String.format(Locale.ROOT, "Poincaré plot (SD1 %.1f ms, SD2 %.1f ms)", sd1, sd2)
            : "Poincaré plot";
    XYChart c =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle("NN(i) (ms)")
            .yAxisTitle("NN(i+1) (ms)")
            .build();
    // The cloud lies along the diagonal: the upper-left corner is free for the legend.
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    c.getStyler().setXAxisDecimalPattern("0");
    c.getStyler().setYAxisDecimalPattern("0");
    c.getStyler().setMarkerSize(2);
    if (x.isEmpty()) {
      return c;
    }
    // One range for both axes, rounded out to 100 ms, so the plot is square and the identity
    // line is the diagonal.
    double min = Math.floor(lo / 100) * 100;
    double max = Math.ceil(hi / 100) * 100;
    c.getStyler().setXAxisMin(min).setXAxisMax(max).setYAxisMin(min).setYAxisMax(max);
    XYSeries pts = c.addSeries("NN pairs", x, y);
    pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    pts.setMarker(SeriesMarkers.CIRCLE);
    pts.setMarkerColor(POINTS);
    XYSeries id = c.addSeries("identity", List.of(min, max), List.of(min, max));
    id.setMarker(SeriesMarkers.NONE);
    id.setLineColor(Color.GRAY);
    id.setLineStyle(
        new BasicStroke(
            0.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4, 3}, 0));
    if (sd1 != null && sd2 != null && mean != null) {
      List<Double> ex = new ArrayList<>();
      List<Double> ey = new ArrayList<>();
      for (int k = 0; k <= 120; k++) {
        double t = 2 * Math.PI * k / 120;
        double along = sd2 * Math.cos(t);
        double across = sd1 * Math.sin(t);
        ex.add(mean + (along - across) / Math.sqrt(2));
        ey.add(mean + (along + across) / Math.sqrt(2));
      }
      XYSeries e = c.addSeries("SD1/SD2 ellipse", ex, ey);
      e.setMarker(SeriesMarkers.NONE);
      e.setLineColor(ELLIPSE);
      e.setLineWidth(1.6f);
    }
    return c;
  }
}
