package org.trustbeat.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trustbeat.edge.ConsumedResult;
import org.trustbeat.edge.ResultConsumer;
import org.trustbeat.hrv.Metric;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.testing.MutableClock;

class ResultStoreTest {
  private static final String P = "p001";
  private final PatientKeys keys = PatientKeys.generate();
  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(RecordedResults.T0));

  ResultStoreTest() throws Exception {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.trustbeat.clinic.TestStores#engines")
  void everyMetricQualityCountAndLabel_comeBackAsTheConsumerOpenedThem(String engine)
      throws Exception {
    List<String> bodies = RecordedResults.bodies().subList(0, 6);
    try (ResultStore store = ResultStore.open(TestStores.fresh(engine))) {
      ClinicIngest ingest = new ClinicIngest(store, AlertRules.integrityOnly(), clock);
      ResultConsumer consumer = RecordedResults.consumer(keys, P, true, ingest.listenerFor(P));
      List<ConsumedResult> opened = new ArrayList<>();
      for (int i = 0; i < bodies.size(); i++) {
        opened.add(consumer.handle(RecordedResults.sealed(keys, P, i, bodies.get(i))));
      }
      List<StoredWindow> stored = store.windows(P, 0, Long.MAX_VALUE);
      assertEquals(bodies.size(), stored.size());
      for (int i = 0; i < stored.size(); i++) {
        ConsumedResult r = opened.get(i);
        StoredWindow w = stored.get(i);
        assertEquals(r.windowStartMillis(), w.windowStartMillis());
        assertEquals(r.quality(), w.quality());
        assertEquals(r.artifactPercent(), w.artifactPercent());
        assertEquals(r.label(), w.modeLabel());
        assertFalse(w.hardwareProtected());
        assertTrue(w.testPatient());
        assertEquals(r.header().lastSequence(), w.chunkCounts()[6]);
        assertEquals(r.number("n_total").intValue(), w.totalBeats());
        int present = 0;
        for (Metric m : Metric.values()) {
          assertEquals(r.number(m.specName()), w.metric(m), m.specName() + " of window " + i);
          present += r.number(m.specName()) == null ? 0 : 1;
        }
        assertTrue(i == 0 || present > 25, "only " + present + " metrics in a real hrv window");
      }
      assertEquals(List.of(P), store.patients());
      assertEquals(24, store.ref(P).length());
      assertEquals(P, store.patientForRef(store.ref(P)).orElseThrow());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.trustbeat.clinic.TestStores#engines")
  void restartedReader_replayingItsBrokerSession_losesNoResultAndStoresNoneTwice(String engine)
      throws Exception {
    List<String> bodies = RecordedResults.bodies().subList(0, 8);
    List<byte[]> envelopes = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      envelopes.add(RecordedResults.sealed(keys, P, i, bodies.get(i)));
    }
    StoreLocation location = TestStores.fresh(engine);
    try (ResultStore store = ResultStore.open(location)) {
      ClinicIngest ingest = new ClinicIngest(store, AlertRules.integrityOnly(), clock);
      ResultConsumer consumer = RecordedResults.consumer(keys, P, true, ingest.listenerFor(P));
      for (byte[] e : envelopes.subList(0, 5)) {
        consumer.handle(e);
      }
      assertEquals(5, ingest.stored());
    }
    // The reader restarts with a fresh consumer; the broker redelivers everything since.
    try (ResultStore store = ResultStore.open(location)) {
      ClinicIngest ingest = new ClinicIngest(store, AlertRules.integrityOnly(), clock);
      ResultConsumer consumer = RecordedResults.consumer(keys, P, true, ingest.listenerFor(P));
      for (byte[] e : envelopes) {
        consumer.handle(e);
      }
      assertEquals(3, ingest.stored());
      assertEquals(5, ingest.alreadyStored());
      assertEquals(0, ingest.failures());
      List<StoredWindow> stored = store.windows(P, 0, Long.MAX_VALUE);
      assertEquals(8, stored.size());
      for (int i = 0; i < 8; i++) {
        assertEquals(RecordedResults.start(i), stored.get(i).windowStartMillis());
      }
      assertEquals(8, store.windowCount());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.trustbeat.clinic.TestStores#engines")
  void missingWindow_isKeptAsMissing_untilItsResultArrivesLate(String engine) throws Exception {
    List<String> bodies = RecordedResults.bodies();
    try (ResultStore store = ResultStore.open(TestStores.fresh(engine))) {
      ClinicIngest ingest = new ClinicIngest(store, AlertRules.integrityOnly(), clock);
      ResultConsumer consumer = RecordedResults.consumer(keys, P, true, ingest.listenerFor(P));
      for (int i : new int[] {0, 1, 3}) {
        consumer.handle(RecordedResults.sealed(keys, P, i, bodies.get(i)));
      }
      assertEquals(List.of(RecordedResults.start(2)), store.missingWindows(P, 0, Long.MAX_VALUE));
      assertEquals(1, store.integrityEventCount(P, "uncovered"));
      assertNotNull(consumer.handle(RecordedResults.sealed(keys, P, 2, bodies.get(2))));
      assertEquals(List.of(), store.missingWindows(P, 0, Long.MAX_VALUE));
      assertEquals(4, store.windowCount());
    }
  }
}
