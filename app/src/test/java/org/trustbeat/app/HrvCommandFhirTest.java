package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustbeat.app.CommandRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.report.HrvCoding;
import org.trustbeat.report.fhir.FhirExport;

/**
 * {@code trustbeat hrv --format fhir} on an hour of a real recording: the Bundle's values are those
 * of {@code --format json} for the same file, window by window. (The bundle's R4 validity is
 * checked in the report module's FhirExportTest.)
 */
class HrvCommandFhirTest {
  private static final String START = "2026-12-01T22:00:00Z";
  @TempDir static Path dir;
  private static Path record;

  @BeforeAll
  static void writeRecord() throws Exception {
    record = dir.resolve("healthy_000_rr_ms.txt");
    List<String> lines = Files.readAllLines(HrvCommandTest.rr("healthy_000_rr_ms.txt"));
    Files.write(record, lines.subList(0, 4_000));
  }

  @Test
  void fhirBundle_carriesTheNumbersOfJson_windowByWindow() throws Exception {
    CommandRun fhir = run("hrv", record.toString(), "--format", "fhir", "--start", START);
    assertEquals(0, fhir.code(), fhir.err());
    CommandRun json = run("hrv", record.toString(), "--format", "json");
    Bundle b = FhirExport.context().newJsonParser().parseResource(Bundle.class, fhir.out());
    Map<Instant, Map<String, Double>> byWindow = new HashMap<>();
    for (Bundle.BundleEntryComponent e : b.getEntry()) {
      if (e.getResource() instanceof Observation o) {
        Map<String, Double> values =
            byWindow.computeIfAbsent(
                o.getEffectivePeriod().getStart().toInstant(), k -> new HashMap<>());
        for (Observation.ObservationComponentComponent c : o.getComponent()) {
          values.put(
              projectCode(c.getCode().getCoding()),
              c.hasDataAbsentReason() ? null : c.getValueQuantity().getValue().doubleValue());
        }
      }
    }
    String[] lines = json.out().strip().split("\n");
    assertEquals(lines.length, byWindow.size());
    int compared = 0;
    for (String line : lines) {
      JsonNode w = new ObjectMapper().readTree(line);
      Instant start =
          Instant.parse(START).plusMillis(Math.round(w.get("window_start").asDouble() * 1000));
      Map<String, Double> values = byWindow.get(start);
      for (var it = w.fields(); it.hasNext(); ) {
        var f = it.next();
        if (f.getKey().equals("window_start") || f.getKey().equals("quality")) {
          continue;
        }
        Double expected = f.getValue().isNull() ? null : f.getValue().asDouble();
        assertEquals(expected, values.get(f.getKey()), f.getKey() + " at " + start);
        compared++;
      }
    }
    assertTrue(compared > lines.length * 30, "compared " + compared);
  }

  @Test
  void fhirWithoutStart_isRefusedWithTheFix() {
    CommandRun r = run("hrv", record.toString(), "--format", "fhir");
    assertEquals(2, r.code());
    assertEquals(
        "trustbeat hrv: --format fhir needs the time the recording started, as the file's"
            + " times count from its start: add --start 2026-12-01T22:00:00Z",
        r.err().strip().lines().findFirst().orElse(""));
  }

  @Test
  void badStart_isRefusedWithTheFormat() {
    CommandRun r = run("hrv", record.toString(), "--format", "fhir", "--start", "yesterday");
    assertEquals(2, r.code());
    assertTrue(
        r.err().strip().startsWith("trustbeat hrv: --start 'yesterday' is not an instant"),
        r.err());
  }

  private static String projectCode(List<Coding> codings) {
    return codings.stream()
        .filter(c -> c.getSystem().equals(HrvCoding.SYSTEM))
        .findFirst()
        .map(Coding::getCode)
        .orElseThrow();
  }
}
