package org.trustbeat.clinic.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.trustbeat.clinic.ResultStore;
import org.trustbeat.clinic.StoredWindow;
import org.trustbeat.report.ReportWindow;
import org.trustbeat.report.ResultSource;
import org.trustbeat.report.fhir.FhirExport;
import org.trustbeat.report.pdf.PatientDayReport;

/**
 * The dashboard's downloads of one patient, built from the store's windows by the {@code report}
 * module: every stored window as a FHIR R4 Bundle, and the one-page PDF of a UTC day.
 */
final class PatientDocuments {
  private final ResultStore store;
  private final Clock clock;

  PatientDocuments(ResultStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Every stored window of {@code patient} as FHIR JSON, or null when it has none. */
  byte[] fhir(String patient) throws SQLException {
    List<ReportWindow> windows = windows(patient, 0, Long.MAX_VALUE);
    if (windows.isEmpty()) {
      return null;
    }
    return FhirExport.toJson(FhirExport.withClock(clock).bundle(windows))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The one-page report of {@code patient}'s UTC {@code day}, or null when it has no window. */
  byte[] dayReport(String patient, LocalDate day) throws SQLException, IOException {
    long from = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    List<ReportWindow> windows = windows(patient, from, to);
    if (windows.isEmpty()) {
      return null;
    }
    return PatientDayReport.pdf(patient, day, windows, clock.instant());
  }

  private List<ReportWindow> windows(String patient, long from, long to) throws SQLException {
    List<ReportWindow> out = new ArrayList<>();
    for (StoredWindow w : store.windows(patient, from, to)) {
      out.add(toReport(w));
    }
    return out;
  }

  /** A stored window as the report module takes it; nothing recomputed. */
  static ReportWindow toReport(StoredWindow w) {
    long[] counts = w.chunkCounts();
    return ReportWindow.stored(
        w.patient(),
        Instant.ofEpochMilli(w.windowStartMillis()),
        Duration.ofMillis(w.windowLengthMillis()),
        w.totalBeats() == null ? 0 : w.totalBeats(),
        w.rejectedBeats() == null ? 0 : w.rejectedBeats(),
        w.artifactPercent() == null ? 0 : w.artifactPercent(),
        w.quality(),
        w.metrics(),
        ResultSource.of(
            w.hostKind(),
            w.attestationKind(),
            w.modeLabel(),
            w.hardwareProtected(),
            w.algorithm(),
            w.jobId()),
        counts[2],
        counts[3]);
  }
}
