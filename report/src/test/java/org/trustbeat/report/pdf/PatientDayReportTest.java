package org.trustbeat.report.pdf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.Quality;
import org.trustbeat.report.ReportFixtures;
import org.trustbeat.report.ReportWindow;

/**
 * The dashboard's day report, from three hours of nsr001 opened as a simulated enclave's results,
 * with artefacts written into 40 minutes of it.
 */
class PatientDayReportTest {
  private static final Instant NOW = Instant.parse("2026-12-02T16:00:00Z");
  private static final LocalDate DAY =
      LocalDate.ofInstant(ReportFixtures.STREAM_START, ZoneOffset.UTC);
  private static List<ReportWindow> windows;
  private static byte[] pdf;
  private static String text;

  @BeforeAll
  static void setUp() throws Exception {
    BeatSeries beats =
        ReportFixtures.withArtefacts(
            ReportFixtures.recording("nsr002_rr_secs.txt", 1.5 * 3600), 1800, 3000);
    windows = ReportWindow.ofConsumed(ReportFixtures.consumed(ReportFixtures.windows(beats)));
    pdf = PatientDayReport.pdf(ReportFixtures.PATIENT, DAY, windows, NOW);
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      text = new PDFTextStripper().getText(doc);
    }
    // Kept for a look: target/report-artifacts/day-report.pdf (pdftoppm -png -r 80).
    Path out = Path.of("target", "report-artifacts");
    Files.createDirectories(out);
    Files.write(out.resolve("day-report.pdf"), pdf);
  }

  @Test
  void dayReport_isOnePage_namingThePatientAndTheDay() throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertEquals(1, doc.getNumberOfPages());
    }
    assertTrue(text.contains("patient " + ReportFixtures.PATIENT), text);
    assertTrue(text.contains(DAY.toString()), text);
  }

  @Test
  void simulatedEnclave_isStatedOnThePage() {
    assertTrue(text.contains("SIMULATED ENCLAVE: NO HARDWARE PROTECTION"), text);
    assertTrue(
        text.contains("[sealed-process, SIMULATION attestation: no hardware protection]"), text);
  }

  @Test
  void metrics_areTheMediansOfTheWindowsThatAreNotPoor() {
    List<Double> sdnn =
        windows.stream()
            .filter(w -> w.quality() != Quality.POOR)
            .map(w -> w.get(Metric.SDNN))
            .sorted()
            .toList();
    assertTrue(sdnn.size() < windows.size(), "the fixture has poor windows");
    int n = sdnn.size();
    double median = n % 2 == 1 ? sdnn.get(n / 2) : (sdnn.get(n / 2 - 1) + sdnn.get(n / 2)) / 2;
    assertTrue(text.contains("SDNN " + HrvReportPdf.format(Metric.SDNN, median)), text);
    long poor = windows.stream().filter(w -> w.quality() == Quality.POOR).count();
    assertTrue(text.contains(windows.size() + " of 288 (" + poor + " poor)"), text);
  }

  @Test
  void anotherPatientsWindow_isRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PatientDayReport.of("someone-else", DAY, windows, NOW));
    assertTrue(e.getMessage().contains("another patient"));
  }

  @Test
  void dayWithoutWindows_isRefusedNamingTheDay() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PatientDayReport.of(ReportFixtures.PATIENT, DAY.plusDays(3), windows, NOW));
    assertTrue(e.getMessage().contains(DAY.plusDays(3).toString()));
  }
}
