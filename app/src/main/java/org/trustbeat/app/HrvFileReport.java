package org.trustbeat.app;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvSpectrum;
import org.trustbeat.hrv.Quality;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.report.ReportWindow;
import org.trustbeat.report.ResultSource;
import org.trustbeat.report.pdf.HrvReport;
import org.trustbeat.report.pdf.PoincareChart;
import org.trustbeat.report.pdf.RoundTicks;
import org.trustbeat.report.pdf.WindowTrendChart;

/**
 * The one-page report of an RR file for {@code trustbeat hrv --report}: the whole-record metrics
 * exactly as {@code --whole --format json} prints them, the tachogram and Welch PSD that {@code
 * --plot} draws ({@link HrvPlot}), the Poincaré plot with its SD1/SD2 ellipse, and the per-window
 * trends with poor windows shaded.
 */
final class HrvFileReport {
  /** Chart sizes in points, the page's: the charts are drawn at the size they are placed. */
  private static final int WIDE = 523;

  private static final int HALF = 258;
  private static final int HEIGHT = 200;

  private HrvFileReport() {}

  /**
   * @param whole the whole-record result ({@code HrvAnalyzer.wholeRecord})
   * @param windows the per-window results of the full hrv suite
   */
  static HrvReport of(
      String name,
      BeatSeries beats,
      WindowResult whole,
      List<WindowResult> windows,
      double windowSeconds,
      Instant generatedAt) {
    ResultSource source = ResultSource.localAnalysis("hrv");
    int poor = (int) windows.stream().filter(w -> w.quality() == Quality.POOR).count();
    HrvReport.Builder b =
        HrvReport.builder()
            .setTitle("HRV report: " + name)
            .addSummary("Duration", HrvFormats.clock(whole.windowLength()))
            .addSummary("Beats", String.format(Locale.ROOT, "%,d", whole.totalBeats()))
            .addSummary(
                "Rejected",
                String.format(
                    Locale.ROOT, "%,d (%.2f %%)", whole.rejectedBeats(), whole.artifactPercent()))
            .addSummary(
                "Quality", whole.quality() == Quality.POOR ? "POOR" : whole.quality().specName())
            .addSummary(
                "Windows",
                String.format(
                    Locale.ROOT,
                    "%d of %s (%d poor)",
                    windows.size(),
                    windowLabel(windowSeconds),
                    poor))
            .setSource(source)
            .setMetrics(
                whole.metrics().asMap(), "whole record (the numbers of trustbeat hrv --whole)")
            .addWideChart(
                titled(
                    HrvPlot.tachogram(beats, windows),
                    "Tachogram: NN intervals, rejected beats red (clipped to 0-2500 ms), poor windows grey"))
            .setGeneratedAt(generatedAt);
    HrvSpectrum psd = HrvSpectrum.ofWholeRecord(beats);
    if (psd != null) {
      // The page's half width holds a shorter title than --plot's.
      b.addHalfChart(
          RoundTicks.onX(titled(HrvPlot.spectrum(psd), "Welch PSD, whole record (log power)")));
    }
    b.addHalfChart(
        PoincareChart.of(
            beats, HrvAnalyzer.accepted(beats), whole.metrics().asMap(), HALF, HEIGHT));
    if (windows.size() >= 2) {
      b.addWideChart(
          WindowTrendChart.of(
              ReportWindow.ofFile(windows, name, Instant.EPOCH, source),
              Instant.EPOCH,
              WIDE,
              HEIGHT));
    }
    return b.addNote(
            "Times are h:mm from the start of the recording. Quality: good at most 5 %,"
                + " fair at most 20 %, poor above 20 % of beats rejected as artefacts (HRV-SPEC"
                + " section 4); a poor window is computed but not reliable: it is shaded grey and left out of"
                + " the trend lines. Rejected beats are red in the tachogram.")
        .build();
  }

  private static XYChart titled(XYChart chart, String title) {
    chart.setTitle(title);
    return chart;
  }

  private static String windowLabel(double seconds) {
    return seconds % 60 == 0
        ? String.format(Locale.ROOT, "%.0f min", seconds / 60)
        : String.format(Locale.ROOT, "%s s", org.trustbeat.hrv.HrvJson.number(seconds));
  }
}
