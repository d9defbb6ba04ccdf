package org.trustbeat.report.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.trustbeat.edge.ConsumedResult;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.Quality;
import org.trustbeat.report.HrvCoding;
import org.trustbeat.report.ReportWindow;
import org.trustbeat.report.ResultSource;

/**
 * Turns opened HRV results into a FHIR R4 {@code collection} Bundle: per window, one Observation
 * per metric group (time domain with the window's beat counts and artefact share, frequency domain,
 * non-linear, whole-record), each metric a component coded in LOINC where LOINC has the quantity
 * ({@link HrvCoding}) and in the project's code system always, with a UCUM unit; {@code
 * effectivePeriod} is the window; the quality grade is the interpretation and, in words, a note.
 * Per {@link ResultSource} the bundle holds a Device (the enclave, or the local analysis) that
 * every Observation names, and a Provenance over those Observations stating the mode and
 * attestation: a simulated enclave is said to be simulated in the Device, the Provenance and every
 * Observation's note.
 *
 * <p>Values are copied as they are (shortest decimal that reads back as the same double), so a
 * parse of the bundle gives back exactly the numbers of {@code --format json}. Resource ids are
 * UUIDs derived from subject, window and group, so exporting the same results twice gives the same
 * Observations.
 *
 * <h2>Security guarantees</h2>
 *
 * None beyond the caller's: the bundle holds patient data in clear and belongs on the trusted side
 * only (the clinician's machine, the record system). This class writes no log.
 */
public final class FhirExport {
  private static final String CATEGORY_SYSTEM =
      "http://terminology.hl7.org/CodeSystem/observation-category";
  private static final String ABSENT_SYSTEM =
      "http://terminology.hl7.org/CodeSystem/data-absent-reason";
  private static final String PARTICIPANT_SYSTEM =
      "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

  private final Clock clock;

  private FhirExport(Clock clock) {
    this.clock = clock;
  }

  /** An exporter stamping bundles and provenance with the system clock. */
  public static FhirExport create() {
    return new FhirExport(Clock.systemUTC());
  }

  /** An exporter stamping bundles and provenance with {@code clock}. */
  public static FhirExport withClock(Clock clock) {
    if (clock == null) {
      throw new NullPointerException("clock is required");
    }
    return new FhirExport(clock);
  }

  /** The R4 context, built once per JVM (building one takes seconds). */
  public static FhirContext context() {
    return FhirContext.forR4Cached();
  }

  /** The opened results as a bundle in FHIR JSON: the single call the consumer side needs. */
  public String json(List<ConsumedResult> results) {
    return toJson(bundle(ReportWindow.ofConsumed(results)));
  }

  /** Any bundle as pretty-printed FHIR JSON. */
  public static String toJson(Bundle bundle) {
    return context().newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle);
  }

  /**
   * The windows as a bundle, in the order given.
   *
   * @throws IllegalArgumentException if {@code windows} is empty (an empty bundle files nothing)
   */
  public Bundle bundle(List<ReportWindow> windows) {
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("no results to export: the list of windows is empty");
    }
    Instant now = clock.instant();
    Bundle b = new Bundle();
    b.setType(Bundle.BundleType.COLLECTION);
    b.setTimestamp(Date.from(now));
    b.setIdentifier(
        new Identifier()
            .setSystem("urn:ietf:rfc:3986")
            .setValue(
                urn(
                    "bundle",
                    windows.get(0).subject(),
                    windows.get(0).start().toString(),
                    windows.get(windows.size() - 1).start().toString(),
                    Integer.toString(windows.size()))));

    Map<ResultSource, Device> devices = new LinkedHashMap<>();
    Map<ResultSource, Provenance> provenances = new LinkedHashMap<>();
    List<Resource> observations = new ArrayList<>();
    for (ReportWindow w : windows) {
      Device device = devices.computeIfAbsent(w.source(), FhirExport::device);
      Provenance prov = provenances.computeIfAbsent(w.source(), s -> provenance(s, device, now));
      for (Map.Entry<Metric.Group, List<Metric>> g : groups(w).entrySet()) {
        Observation o = observation(w, g.getKey(), g.getValue(), device);
        prov.addTarget(new Reference(o.getIdElement().getValue()));
        observations.add(o);
      }
    }
    devices.values().forEach(d -> add(b, d));
    observations.forEach(o -> add(b, o));
    provenances.values().forEach(p -> add(b, p));
    return b;
  }

  private static void add(Bundle b, Resource r) {
    b.addEntry().setFullUrl(r.getIdElement().getValue()).setResource(r);
  }

  /** The window's metrics by group, in spec order; the counts ride with the time domain. */
  private static Map<Metric.Group, List<Metric>> groups(ReportWindow w) {
    Map<Metric.Group, List<Metric>> groups = new EnumMap<>(Metric.Group.class);
    groups.put(Metric.Group.TIME, new ArrayList<>());
    for (Metric m : w.metrics().keySet()) {
      groups.computeIfAbsent(m.group(), g -> new ArrayList<>()).add(m);
    }
    return groups;
  }

  private static Observation observation(
      ReportWindow w, Metric.Group group, List<Metric> metrics, Device device) {
    Observation o = new Observation();
    o.setId(
        urn(
            "observation",
            w.subject(),
            w.start().toString(),
            w.length().toString(),
            group.name(),
            w.source().job()));
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "procedure", "Procedure")));
    o.setCode(
        new CodeableConcept(
                new Coding(
                    HrvCoding.SYSTEM, HrvCoding.groupCode(group), HrvCoding.groupDisplay(group)))
            .setText(HrvCoding.groupDisplay(group)));
    o.setSubject(subject(w));
    o.setEffective(
        new Period().setStartElement(dateTime(w.start())).setEndElement(dateTime(w.end())));
    o.setDevice(new Reference(device.getIdElement().getValue()));
    o.setMethod(
        new CodeableConcept()
            .setText("HRV-SPEC v2, " + w.source().algorithm() + " (job " + w.source().job() + ")"));
    o.addInterpretation(quality(w.quality()));
    o.addNote(new Annotation().setText(qualityNote(w)));
    o.addNote(new Annotation().setText(w.source().statement()));
    if (w.integrityNote() != null) {
      o.addNote(new Annotation().setText("Input incomplete: " + w.integrityNote() + "."));
    }
    if (group == Metric.Group.TIME) {
      component(o, HrvCoding.TOTAL, (double) w.totalBeats());
      component(o, HrvCoding.REJECTED, (double) w.rejectedBeats());
      component(o, HrvCoding.ARTIFACTS, w.artifactPercent());
    }
    for (Metric m : metrics) {
      component(o, HrvCoding.of(m), w.get(m));
    }
    return o;
  }

  private static void component(Observation o, HrvCoding.Coding c, Double value) {
    CodeableConcept code = new CodeableConcept();
    if (c.loinc() != null) {
      code.addCoding(new Coding(HrvCoding.LOINC, c.loinc(), c.loincDisplay()));
    }
    code.addCoding(new Coding(HrvCoding.SYSTEM, c.code(), c.display()));
    code.setText(c.display());
    Observation.ObservationComponentComponent comp = o.addComponent().setCode(code);
    if (value == null) {
      // HRV-SPEC's null: too few beats for this metric in this window.
      comp.setDataAbsentReason(
          new CodeableConcept(new Coding(ABSENT_SYSTEM, "not-applicable", "Not Applicable"))
              .setText("too few NN intervals in the window for this metric"));
      return;
    }
    comp.setValue(
        new Quantity()
            .setValue(decimal(value))
            .setUnit(c.unit())
            .setSystem(HrvCoding.UCUM)
            .setCode(c.ucum()));
  }

  /** The shortest decimal that reads back as the same double (integral values without ".0"). */
  static BigDecimal decimal(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return BigDecimal.valueOf((long) v);
    }
    return new BigDecimal(Double.toString(v));
  }

  private static CodeableConcept quality(Quality q) {
    String display =
        switch (q) {
          case GOOD -> "Good signal: at most 5 % of beats rejected";
          case FAIR -> "Fair signal: 5-20 % of beats rejected";
          case POOR -> "Poor signal: over 20 % of beats rejected; values not reliable";
        };
    return new CodeableConcept(new Coding(HrvCoding.QUALITY_SYSTEM, q.specName(), display))
        .setText(display);
  }

  private static String qualityNote(ReportWindow w) {
    String s =
        String.format(
            Locale.ROOT,
            "Signal quality %s: %d of %d RR intervals (%s %%) rejected as artefacts (HRV-SPEC section 4).",
            w.qualityText(),
            w.rejectedBeats(),
            w.totalBeats(),
            decimal(w.artifactPercent()).toPlainString());
    return w.quality() == Quality.POOR
        ? s + " POOR window: the values were computed but are NOT reliable."
        : s;
  }

  private static Reference subject(ReportWindow w) {
    boolean record = ResultSource.LOCAL_MODE.equals(w.source().mode());
    Reference r =
        new Reference()
            .setIdentifier(
                new Identifier()
                    .setSystem(record ? HrvCoding.RECORD_SYSTEM : HrvCoding.PATIENT_SYSTEM)
                    .setValue(w.subject()));
    r.setDisplay(record ? "RR record " + w.subject() : "patient " + w.subject());
    return r;
  }

  private static Device device(ResultSource s) {
    Device d = new Device();
    d.setId(urn("device", s.mode(), s.attestation(), s.label(), s.algorithm(), s.job()));
    String name =
        ResultSource.LOCAL_MODE.equals(s.mode())
            ? "trustbeat hrv (local analysis, no enclave)"
            : "TrustBeat HRV enclave ("
                + s.mode()
                + ", "
                + s.attestation()
                + " attestation"
                + (s.hardwareProtected() ? ")" : ", SIMULATED: no hardware protection)");
    d.addDeviceName().setName(name).setType(Device.DeviceNameType.USERFRIENDLYNAME);
    d.setType(
        new CodeableConcept()
            .setText(
                "HRV analysis software; mode " + s.mode() + ", attestation " + s.attestation()));
    d.addNote(new Annotation().setText(s.statement()));
    return d;
  }

  private static Provenance provenance(ResultSource s, Device device, Instant now) {
    Provenance p = new Provenance();
    p.setId(
        urn(
            "provenance",
            s.mode(),
            s.attestation(),
            s.label(),
            s.algorithm(),
            s.job(),
            now.toString()));
    p.setRecordedElement(new InstantType(Date.from(now), TemporalPrecisionEnum.MILLI, UTC));
    p.setActivity(new CodeableConcept().setText("HRV analysis. " + s.statement()));
    p.addAgent()
        .setType(new CodeableConcept(new Coding(PARTICIPANT_SYSTEM, "performer", "Performer")))
        .setWho(
            new Reference(device.getIdElement().getValue())
                .setDisplay(device.getDeviceNameFirstRep().getName()));
    return p;
  }

  private static DateTimeType dateTime(Instant t) {
    return new DateTimeType(Date.from(t), TemporalPrecisionEnum.MILLI, UTC);
  }

  /** A stable {@code urn:uuid:} from the given parts (a name-based UUID). */
  private static String urn(String... parts) {
    return "urn:uuid:"
        + UUID.nameUUIDFromBytes(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8));
  }
}
