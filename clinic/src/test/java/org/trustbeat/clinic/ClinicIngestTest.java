package org.trustbeat.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trustbeat.edge.ResultConsumer;
import org.trustbeat.hrv.Metric;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.testing.MutableClock;

class ClinicIngestTest {
  private static final String P = "p001";
  private final PatientKeys keys = PatientKeys.generate();
  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(RecordedResults.T0));

  ClinicIngestTest() throws Exception {}

  private static List<String> rules(List<Alert> alerts) {
    return alerts.stream()
        .map(a -> a.rule() + (a.open() ? "" : " cleared"))
        .collect(Collectors.toList());
  }

  /** Feeds windows {@code from..to-1} of {@code bodies}, one every five minutes of the clock. */
  private void feed(ResultConsumer c, List<String> bodies, int from, int to) throws Exception {
    for (int i = from; i < to; i++) {
      clock.advance(Duration.ofMillis(RecordedResults.WINDOW_MS));
      c.handle(RecordedResults.sealed(keys, P, i, bodies.get(i)));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.trustbeat.clinic.TestStores#engines")
  void highHeartRate_isRaisedOnceAfterNConsecutiveWindows_andClearsWhenItFalls(String engine)
      throws Exception {
    List<String> bodies = RecordedResults.bodies();
    try (ResultStore store = ResultStore.open(TestStores.fresh(engine))) {
      ClinicIngest ingest = new ClinicIngest(store, AlertRules.integrityOnly(), clock);
      feed(RecordedResults.consumer(keys, P, true, ingest.listenerFor(P)), bodies, 1, 2);
      // A threshold just under the real mean HR of windows 1..6 and above that of a later one.
      List<StoredWindow> hours = new java.util.ArrayList<>();
      try (ResultStore probe = ResultStore.open(TestStores.fresh("sqlite"))) {
        ClinicIngest all = new ClinicIngest(probe, AlertRules.integrityOnly(), clock);
        feed(RecordedResults.consumer(keys, P, true, all.listenerFor(P)), bodies, 1, 60);
        hours.addAll(probe.windows(P, 0, Long.MAX_VALUE));
      }
      double threshold =
          hours.subList(0, 6).stream()
                  .mapToDouble(w -> w.metric(Metric.MEAN_HR))
                  .min()
                  .orElseThrow()
              - 0.1;
      int fallsAt = -1;
      for (int k = 6; k < hours.size() && fallsAt < 0; k++) {
        if (hours.get(k).metric(Metric.MEAN_HR) <= threshold && !hours.get(k).poor()) {
          fallsAt = k + 1; // window index (hours starts at window 1)
        }
      }
      assertTrue(fallsAt > 0, "no window of the record falls below " + threshold);

      ClinicIngest ingest2 =
          new ClinicIngest(
              store, AlertRules.builder().setHrAbove(threshold).setHrWindows(3).build(), clock);
      ResultConsumer c = RecordedResults.consumer(keys, P, true, ingest2.listenerFor(P));
      c.handle(RecordedResults.sealed(keys, P, 1, bodies.get(1))); // already stored: a duplicate
      feed(c, bodies, 2, 3);
      assertEquals(List.of(), rules(store.alerts(P, false)), "raised before 3 windows");
      feed(c, bodies, 3, 7);
      assertEquals(
          List.of("HR_HIGH"), rules(store.alerts(P, false)), "raised once, not per window");
      feed(c, bodies, 7, fallsAt + 1);
      assertEquals(List.of("HR_HIGH cleared"), rules(store.alerts(P, false)));
    }
  }

  @Test
  void silentSensor_raisesOneSilentAlert_clearedByTheNextResult() throws Exception {
    List<String> bodies = RecordedResults.bodies();
    try (ResultStore store = ResultStore.open(TestStores.fresh("sqlite"))) {
      ClinicIngest ingest =
          new ClinicIngest(
              store, AlertRules.builder().setSilentAfter(Duration.ofMinutes(15)).build(), clock);
      ResultConsumer c = RecordedResults.consumer(keys, P, true, ingest.listenerFor(P));
      feed(c, bodies, 0, 3);
      clock.advance(Duration.ofMinutes(14));
      ingest.checkSilence();
      assertEquals(List.of(), rules(store.alerts(P, false)));
      clock.advance(Duration.ofMinutes(2));
      ingest.checkSilence();
      ingest.checkSilence();
      assertEquals(List.of("SILENT"), rules(store.alerts(P, false)));
      feed(c, bodies, 3, 4);
      assertEquals(List.of("SILENT cleared"), rules(store.alerts(P, false)));
    }
  }

  @Test
  void runOfPoorWindows_raisesPoorRun_andAGoodWindowClearsIt() throws Exception {
    List<String> bodies = RecordedResults.bodiesWithPoor(Set.of(3, 4, 5));
    try (ResultStore store = ResultStore.open(TestStores.fresh("sqlite"))) {
      ClinicIngest ingest =
          new ClinicIngest(store, AlertRules.builder().setPoorWindows(3).build(), clock);
      ResultConsumer c = RecordedResults.consumer(keys, P, true, ingest.listenerFor(P));
      feed(c, bodies, 0, 5);
      assertEquals(List.of(), rules(store.alerts(P, false)));
      feed(c, bodies, 5, 6);
      assertEquals(List.of("POOR_RUN"), rules(store.alerts(P, false)));
      assertTrue(store.latestWindows(P, 1).get(0).poor());
      feed(c, bodies, 6, 7);
      assertEquals(List.of("POOR_RUN cleared"), rules(store.alerts(P, false)));
    }
  }

  @Test
  void gapAndRefusedResult_raiseIntegrityAlerts_thatCleanWindowsClear() throws Exception {
    List<String> bodies = RecordedResults.bodies();
    try (ResultStore store = ResultStore.open(TestStores.fresh("sqlite"))) {
      ClinicIngest ingest = new ClinicIngest(store, AlertRules.integrityOnly(), clock);
      ResultConsumer c = RecordedResults.consumer(keys, P, true, ingest.listenerFor(P));
      feed(c, bodies, 0, 2);
      feed(c, bodies, 3, 4); // window 2 withheld
      assertEquals(
          List.of("MISSING_WINDOWS", "UNCOVERED_SEQUENCES"),
          rules(store.alerts(P, true)).stream().sorted().toList());
      byte[] tampered = RecordedResults.sealed(keys, P, 4, bodies.get(4));
      tampered[tampered.length - 1] ^= 1;
      c.handle(tampered);
      assertTrue(rules(store.alerts(P, true)).contains("REFUSED_RESULT"));
      assertEquals(1, store.integrityEventCount(P, "refused"));
      feed(c, bodies, 4, 5);
      assertEquals(List.of(), rules(store.alerts(P, true)), "a clean window clears them");
      assertEquals(3, store.alerts(P, false).size());
    }
  }

  @Test
  void realPatientWithoutHardwareProtection_raisesWeakMode_testPatientDoesNot() throws Exception {
    List<String> bodies = RecordedResults.bodies();
    try (ResultStore store = ResultStore.open(TestStores.fresh("sqlite"))) {
      ClinicIngest ingest = new ClinicIngest(store, AlertRules.integrityOnly(), clock);
      feed(RecordedResults.consumer(keys, P, false, ingest.listenerFor(P)), bodies, 0, 2);
      assertEquals(List.of("WEAK_MODE"), rules(store.alerts(P, false)));
      ResultConsumer t = RecordedResults.consumer(keys, "p002", true, ingest.listenerFor("p002"));
      t.handle(RecordedResults.sealed(keys, "p002", 0, bodies.get(0)));
      assertEquals(List.of(), rules(store.alerts("p002", false)));
      List<String> log = AlertLog.lines(store, null);
      assertEquals(1, log.size());
      assertTrue(
          log.get(0)
              .contains("RAISED   p001  WEAK_MODE  mode weaker than the patient's" + " policy"),
          log.get(0));
      assertFalse(log.get(0).contains("."), "an alert line shows no metric value: " + log.get(0));
    }
  }
}
