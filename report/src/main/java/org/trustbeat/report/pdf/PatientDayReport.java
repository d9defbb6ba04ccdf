package org.trustbeat.report.pdf;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.Quality;
import org.trustbeat.report.ReportWindow;
import org.trustbeat.report.ResultSource;

/**
 * The one-page HRV report of one patient's day (UTC) from the windows the patient side opened, for
 * the dashboard: counts and quality of the day, the median of each metric over the windows that are
 * not poor, the per-window trends, and each window's artefact share against the poor threshold.
 * Without the beats themselves there is no tachogram, spectrum or Poincaré plot; the file report
 * ({@code trustbeat hrv --report}) has those.
 */
public final class PatientDayReport {
  private static final int CHART_WIDTH = 523;
  private static final int CHART_HEIGHT = 250;

  private PatientDayReport() {}

  /** The day's page as PDF bytes: the single call a dashboard download needs. */
  public static byte[] pdf(
      String patient, LocalDate day, List<ReportWindow> windows, Instant generatedAt)
      throws IOException {
    return HrvReportPdf.toBytes(of(patient, day, windows, generatedAt));
  }

  /**
   * The day's report.
   *
   * @param windows the patient's windows; those starting outside {@code day} (UTC) are ignored
   * @throws IllegalArgumentException if a window is another patient's, or none lies in the day
   */
  public static HrvReport of(
      String patient, LocalDate day, List<ReportWindow> windows, Instant generatedAt) {
    Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    List<ReportWindow> today = new ArrayList<>();
    for (ReportWindow w : windows) {
      if (!w.subject().equals(patient)) {
        throw new IllegalArgumentException(
            "a window of another patient was passed to the day report of "
                + patient
                + "; pass only that patient's windows");
      }
      if (!w.start().isBefore(from) && w.start().isBefore(to)) {
        today.add(w);
      }
    }
    if (today.isEmpty()) {
      throw new IllegalArgumentException(
          "patient " + patient + " has no window on " + day + " (UTC); pick a day with results");
    }
    today.sort(Comparator.comparing(ReportWindow::start));

    long beats = 0;
    long rejected = 0;
    int poor = 0;
    for (ReportWindow w : today) {
      beats += w.totalBeats();
      rejected += w.rejectedBeats();
      poor += w.quality() == Quality.POOR ? 1 : 0;
    }
    double artefacts = beats == 0 ? 0 : 100.0 * rejected / beats;
    long expected = java.time.Duration.between(from, to).dividedBy(today.get(0).length());
    return HrvReport.builder()
        .setTitle("HRV day report: patient " + patient + ", " + day)
        .addSummary("Windows", today.size() + " of " + expected + " (" + poor + " poor)")
        .addSummary("Beats", String.format(Locale.ROOT, "%,d", beats))
        .addSummary("Artefacts", String.format(Locale.ROOT, "%.2f %%", artefacts))
        .addSummary("Day quality", qualityText(Quality.of(artefacts)))
        .setSource(weakest(today))
        .setMetrics(
            medians(today),
            "median over the "
                + (today.size() - poor)
                + " windows that are not poor (each window's numbers as the enclave computed them)")
        .addWideChart(WindowTrendChart.of(today, from, CHART_WIDTH, CHART_HEIGHT))
        .addWideChart(artefactChart(today, from))
        .addNote(
            "Times are UTC. A poor window (over 20 % of its beats rejected as artefacts) is"
                + " computed but not reliable: it is shaded grey and left out of the trend lines and the"
                + " medians. A line breaks where a window is missing.")
        .setGeneratedAt(generatedAt)
        .build();
  }

  /** The source the banner shows: the least protected of the day's, so nothing overstates. */
  private static ResultSource weakest(List<ReportWindow> windows) {
    for (ReportWindow w : windows) {
      if (!w.source().hardwareProtected()) {
        return w.source();
      }
    }
    return windows.get(0).source();
  }

  private static Map<Metric, Double> medians(List<ReportWindow> windows) {
    Map<Metric, Double> out = new EnumMap<>(Metric.class);
    for (Metric m : windows.get(0).metrics().keySet()) {
      List<Double> vs = new ArrayList<>();
      for (ReportWindow w : windows) {
        if (w.quality() != Quality.POOR && w.get(m) != null) {
          vs.add(w.get(m));
        }
      }
      vs.sort(null);
      int n = vs.size();
      out.put(
          m, n == 0 ? null : n % 2 == 1 ? vs.get(n / 2) : (vs.get(n / 2 - 1) + vs.get(n / 2)) / 2);
    }
    return out;
  }

  private static XYChart artefactChart(List<ReportWindow> windows, Instant origin) {
    XYChart c =
        new XYChartBuilder()
            .width(CHART_WIDTH)
            .height(CHART_HEIGHT)
            .title("Artefacts per window (beats rejected; above 20 % the window is poor)")
            .xAxisTitle("time (h:mm)")
            .yAxisTitle("rejected (%)")
            .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    c.getStyler().setxAxisTickLabelsFormattingFunction(WindowTrendChart::hoursMinutes);
    c.getStyler().setYAxisMin(0.0);
    c.getStyler().setMarkerSize(4);
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    double top = 25;
    for (ReportWindow w : windows) {
      x.add(
          java.time.Duration.between(origin, w.start().plus(w.length().dividedBy(2))).toMillis()
              / 3_600_000.0);
      y.add(w.artifactPercent());
      top = Math.max(top, w.artifactPercent() * 1.1);
    }
    c.getStyler().setYAxisMax(Math.ceil(top / 5) * 5);
    XYSeries s = c.addSeries("artefacts", x, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setMarkerColor(new Color(90, 90, 90));
    double x0 = x.get(0);
    double x1 = x.get(x.size() - 1) + 1e-6;
    XYSeries limit =
        c.addSeries(
            "poor above 20 %",
            List.of(x0, x1), List.of(Quality.FAIR_MAX_ARTIFACT_PCT, Quality.FAIR_MAX_ARTIFACT_PCT));
    limit.setMarker(SeriesMarkers.NONE);
    limit.setLineColor(new Color(200, 40, 40));
    limit.setLineStyle(
        new BasicStroke(
            1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 3}, 0));
    return RoundTicks.onX(c);
  }

  private static String qualityText(Quality q) {
    return q == Quality.POOR ? "POOR" : q.specName();
  }
}
