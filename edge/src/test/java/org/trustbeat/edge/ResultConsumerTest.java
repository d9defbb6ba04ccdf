package org.trustbeat.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.mqtt.EmbeddedBroker;
import org.trustbeat.mqtt.MqttEndpoint;
import org.trustbeat.mqtt.Topics;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.ResultSealer;

class ResultConsumerTest {
  private static final long W = 60_000;
  private static final long T0 = 1_700_000_040_000L;

  private final PatientKeys keys = PatientKeys.generate();
  private final List<ConsumedResult> results = new ArrayList<>();
  private final List<List<Long>> missing = new ArrayList<>();
  private final List<ResultHeader> duplicates = new ArrayList<>();
  private final List<String> rejected = new ArrayList<>();
  private final ResultListener listener =
      new ResultListener() {
        @Override
        public void onResult(ConsumedResult r) {
          results.add(r);
        }

        @Override
        public void onMissingWindows(String patient, List<Long> starts) {
          missing.add(starts);
        }

        @Override
        public void onDuplicate(ResultHeader h) {
          duplicates.add(h);
        }

        @Override
        public void onRejected(String reason) {
          rejected.add(reason);
        }
      };

  ResultConsumerTest() throws Exception {}

  private ResultConsumer.Builder pinned() {
    return ResultConsumer.builder()
        .setPatient("p001")
        .setKeys(keys)
        .setExpectedAlgorithm("hrv")
        .setExpectedJobId("job-1")
        .setExpectedWindow(Duration.ofMillis(W))
        .setListener(listener);
  }

  private ResultConsumer consumer() {
    return pinned().build();
  }

  /**
   * A result for the window at {@code start} of length {@code length} covering seqs first..last.
   */
  private byte[] sealed(long start, long length, long first, long last) throws Exception {
    ResultHeader h =
        ResultHeader.builder()
            .setPatient("p001")
            .setWindow(start, length)
            .setAlgorithm("hrv")
            .setJobId("job-1")
            .setHostKind("sealed-inprocess")
            .setAttestationKind("SIMULATION")
            .setChunksSeen(6)
            .setSequenceRange(first, last)
            .build();
    return ResultSealer.create(keys.resultKeyset())
        .seal(h, ("{\"window_start\":" + start + "}").getBytes(StandardCharsets.UTF_8))
        .toBytes();
  }

  private static byte[] sealed(PatientKeys k, String patient, long start, String job, String json)
      throws Exception {
    ResultHeader h =
        ResultHeader.builder()
            .setPatient(patient)
            .setWindow(start, W)
            .setAlgorithm("hrv")
            .setJobId(job)
            .setHostKind("sealed-inprocess")
            .setAttestationKind("SIMULATION")
            .setChunksSeen(6)
            .build();
    return ResultSealer.create(k.resultKeyset())
        .seal(h, json.getBytes(StandardCharsets.UTF_8))
        .toBytes();
  }

  private byte[] sealed(long start) throws Exception {
    return sealed(keys, "p001", start, "job-1", "{\"window_start\":" + start + "}");
  }

  @Test
  void results_areOpened_andLabelledWithTheirHostAndAttestationKind() throws Exception {
    ResultConsumer c = consumer();
    ConsumedResult r = c.handle(sealed(T0));
    assertNotNull(r);
    assertEquals(List.of(r), results);
    assertEquals("{\"window_start\":" + T0 + "}", r.json());
    assertEquals(T0, r.windowStartMillis());
    assertEquals("sealed-inprocess", r.hostKind());
    assertEquals("SIMULATION", r.attestationKind());
    assertEquals("[sealed-inprocess, SIMULATION attestation: no hardware protection]", r.label());
    assertFalse(r.toString().contains("window_start"), "toString printed the result body");
  }

  @Test
  void resultNumbers_areReadByTheirSpecName_absentOrNullGivesNull() throws Exception {
    ResultHeader h =
        ResultHeader.builder()
            .setPatient("p001")
            .setWindow(T0, W)
            .setAlgorithm("hrv")
            .setJobId("job-1")
            .setHostKind("sealed-inprocess")
            .setAttestationKind("SIMULATION")
            .build();
    String body =
        "{\"window_start\":1700000040,\"n_total\":5,\"n_rejected\":1,"
            + "\"artifact_pct\":20,\"quality\":\"fair\",\"n_nn\":4,\"sdnn\":null,\"mean_hr\":7.5e1}";
    ConsumedResult r =
        consumer()
            .handle(
                ResultSealer.create(keys.resultKeyset())
                    .seal(h, body.getBytes(StandardCharsets.UTF_8))
                    .toBytes());
    assertEquals(4.0, r.number("n_nn"));
    assertEquals(75.0, r.number("mean_hr"));
    assertNull(r.number("sdnn"));
    assertNull(r.number("rmssd"));
    assertNull(r.number("n_n"), "a prefix of a key is not the key");
    assertEquals(20.0, r.artifactPercent());
    assertEquals(org.trustbeat.hrv.Quality.FAIR, r.quality());
  }

  @Test
  void gapInWindowStarts_isReportedAsMissing_andALateArrivalFillsIt() throws Exception {
    ResultConsumer c = consumer();
    c.handle(sealed(T0));
    c.handle(sealed(T0 + 3 * W));
    assertEquals(List.of(List.of(T0 + W, T0 + 2 * W)), missing);
    assertEquals(List.of(T0 + W, T0 + 2 * W), c.missingWindows());
    c.handle(sealed(T0 + W));
    assertEquals(List.of(T0 + 2 * W), c.missingWindows());
    assertEquals(3, results.size());
  }

  @Test
  void duplicateWindow_isShownOnce() throws Exception {
    ResultConsumer c = consumer();
    byte[] r = sealed(T0);
    assertNotNull(c.handle(r));
    assertNull(c.handle(r));
    assertNull(c.handle(sealed(T0)));
    assertEquals(1, results.size());
    assertEquals(2, duplicates.size());
    assertEquals(2, c.duplicates());
  }

  @Test
  void resultForAnotherPatient_isRejected() throws Exception {
    ResultConsumer c = consumer();
    assertNull(c.handle(sealed(keys, "p002", T0, "job-1", "{}")));
    assertTrue(results.isEmpty());
    assertEquals(1, c.rejected());
    assertTrue(rejected.get(0).contains("p002"), rejected.get(0));
  }

  @Test
  void resultOfAnotherJob_isRejected() throws Exception {
    ResultConsumer c = consumer();
    assertNull(c.handle(sealed(keys, "p001", T0, "job-2", "{}")));
    assertTrue(rejected.get(0).contains("job-2"));
  }

  @Test
  void resultSealedUnderAnotherKey_isRejected() throws Exception {
    ResultConsumer c = consumer();
    assertNull(c.handle(sealed(PatientKeys.generate(), "p001", T0, "job-1", "{}")));
    assertTrue(results.isEmpty());
    assertTrue(rejected.get(0).contains("authentication"), rejected.get(0));
  }

  @Test
  void garbage_isRejected_andTheStreamGoesOn() throws Exception {
    ResultConsumer c = consumer();
    assertNull(c.handle(new byte[] {1, 2, 3}));
    assertNotNull(c.handle(sealed(T0)));
    assertEquals(1, c.rejected());
    assertEquals(1, c.delivered());
  }

  @Test
  void sgxWithDcap_isNotLabelledUnprotected() throws Exception {
    ResultHeader h =
        ResultHeader.builder()
            .setPatient("p001")
            .setWindow(T0, W)
            .setAlgorithm("hrv")
            .setJobId("job-1")
            .setHostKind("sgx")
            .setAttestationKind("SGX_DCAP")
            .build();
    ResultConsumer c = consumer();
    ConsumedResult r =
        c.handle(ResultSealer.create(keys.resultKeyset()).seal(h, new byte[] {'{', '}'}).toBytes());
    assertEquals("[sgx, SGX_DCAP attestation]", r.label());
  }

  @Test
  void hostChosenWindowLengthAtARealWindowStart_isRefused_andTheRealResultStillArrives()
      throws Exception {
    // The red team's attack: a 1/5-length "window" sealed at a real window's start, sent first,
    // made the real result look like a duplicate.
    ResultConsumer c = consumer();
    assertNull(c.handle(sealed(T0, W / 5, 0, 3)));
    assertTrue(
        rejected.get(0).contains("-ms windows aligned to the epoch were expected"),
        rejected.get(0));
    assertNotNull(c.handle(sealed(T0, W, 0, 30)));
    assertEquals(0, c.duplicates());
    assertEquals(1, c.delivered());
  }

  @Test
  void resultOfAnotherAlgorithm_isRejected() throws Exception {
    ResultHeader h =
        ResultHeader.builder()
            .setPatient("p001")
            .setWindow(T0, W)
            .setAlgorithm("identity")
            .setJobId("job-1")
            .setHostKind("sealed-inprocess")
            .setAttestationKind("SIMULATION")
            .build();
    ResultConsumer c = consumer();
    assertNull(
        c.handle(
            ResultSealer.create(keys.resultKeyset()).seal(h, new byte[] {'{', '}'}).toBytes()));
    assertTrue(rejected.get(0).contains("identity"), rejected.get(0));
  }

  @Test
  void consumerWithoutThePatientsAnalysis_cannotBeBuilt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ResultConsumer.builder()
                    .setPatient("p001")
                    .setKeys(keys)
                    .setListener(listener)
                    .build());
    assertTrue(e.getMessage().contains("setExpectedWindow"), e.getMessage());
  }

  @Test
  void farApartResults_doNotGrowWhatTheConsumerTracks_beyondItsBound() throws Exception {
    ResultConsumer c = pinned().setTrackedWindows(100).build();
    c.handle(sealed(T0));
    c.handle(sealed(T0 + 1_000_000 * W));
    assertEquals(100, c.missingWindows().size());
    assertEquals(1_000_000 - 1 - 100, c.missingWindowsNotListed());
    assertEquals(T0 + (1_000_000 - 100) * W, (long) c.missingWindows().get(0));
    // A result older than the tracked horizon cannot be checked for duplicates: refused.
    for (int k = 1; k <= 100; k++) {
      c.handle(sealed(T0 + (1_000_000 + k) * W));
    }
    assertNull(c.handle(sealed(T0)));
    assertTrue(rejected.get(0).contains("older than the 100 windows"), rejected.get(0));
  }

  @Test
  void chunksWithheldAtAWindowBoundary_areReportedAsUncoveredSequenceNumbers() throws Exception {
    List<long[]> reported = new ArrayList<>();
    ResultConsumer c =
        pinned()
            .setListener(
                new ResultListener() {
                  @Override
                  public void onResult(ConsumedResult r) {}

                  @Override
                  public void onUncoveredSequences(String patient, long first, long last) {
                    reported.add(new long[] {first, last});
                  }
                })
            .build();
    // Consecutive windows overlap through their context chunks: nothing to report.
    c.handle(sealed(T0, W, 0, 33));
    c.handle(sealed(T0 + W, W, 30, 63));
    assertTrue(reported.isEmpty());
    // The host dropped 64..69 (the last chunks of one window and the first of the next, with
    // their context copies): both windows show gaps=0, the consumer sees the hole.
    c.handle(sealed(T0 + 2 * W, W, 70, 99));
    assertEquals(1, reported.size());
    assertArrayEquals(new long[] {64, 69}, reported.get(0));
    // A window missing at first: its numbers are uncovered until it arrives; arriving late, it
    // is checked on both sides and only what it leaves uncovered remains.
    c.handle(sealed(T0 + 4 * W, W, 140, 170));
    assertEquals(2, reported.size());
    assertArrayEquals(new long[] {100, 139}, reported.get(1));
    c.handle(sealed(T0 + 3 * W, W, 100, 128));
    assertEquals(2, reported.size(), "129..139 was reported as part of 100..139");
    List<long[]> left = c.uncoveredSequences();
    assertEquals(2, left.size());
    assertArrayEquals(new long[] {64, 69}, left.get(0));
    assertArrayEquals(new long[] {129, 139}, left.get(1));
  }

  @Test
  void testPatientsResultClaimingSgx_isLabelledSimulation() throws Exception {
    ResultHeader h =
        ResultHeader.builder()
            .setPatient("p001")
            .setWindow(T0, W)
            .setAlgorithm("hrv")
            .setJobId("job-1")
            .setHostKind("sgx")
            .setAttestationKind("SGX_DCAP")
            .build();
    ConsumedResult r =
        pinned()
            .setTestPatient(true)
            .build()
            .handle(
                ResultSealer.create(keys.resultKeyset()).seal(h, new byte[] {'{', '}'}).toBytes());
    assertFalse(r.claimsHardwareProtection());
    assertEquals(
        "[sgx, SGX_DCAP attestation, test patient: treated as simulation: no hardware"
            + " protection]",
        r.label());
  }

  @Test
  void resultsPublishedToThePatientsTopic_reachTheConsumer(@TempDir Path dir) throws Exception {
    try (EmbeddedBroker broker =
        EmbeddedBroker.builder().setDataDirectory(dir).insecureAllowAnonymous().build().start()) {
      MqttEndpoint endpoint = MqttEndpoint.create(broker.clientSettings().build());
      BlockingQueue<ConsumedResult> got = new LinkedBlockingQueue<>();
      ResultConsumer c = pinned().setListener(got::add).build();
      Mqtt3AsyncClient patient = endpoint.newClient("consumer-p001");
      Mqtt3AsyncClient server = endpoint.newClient("server");
      try {
        endpoint.connectBlocking(patient, Duration.ofSeconds(10));
        c.subscribe(patient).get(10, TimeUnit.SECONDS);
        endpoint.connectBlocking(server, Duration.ofSeconds(10));
        server
            .publishWith()
            .topic(Topics.results("p001"))
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload(sealed(T0))
            .send()
            .get(10, TimeUnit.SECONDS);
        ConsumedResult r = got.poll(10, TimeUnit.SECONDS);
        assertNotNull(r, "no result arrived");
        assertEquals(T0, r.windowStartMillis());
      } finally {
        patient.disconnect();
        server.disconnect();
      }
    }
  }
}
