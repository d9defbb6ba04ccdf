package org.trustbeat.report.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.Quality;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.report.HrvCoding;
import org.trustbeat.report.ReportFixtures;
import org.trustbeat.report.ReportWindow;
import org.trustbeat.report.ResultSource;

/**
 * FHIR export of real recordings: opened results of a simulated enclave (40 minutes of nsr001 with
 * a stretch of artefacts, so some windows are poor) and a local file analysis. One validator for
 * the class: its first validation takes seconds (loading the R4 definitions), each observation a
 * fraction of one more, so the recording is kept short.
 */
class FhirExportTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-02T16:00:00Z"), ZoneOffset.UTC);
  private static FhirValidator validator;
  private static List<ReportWindow> windows;
  private static Bundle bundle;

  @BeforeAll
  static void setUp() throws Exception {
    FhirContext ctx = FhirExport.context();
    ValidationSupportChain chain =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(ctx),
            new CommonCodeSystemsTerminologyService(ctx),
            new InMemoryTerminologyServerValidationSupport(ctx));
    validator = ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    BeatSeries beats =
        ReportFixtures.withArtefacts(
            ReportFixtures.recording("nsr001_rr_secs.txt", 2400), 900, 1500);
    windows = ReportWindow.ofConsumed(ReportFixtures.consumed(ReportFixtures.windows(beats)));
    bundle = FhirExport.withClock(CLOCK).bundle(windows);
  }

  @Test
  void bundleOfOpenedResults_passesTheR4Validator_withZeroErrors() {
    assertTrue(
        windows.stream().anyMatch(w -> w.quality() == Quality.POOR), "fixture has no poor window");
    assertNoErrors(FhirExport.toJson(bundle));
  }

  @Test
  void bundleOfStoredWindows_nullMetricsLeftOut_passesTheR4Validator_andNotesTheGaps() {
    // As the clinic's store gives them back: metrics without their nulls, header counts.
    List<ReportWindow> stored =
        windows.stream()
            .map(
                w -> {
                  java.util.Map<org.trustbeat.hrv.Metric, Double> present =
                      new java.util.EnumMap<>(org.trustbeat.hrv.Metric.class);
                  w.metrics()
                      .forEach(
                          (m, v) -> {
                            if (v != null) {
                              present.put(m, v);
                            }
                          });
                  return ReportWindow.stored(
                      w.subject(),
                      w.start(),
                      w.length(),
                      w.totalBeats(),
                      w.rejectedBeats(),
                      w.artifactPercent(),
                      w.quality(),
                      present,
                      w.source(),
                      2,
                      1);
                })
            .toList();
    Bundle b = FhirExport.withClock(CLOCK).bundle(stored);
    assertNoErrors(FhirExport.toJson(b));
    assertTrue(
        observations(b).stream()
            .allMatch(
                o ->
                    o.getNote().stream()
                        .anyMatch(
                            n ->
                                n.getText()
                                    .contains(
                                        "2 chunk sequence number(s) missing inside the window; 1 chunk(s) refused"))));
  }

  @Test
  void bundleOfAWholeRecordFileAnalysis_passesTheR4Validator_withZeroErrors() throws Exception {
    BeatSeries beats = ReportFixtures.recording("healthy_000_rr_ms.txt", 3600);
    WindowResult whole = org.trustbeat.hrv.HrvAnalyzer.wholeRecord(beats);
    Bundle b =
        FhirExport.withClock(CLOCK)
            .bundle(
                List.of(
                    ReportWindow.of(
                        whole,
                        "healthy_000_rr_ms.txt",
                        Instant.parse("2026-11-30T22:00:00Z"),
                        ResultSource.localAnalysis("hrv"))));
    assertNoErrors(FhirExport.toJson(b));
    assertTrue(observations(b).stream().anyMatch(o -> code(o).equals("hrv-whole-record")));
  }

  @Test
  void parsedBundle_givesBackEveryValueOfTheResults_exactly() {
    Bundle parsed =
        FhirExport.context().newJsonParser().parseResource(Bundle.class, FhirExport.toJson(bundle));
    List<Observation> obs = observations(parsed);
    assertEquals(windows.size() * 3, obs.size(), "one observation per window and group");
    int checked = 0;
    for (ReportWindow w : windows) {
      Map<String, Double> got = new HashMap<>();
      Map<String, Boolean> absent = new HashMap<>();
      for (Observation o : obs) {
        if (!o.getEffectivePeriod().getStart().toInstant().equals(w.start())) {
          continue;
        }
        assertEquals(w.end(), o.getEffectivePeriod().getEnd().toInstant());
        assertEquals(
            w.quality().specName(), o.getInterpretationFirstRep().getCodingFirstRep().getCode());
        for (Observation.ObservationComponentComponent c : o.getComponent()) {
          String key = projectCode(c.getCode().getCoding());
          if (c.hasDataAbsentReason()) {
            absent.put(key, true);
          } else {
            got.put(key, c.getValueQuantity().getValue().doubleValue());
          }
        }
      }
      assertEquals((double) w.totalBeats(), got.get(HrvCoding.N_TOTAL));
      assertEquals((double) w.rejectedBeats(), got.get(HrvCoding.N_REJECTED));
      assertEquals(w.artifactPercent(), got.get(HrvCoding.ARTIFACT_PCT));
      for (Map.Entry<Metric, Double> e : w.metrics().entrySet()) {
        String key = e.getKey().specName();
        if (e.getValue() == null) {
          assertTrue(absent.containsKey(key), key + " should be data-absent");
        } else {
          assertEquals(e.getValue(), got.get(key), key + " at " + w.start());
          checked++;
        }
      }
    }
    long present =
        windows.stream().flatMap(w -> w.metrics().values().stream()).filter(v -> v != null).count();
    assertEquals(present, checked);
    assertTrue(checked > 100, "too few values compared: " + checked);
  }

  @Test
  void heartRateAndSdnn_carryTheirLoincCodes_andUcumUnits() {
    Observation time =
        observations(bundle).stream()
            .filter(o -> code(o).equals("hrv-time-domain"))
            .findFirst()
            .orElseThrow();
    Map<String, Observation.ObservationComponentComponent> byCode =
        time.getComponent().stream()
            .collect(Collectors.toMap(c -> projectCode(c.getCode().getCoding()), c -> c));
    assertEquals("8867-4", byCode.get("mean_hr").getCode().getCodingFirstRep().getCode());
    assertEquals(
        "http://loinc.org", byCode.get("mean_hr").getCode().getCodingFirstRep().getSystem());
    assertEquals("/min", byCode.get("mean_hr").getValueQuantity().getCode());
    assertEquals("80404-7", byCode.get("sdnn").getCode().getCodingFirstRep().getCode());
    assertEquals("ms", byCode.get("sdnn").getValueQuantity().getCode());
    Quantity rmssd = byCode.get("rmssd").getValueQuantity();
    assertEquals("http://unitsofmeasure.org", rmssd.getSystem());
    assertEquals(1, byCode.get("rmssd").getCode().getCoding().size(), "RMSSD has no LOINC code");
  }

  @Test
  void simulatedEnclave_isStatedInTheDeviceTheProvenanceAndEveryObservation() {
    Device device = resources(bundle, Device.class).get(0);
    assertTrue(device.getDeviceNameFirstRep().getName().contains("SIMULATED"));
    Provenance prov = resources(bundle, Provenance.class).get(0);
    assertTrue(prov.getActivity().getText().contains("SIMULATED enclave"));
    assertTrue(prov.getActivity().getText().contains("sealed-process"));
    assertEquals(windows.size() * 3, prov.getTarget().size());
    for (Observation o : observations(bundle)) {
      assertTrue(
          o.getNote().stream()
              .anyMatch(
                  n ->
                      n.getText()
                          .contains(
                              "[sealed-process, SIMULATION attestation: no hardware protection]")));
      assertEquals(device.getIdElement().getValue(), o.getDevice().getReference());
    }
  }

  @Test
  void poorWindow_isInterpretedPoor_andItsNoteSaysNotReliable() {
    Observation poor =
        observations(bundle).stream()
            .filter(o -> o.getInterpretationFirstRep().getCodingFirstRep().getCode().equals("poor"))
            .findFirst()
            .orElseThrow();
    assertTrue(poor.getNote().get(0).getText().contains("NOT reliable"));
  }

  @Test
  void sameResults_exportToTheSameObservationIds() {
    Bundle again = FhirExport.withClock(CLOCK).bundle(windows);
    assertEquals(ids(bundle), ids(again));
    assertFalse(ids(bundle).isEmpty());
  }

  @Test
  void emptyList_isRefusedWithAMessage() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FhirExport.create().bundle(List.of()));
    assertTrue(e.getMessage().contains("empty"));
  }

  private static void assertNoErrors(String json) {
    ValidationResult r = validator.validateWithResult(json);
    List<String> errors =
        r.getMessages().stream()
            .filter(
                m ->
                    m.getSeverity() == ResultSeverityEnum.ERROR
                        || m.getSeverity() == ResultSeverityEnum.FATAL)
            .map(SingleValidationMessage::toString)
            .toList();
    assertEquals(
        List.of(), errors.subList(0, Math.min(10, errors.size())), errors.size() + " errors");
  }

  private static List<String> ids(Bundle b) {
    return b.getEntry().stream()
        .filter(e -> e.getResource() instanceof Observation)
        .map(Bundle.BundleEntryComponent::getFullUrl)
        .toList();
  }

  private static List<Observation> observations(Bundle b) {
    return resources(b, Observation.class);
  }

  private static <T> List<T> resources(Bundle b, Class<T> type) {
    return b.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  private static String code(Observation o) {
    return o.getCode().getCodingFirstRep().getCode();
  }

  private static String projectCode(List<Coding> codings) {
    return codings.stream()
        .filter(c -> c.getSystem().equals(HrvCoding.SYSTEM))
        .findFirst()
        .map(Coding::getCode)
        .orElseThrow();
  }
}
