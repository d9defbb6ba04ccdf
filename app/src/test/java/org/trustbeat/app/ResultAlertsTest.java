package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.clinic.AlertRules;
import org.trustbeat.clinic.StoreLocation;
import org.trustbeat.edge.ResultConsumer;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.testing.MutableClock;

class ResultAlertsTest {
  private static final String PATIENT = "p-0000beef";
  private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");

  @TempDir Path tmp;

  private static ResultConsumer consumer(PatientKeys keys, ResultAlerts alerts) {
    return ResultConsumer.builder()
        .setPatient(PATIENT)
        .setKeys(keys)
        .setExpectedAlgorithm("hrv")
        .setExpectedJobId("deploy")
        .setExpectedWindow(Duration.ofMillis(SealedResults.WINDOW_MS))
        .setTestPatient(true)
        .setListener(alerts.listener())
        .build();
  }

  @Test
  void silencedPatient_raisesSilentOnce_andTheNextResultClearsIt() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    List<byte[]> sealed = SealedResults.seal(keys, PATIENT, START, SealedResults.nsr001(3));
    MutableClock clock = new MutableClock(START.plus(Duration.ofMinutes(6)));
    List<String> lines = new ArrayList<>();
    try (ResultAlerts alerts =
        ResultAlerts.open(
            null,
            AlertRules.builder().setSilentAfter(Duration.ofMinutes(15)).build(),
            PATIENT,
            lines::add,
            clock)) {
      ResultConsumer c = consumer(keys, alerts);
      c.handle(sealed.get(0));
      c.handle(sealed.get(1));
      clock.advance(Duration.ofMinutes(14));
      alerts.tick();
      assertEquals(List.of(), lines, "not silent yet");
      clock.advance(Duration.ofMinutes(2));
      alerts.tick();
      alerts.tick();
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(
          lines.get(0).matches("alert \\S+  RAISED   " + PATIENT + "  SILENT  .*"), lines.get(0));
      c.handle(sealed.get(2));
      alerts.tick();
      assertEquals(2, lines.size(), lines.toString());
      assertTrue(lines.get(1).contains("CLEARED  " + PATIENT + "  SILENT"), lines.get(1));
    }
  }

  @Test
  void withoutAConfiguredStore_theTemporaryStoreIsDeletedAtTheEnd() throws Exception {
    List<String> lines = new ArrayList<>();
    Path file;
    try (ResultAlerts alerts =
        ResultAlerts.open(
            null, AlertRules.integrityOnly(), PATIENT, lines::add, Clock.systemUTC())) {
      file = alerts.temporaryFile();
      assertTrue(Files.exists(file));
    }
    assertTrue(Files.notExists(file), file.toString());
  }

  @Test
  void aConfiguredStore_keepsTheResults() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    Path db = tmp.resolve("clinic.db");
    List<String> lines = new ArrayList<>();
    try (ResultAlerts alerts =
        ResultAlerts.open(
            StoreLocation.sqlite(db),
            AlertRules.integrityOnly(),
            PATIENT,
            lines::add,
            Clock.systemUTC())) {
      ResultConsumer c = consumer(keys, alerts);
      for (byte[] r : SealedResults.seal(keys, PATIENT, START, SealedResults.nsr001(2))) {
        c.handle(r);
      }
      assertEquals("2 results stored, 0 store failures", alerts.summary());
    }
    try (var store = org.trustbeat.clinic.ResultStore.open(StoreLocation.sqlite(db))) {
      assertEquals(2, store.windows(PATIENT, 0, Long.MAX_VALUE).size());
    }
  }
}
