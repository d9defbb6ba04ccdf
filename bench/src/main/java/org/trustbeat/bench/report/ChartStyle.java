package org.trustbeat.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The one look of TrustBeat's charts ({@code trustbeat hrv --plot} and the bench plots): white plot
 * on white, light dashed grid, the same fonts and the same colour for the same thing in every
 * chart.
 */
public final class ChartStyle {
  /** Plain mode, whole record, or the main series of a chart. */
  public static final Color PRIMARY = new Color(40, 40, 40);

  public static final Color BLUE = new Color(31, 119, 180);
  public static final Color ORANGE = new Color(230, 120, 30);
  public static final Color GREEN = new Color(44, 160, 44);
  public static final Color RED = new Color(214, 39, 40);
  public static final Color GREY = new Color(150, 150, 150);

  /** Series colours in order: bench modes (plain, sealed-inprocess, sealed-process) and trends. */
  public static final Color[] SERIES = {BLUE, ORANGE, GREEN, RED, GREY};

  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  private static final Font AXIS_TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

  private ChartStyle() {}

  /** Applies the look to a chart's styler; returns it for chaining. */
  public static <S extends AxesChartStyler> S apply(S s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(new Color(200, 200, 200));
    s.setPlotGridLinesColor(new Color(225, 225, 225));
    s.setPlotGridLinesStroke(
        new BasicStroke(
            1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_BEVEL, 10f, new float[] {3f, 3f}, 0f));
    s.setChartTitleFont(TITLE);
    s.setChartTitleBoxVisible(false);
    s.setAxisTitleFont(AXIS_TITLE);
    s.setAxisTickLabelsFont(TICKS);
    s.setLegendFont(LEGEND);
    s.setLegendBorderColor(new Color(210, 210, 210));
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setSeriesColors(SERIES);
    s.setAnnotationTextFont(LEGEND);
    s.setAntiAlias(true);
    return s;
  }
}
