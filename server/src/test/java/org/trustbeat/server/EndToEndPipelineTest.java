package org.trustbeat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.edge.ConsumedResult;
import org.trustbeat.edge.Gateway;
import org.trustbeat.edge.GatewayStats;
import org.trustbeat.edge.Pacer;
import org.trustbeat.edge.RecordReplay;
import org.trustbeat.edge.ResultConsumer;
import org.trustbeat.edge.ResultListener;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.HrvJson;
import org.trustbeat.hrv.RrRecordReader;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.mqtt.EmbeddedBroker;
import org.trustbeat.mqtt.MqttEndpoint;
import org.trustbeat.mqtt.Topics;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.testing.LeakScanner;

/**
 * The whole pipeline on the embedded broker: gateway (edge) → MQTT → ingest bridge → landing store
 * → Spark job with the in-process enclave → result store → MQTT → result consumer (edge). A real
 * record replayed through the gateway comes back window for window as the analysis of its file; a
 * second patient's stream, published out of order, with a resent and a tampered chunk, is counted
 * and otherwise unharmed; no sample reaches the broker's store, the landing store, Spark's
 * checkpoint, the result store or the logs.
 */
class EndToEndPipelineTest {
  private static final String PATIENT = "nsr001";
  private static final String HOSTILE = "hostile";
  private static final String CLOCK = "clock";
  private static final String JOB = "job-e2e";

  /**
   * 3.5 h of nsr001: from t = 2494 s on, HRV-SPEC version 1's cleaning rejected every beat for 164
   * minutes; version 2 must give every one of these windows exactly as the file's analysis.
   */
  private static final double RECORD_SECONDS = 12_600;

  private static final int RECORD_WINDOWS = 42;

  /** The hostile stream replays the first hour (12 windows). */
  private static final double HOSTILE_SECONDS = 3600;

  private static final int HOSTILE_WINDOWS = 12;

  /**
   * The hostile stream runs after the record, 13 windows later, so the shared watermark suits both.
   */
  private static final double HOSTILE_SHIFT = 12_900;

  private static final int HOSTILE_BEATS_PER_CHUNK = 8;

  @TempDir static Path tmp;
  private static LogCapture logs;
  private static RrFixture record;
  private static RrFixture hostileRecord;
  private static Path recordFile;
  private static TestKeys keys;
  private static final Map<String, List<ConsumedResult>> consumed = new ConcurrentHashMap<>();
  private static final Map<String, ResultConsumer> consumers = new ConcurrentHashMap<>();
  private static JobMetrics metrics;
  private static GatewayStats gatewayStats;
  private static int victim;

  @BeforeAll
  static void runThePipeline() throws Exception {
    logs = LogCapture.start();
    record = RrFixture.nsr001(RECORD_SECONDS);
    recordFile = record.writeRecordFile(tmp.resolve("nsr001_first_hour_rr_secs.txt"));
    hostileRecord = RrFixture.nsr001(HOSTILE_SECONDS).shiftedBy(HOSTILE_SHIFT);
    keys = new TestKeys();
    for (String p : List.of(PATIENT, HOSTILE, CLOCK)) {
      keys.add(p);
    }
    try (EmbeddedBroker broker =
        EmbeddedBroker.builder()
            .setDataDirectory(tmp.resolve("broker"))
            .setPort(0)
            .insecureAllowAnonymous()
            .build()
            .start()) {
      MqttEndpoint mqtt = MqttEndpoint.create(broker.clientSettings().build());
      List<Mqtt3AsyncClient> clients = new ArrayList<>();
      for (String p : List.of(PATIENT, HOSTILE)) {
        consumed.put(p, new CopyOnWriteArrayList<>());
        ResultConsumer consumer =
            ResultConsumer.builder()
                .setPatient(p)
                .setKeys(keys.keys(p))
                .setExpectedAlgorithm("hrv")
                .setExpectedJobId(JOB)
                .setExpectedWindow(Duration.ofMinutes(5))
                .setListener(
                    new ResultListener() {
                      @Override
                      public void onResult(ConsumedResult result) {
                        consumed.get(p).add(result);
                      }
                    })
                .build();
        consumers.put(p, consumer);
        Mqtt3AsyncClient c = mqtt.newClient("consumer-" + p);
        consumer.subscribe(c);
        mqtt.connectBlocking(c, Duration.ofSeconds(10));
        clients.add(c);
      }
      HostSpec spec =
          HostSpec.builder()
              .setKind(HostKind.SEALED_INPROCESS)
              .setJobId(JOB)
              .setJob(HrvJob.HRV)
              .setHostFactory(
                  ModeHostFactory.of(
                      HostKind.SEALED_INPROCESS,
                      tmp.resolve("simulation.key"),
                      null,
                      TestKeys.keyBrokerKey()))
              .setProvisioner(keys)
              .build();
      ServerConfig config =
          ServerConfig.builder()
              .setLandingRoot(tmp.resolve("landing"))
              .setResultRoot(tmp.resolve("results"))
              .setCheckpointDir(tmp.resolve("checkpoint"))
              .setHostSpec(spec)
              .setTriggerInterval(Duration.ofMillis(200))
              .setShufflePartitions(2)
              .setMqtt(broker.clientSettings().build())
              .build();
      try (IngestBridge ingest =
              IngestBridge.builder()
                  .setEndpoint(mqtt)
                  .setLandingStore(LandingStore.open(tmp.resolve("landing")))
                  .setMaxDelay(Duration.ofMillis(100))
                  .build()
                  .start();
          SecureHrvJob job = SecureHrvJob.start(TestSpark.session(), config)) {
        replayThroughTheGateway(mqtt, clients);
        publishHostileStream(mqtt, clients);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while ((consumed.get(PATIENT).size() < RECORD_WINDOWS
                || consumed.get(HOSTILE).size() < HOSTILE_WINDOWS)
            && job.query().isActive()
            && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        metrics = job.metrics();
      } finally {
        for (Mqtt3AsyncClient c : clients) {
          c.disconnect().get(10, TimeUnit.SECONDS);
        }
      }
    }
  }

  @AfterAll
  static void stopCapture() {
    logs.close();
  }

  /** The record file, replayed as fast as possible through the edge gateway (10-s chunks). */
  private static void replayThroughTheGateway(MqttEndpoint mqtt, List<Mqtt3AsyncClient> clients)
      throws Exception {
    Mqtt3AsyncClient c = mqtt.newClient("gateway-" + PATIENT);
    mqtt.connectBlocking(c, Duration.ofSeconds(10));
    clients.add(c);
    try (Gateway gateway =
        Gateway.builder()
            .setPatient(PATIENT)
            .setKeys(keys.keys(PATIENT))
            .setClient(c)
            .setStateDirectory(tmp.resolve("gateway"))
            .build()) {
      RecordReplay.open(recordFile, null, 300, RrFixture.BASE_EPOCH_SECONDS)
          .replay(gateway, Pacer.of(Pacer.UNPACED));
      gateway.flush();
      assertTrue(
          gateway.awaitDelivered(Duration.ofMinutes(2)), "the gateway delivered every chunk");
      gatewayStats = gateway.stats();
    }
  }

  /**
   * A gateway-like publisher that swaps neighbouring chunks now and then (a few seconds apart,
   * inside the 30-s watermark delay), sends one chunk twice and flips a bit in another; then one
   * chunk of a third patient, later, closes the last windows.
   */
  private static void publishHostileStream(MqttEndpoint mqtt, List<Mqtt3AsyncClient> clients)
      throws Exception {
    List<byte[]> chunks = hostileRecord.seal(HOSTILE, keys.keys(HOSTILE), HOSTILE_BEATS_PER_CHUNK);
    List<byte[]> order = new ArrayList<>(chunks);
    for (int i = 10; i + 1 < order.size(); i += 30) {
      byte[] a = order.get(i);
      order.set(i, order.get(i + 1));
      order.set(i + 1, a);
    }
    victim = firstChunkServingOneWindow(chunks, 150);
    byte[] tampered = chunks.get(victim).clone();
    tampered[tampered.length - 1] ^= 1;
    order.set(order.indexOf(chunks.get(victim)), tampered);
    byte[] resent = chunks.get(300);
    order.add(order.indexOf(resent) + 3, resent);

    Mqtt3AsyncClient c = mqtt.newClient("publisher-" + HOSTILE);
    mqtt.connectBlocking(c, Duration.ofSeconds(10));
    clients.add(c);
    for (byte[] chunk : order) {
      publish(c, HOSTILE, chunk);
    }
    // Past the last window's end + 30 s of context + the close spread (up to 60 s) + the 30-s
    // watermark delay, so every patient's last window closes.
    double end =
        RrFixture.BASE_EPOCH_SECONDS
            + HOSTILE_SHIFT
            + HOSTILE_SECONDS
            + ServerConfig.DEFAULT_CLOSE_SPREAD.toSeconds()
            + 100;
    publish(
        c,
        CLOCK,
        ChunkSealer.create(keys.keys(CLOCK).dataKeyset())
            .seal(CLOCK, 0, RrSamples.of(new double[] {end}, new double[] {800}))
            .toBytes());
  }

  private static void publish(Mqtt3AsyncClient c, String patient, byte[] chunk) throws Exception {
    c.publishWith()
        .topic(Topics.chunks(patient))
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(chunk)
        .send()
        .get(10, TimeUnit.SECONDS);
  }

  private static int firstChunkServingOneWindow(List<byte[]> chunks, int from) throws Exception {
    for (int i = from; i < chunks.size(); i++) {
      // A chunk that serves one window only (not within 30 s of its edges): rejected once.
      ChunkSlot slot = ChunkEnvelope.parseHeader(chunks.get(i)).slot();
      if (WindowTask.firstWindowServed(slot, 300_000L)
          == WindowTask.lastWindowServed(slot, 300_000L)) {
        return i;
      }
    }
    throw new IllegalStateException("no chunk serving one window only");
  }

  private static List<String> jsonOf(String patient) {
    return consumed.get(patient).stream()
        .sorted(Comparator.comparingLong(ConsumedResult::windowStartMillis))
        .map(ConsumedResult::json)
        .toList();
  }

  @Test
  void replayedRecord_comesBackOverMqtt_asTheAnalysisOfItsFile_windowForWindow() throws Exception {
    RecordReplay replay = RecordReplay.open(recordFile, null, 300, RrFixture.BASE_EPOCH_SECONDS);
    List<String> expected =
        HrvAnalyzer.windows(replay.shifted(), 300, HrvJob.HRV).stream()
            .map(HrvJson::toJson)
            .toList();
    assertEquals(RECORD_WINDOWS, expected.size());
    assertEquals(expected, jsonOf(PATIENT));
    ResultConsumer consumer = consumers.get(PATIENT);
    assertEquals(0, consumer.rejected(), consumer.toString());
    assertEquals(List.of(), consumer.missingWindows());
    for (ConsumedResult r : consumed.get(PATIENT)) {
      assertEquals("[sealed-inprocess, SIMULATION attestation: no hardware protection]", r.label());
    }
    assertEquals(
        gatewayStats.chunksSealed(), gatewayStats.chunksPublished(), gatewayStats.toString());
    assertEquals(
        RECORD_WINDOWS + HOSTILE_WINDOWS,
        ResultStore.open(tmp.resolve("results")).results(PATIENT).size()
            + ResultStore.open(tmp.resolve("results")).results(HOSTILE).size());
  }

  @Test
  void replayedRecord_equalsTrustbeatHrvOnTheSameFile_includingTheHoursVersion1Rejected()
      throws Exception {
    // What `trustbeat hrv FILE --format json` prints: the file read with times from 0. Only the
    // window start differs (the replay starts at an epoch second, a multiple of the window).
    BeatSeries file = RrRecordReader.read(recordFile, RrRecordReader.Unit.SECONDS);
    List<WindowResult> windows = HrvAnalyzer.windows(file, 300, HrvJob.HRV);
    List<String> streamed = jsonOf(PATIENT);
    assertEquals(windows.size(), streamed.size());
    long base = (long) RrFixture.BASE_EPOCH_SECONDS;
    int stuckWindows = 0;
    for (int i = 0; i < windows.size(); i++) {
      String fromFile = HrvJson.toJson(windows.get(i));
      String prefix = "{\"window_start\":" + HrvJson.number(windows.get(i).windowStart()) + ",";
      assertTrue(fromFile.startsWith(prefix), fromFile);
      String shifted =
          "{\"window_start\":"
              + (base + (long) windows.get(i).windowStart())
              + ","
              + fromFile.substring(prefix.length());
      assertEquals(shifted, streamed.get(i), "window " + i);
      if (windows.get(i).windowStart() >= 2494 && windows.get(i).nnBeats() > 300) {
        stuckWindows++;
      }
    }
    assertTrue(
        stuckWindows >= 32, stuckWindows + " windows after t = 2494 s with their beats kept");
  }

  @Test
  void reorderedResentAndTamperedChunks_areCounted_andEveryOtherWindowIsRight() {
    assertEquals(Map.of("AUTHENTICATION_FAILED", 1L), metrics.rejected(), metrics.toString());
    assertEquals(
        1, metrics.duplicatesDropped() + metrics.hostDuplicatesDropped(), metrics.toString());
    assertEquals(1, metrics.sequenceGaps(), "the tampered chunk's sequence number: " + metrics);
    assertEquals(0, metrics.lateChunks() + metrics.lateDroppedByWatermark(), metrics.toString());
    assertEquals(
        hostileRecord.expectedJsonWithoutChunk(victim, HOSTILE_BEATS_PER_CHUNK, 300),
        jsonOf(HOSTILE));
    assertEquals(List.of(), consumers.get(HOSTILE).missingWindows());
  }

  @Test
  void noSampleValue_inBrokerStoreLandingCheckpointResultsOrLogs() throws Exception {
    List<Path> files =
        LeakScanner.filesUnder(
            tmp.resolve("broker"),
            tmp.resolve("landing"),
            tmp.resolve("checkpoint"),
            tmp.resolve("results"),
            Path.of("target", "test-logs", "spark.log"));
    assertTrue(
        files.stream().anyMatch(f -> f.startsWith(tmp.resolve("broker"))), "broker store scanned");
    byte[] logText = String.join("\n", logs.lines()).getBytes(StandardCharsets.UTF_8);
    assertTrue(
        logs.lines().stream().anyMatch(l -> l.contains("results: windows=")),
        "the job's log lines were captured");
    for (RrFixture r : List.of(record, hostileRecord)) {
      LeakScanner canaries = r.canaries();
      List<String> leaks = new ArrayList<>(canaries.leaksIn(files));
      leaks.addAll(canaries.leaksIn("captured log lines", logText));
      assertEquals(List.of(), leaks);
    }
  }
}
