package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustbeat.app.CommandRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.hrv.Metric;
import org.trustbeat.report.HrvCoding;
import org.trustbeat.report.pdf.HrvReportPdf;

/**
 * {@code trustbeat hrv --report} on three hours of a real recording: one page whose numbers are
 * those {@code --whole --format json} prints for the same file.
 */
class HrvFileReportTest {
  @TempDir static Path dir;
  private static Path record;
  private static Path pdf;
  private static CommandRun reportRun;

  @BeforeAll
  static void writeReport() throws Exception {
    record = dir.resolve("nsr001_rr_secs.txt");
    List<String> lines = Files.readAllLines(HrvCommandTest.rr("nsr001_rr_secs.txt"));
    Files.write(record, lines.subList(0, 13_000));
    pdf = dir.resolve("nsr001.pdf");
    reportRun = run("hrv", record.toString(), "--whole", "--report", pdf.toString());
    // Kept for a look: target/report-artifacts/nsr001-3h.pdf (pdftoppm -png -r 80).
    Path keep = Path.of("target", "report-artifacts");
    Files.createDirectories(keep);
    Files.copy(
        pdf, keep.resolve("nsr001-3h.pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void report_isOnePageNamingTheRecordAndItsSource() throws Exception {
    assertEquals(0, reportRun.code(), reportRun.err());
    assertTrue(reportRun.err().contains("report written to " + pdf), reportRun.err());
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      assertEquals(1, doc.getNumberOfPages());
      String text = new PDFTextStripper().getText(doc);
      assertTrue(text.contains("HRV report: nsr001_rr_secs.txt"), text);
      assertTrue(text.contains("LOCAL ANALYSIS OF A CLEAR FILE: no enclave, no attestation"), text);
    }
  }

  @Test
  void reportNumbers_areThoseOfWholeJson() throws Exception {
    JsonNode whole = new ObjectMapper().readTree(reportRun.out().strip());
    String text;
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      text = new PDFTextStripper().getText(doc);
    }
    int checked = 0;
    for (Metric m : Metric.values()) {
      JsonNode v = whole.get(m.specName());
      assertTrue(v != null, m.specName() + " missing from --whole json");
      String shown =
          HrvCoding.of(m).label() + " " + HrvReportPdf.format(m, v.isNull() ? null : v.asDouble());
      assertTrue(text.contains(shown), "the report lacks '" + shown + "':\n" + text);
      checked++;
    }
    assertEquals(Metric.values().length, checked);
    assertTrue(text.contains(String.format("Beats %,d", whole.get("n_total").asInt())), text);
  }

  @Test
  void reportWithAnotherJob_isRefusedWithTheFix() {
    CommandRun r =
        run("hrv", record.toString(), "--job", "sdnn", "--report", dir.resolve("x.pdf").toString());
    assertEquals(2, r.code());
    assertEquals(
        "trustbeat hrv: --report shows the full hrv suite; drop --job",
        r.err().strip().lines().findFirst().orElse(""));
    assertTrue(r.err().contains("trustbeat hrv --help"), "points at the help: " + r.err());
  }
}
