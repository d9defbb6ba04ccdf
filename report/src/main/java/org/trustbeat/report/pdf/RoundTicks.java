package org.trustbeat.report.pdf;

import java.awt.Color;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Round tick values on an XChart x axis. When every x value of a chart lies on one evenly spaced
 * grid (the bins of a spectrum, the centres of 5-min windows), XChart puts its ticks on grid
 * values, which read as 0.09, 0.17, 0.26 Hz or 0:03, 2:08, 4:12; one invisible point off the grid
 * makes it choose round values (0.1 Hz, whole hours) as it does for any other data.
 */
public final class RoundTicks {
  private RoundTicks() {}

  /** Adds the invisible off-grid point to {@code chart}, which must already hold its data. */
  public static XYChart onX(XYChart chart) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    double y = Double.NaN;
    for (XYSeries s : chart.getSeriesMap().values()) {
      double[] xs = s.getXData();
      double[] ys = s.getYData();
      for (int i = 0; i < xs.length; i++) {
        lo = Math.min(lo, xs[i]);
        hi = Math.max(hi, xs[i]);
        if (Double.isNaN(y) && ys[i] > 0) {
          y = ys[i];
        }
      }
    }
    if (!(hi > lo) || Double.isNaN(y)) {
      return chart;
    }
    // Half way, nudged by an irrational fraction of the span: on no grid the data could form.
    double x = lo + (hi - lo) * (0.5 + Math.PI * 1e-7);
    XYSeries s = chart.addSeries("\u200b", new double[] {x}, new double[] {y});
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(new Color(0, 0, 0, 0));
    s.setShowInLegend(false);
    return chart;
  }
}
