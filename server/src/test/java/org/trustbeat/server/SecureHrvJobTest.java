package org.trustbeat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.mqtt.EmbeddedBroker;
import org.trustbeat.mqtt.MqttEndpoint;
import org.trustbeat.mqtt.Topics;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.PlainChunk;
import org.trustbeat.protocol.PlainResult;
import org.trustbeat.protocol.ResultEnvelope;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.ResultOpener;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.testing.LeakScanner;

/**
 * The job end to end on Spark (local[2]) with the real in-process enclave host: a real record,
 * sealed into chunks in the landing store, comes out of the result store window for window as the
 * whole-stream analysis.
 */
class SecureHrvJobTest {
  private static final String PATIENT = "nsr001";

  /** Another patient whose later chunk moves the watermark past the record's last window. */
  private static final String CLOCK = "clock";

  private static final double W = 300;
  private static final int BEATS_PER_CHUNK = 8;
  private static final int CHUNKS_PER_FILE = 40;

  @TempDir static Path tmp;
  private static SparkSession spark;
  private static TestKeys keys;
  private static RrFixture record;
  private static List<byte[]> chunks;
  private static LogCapture logs;

  /** The first run, shared by the tests that check its outputs. */
  private static Path mainRun;

  private static JobMetrics mainMetrics;

  @BeforeAll
  static void runTheRecordOnce() throws Exception {
    logs = LogCapture.start();
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("SecureHrvJobTest")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
    keys = new TestKeys();
    keys.add(PATIENT);
    keys.add(CLOCK);
    record = RrFixture.nsr001(7200);
    chunks = record.seal(PATIENT, keys.keys(PATIENT), BEATS_PER_CHUNK);

    mainRun = tmp.resolve("main");
    LandingStore landing = LandingStore.open(mainRun.resolve("landing"));
    writeFiles(landing, chunks);
    landing.append(List.of(clockChunk(0)));
    try (SecureHrvJob job = SecureHrvJob.start(spark, config(mainRun, spec(), true, 8))) {
      job.awaitTermination();
      mainMetrics = job.metrics();
    }
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
    logs.close();
  }

  static HostSpec spec() {
    return HostSpec.builder()
        .setKind(HostKind.SEALED_INPROCESS)
        .setJobId("job-test")
        .setJob(HrvJob.HRV)
        .setHostFactory(
            ModeHostFactory.of(
                HostKind.SEALED_INPROCESS,
                tmp.resolve("simulation.key"),
                null,
                TestKeys.keyBrokerKey()))
        .setProvisioner(keys)
        .build();
  }

  static ServerConfig config(
      Path root, HostSpec spec, boolean availableNow, int maxFilesPerTrigger) {
    return ServerConfig.builder()
        .setLandingRoot(root.resolve("landing"))
        .setResultRoot(root.resolve("results"))
        .setCheckpointDir(root.resolve("checkpoint"))
        .setHostSpec(spec)
        .setAvailableNow(availableNow)
        .setTriggerInterval(Duration.ofMillis(100))
        .setMaxFilesPerTrigger(maxFilesPerTrigger)
        .setShufflePartitions(2)
        .build();
  }

  static void writeFiles(LandingStore landing, List<byte[]> envelopes) throws IOException {
    for (int i = 0; i < envelopes.size(); i += CHUNKS_PER_FILE) {
      landing.append(envelopes.subList(i, Math.min(envelopes.size(), i + CHUNKS_PER_FILE)));
    }
  }

  /**
   * A chunk of the clock patient well after the record's end (base + 2 h + 100 s + the close
   * spread), so the watermark passes every window's close, whatever the patient's offset.
   */
  static byte[] clockChunk(long seq) throws Exception {
    double t =
        RrFixture.BASE_EPOCH_SECONDS + 7300 + ServerConfig.DEFAULT_CLOSE_SPREAD.toSeconds() + seq;
    return ChunkSealer.create(keys.keys(CLOCK).dataKeyset())
        .seal(CLOCK, seq, RrSamples.of(new double[] {t}, new double[] {800}))
        .toBytes();
  }

  /** Opens every stored result of the patient, in window order, checking each header. */
  static List<String> openResults(Path root, List<Long> expectedStarts) throws Exception {
    ResultStore store = ResultStore.open(root.resolve("results"));
    List<ResultStore.StoredResult> files = store.results(PATIENT);
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      byte[] bytes = files.get(i).sealedResult();
      ResultHeader h = ResultEnvelope.parseHeader(bytes);
      assertEquals(expectedStarts.get(i), h.windowStartMillis());
      assertEquals("hrv", h.algorithm());
      assertEquals("sealed-inprocess", h.hostKind());
      byte[] body = ResultOpener.create().open(bytes, keys.keys(PATIENT).resultAead());
      bodies.add(new String(body, StandardCharsets.UTF_8));
    }
    return bodies;
  }

  @Test
  void realRecord_givesTheWholeStreamAnalysis_windowForWindow() throws Exception {
    List<String> expected = record.expectedJson(W, HrvJob.HRV);
    assertEquals(24, expected.size());
    assertEquals(expected, openResults(mainRun, record.expectedWindowStartsMillis(W)));
    assertEquals(24, mainMetrics.resultsWritten());
    assertEquals(0, mainMetrics.rejectedTotal());
    assertEquals(0, mainMetrics.sequenceGaps());
  }

  @Test
  void everyMicroBatch_logsAProgressLineLabelledWithTheMode() {
    String label = "[sealed-inprocess, SIMULATION attestation: no hardware protection]";
    long progressLines =
        logs.lines().stream()
            .filter(l -> l.contains(label + " batch ") && l.contains("input rows"))
            .count();
    assertTrue(progressLines >= 4, "one progress line per batch; saw " + progressLines);
    assertTrue(
        logs.lines().stream()
            .filter(l -> l.contains("org.trustbeat.server"))
            .allMatch(l -> l.contains("[")));
  }

  @Test
  void noSampleValue_appearsInLandingCheckpointResultsOrLogs() throws Exception {
    LeakScanner canaries = record.canaries();
    assertTrue(
        canaries.count("rr-file-text") > 30 && canaries.count("time-double-le") > 1000,
        "the scan must look for many values in every form; has " + canaries.size());
    List<Path> files = LeakScanner.filesUnder(mainRun, Path.of("target", "test-logs", "spark.log"));
    assertTrue(
        files.size() > 30, "expected landing, checkpoint and result files; saw " + files.size());
    List<String> leaks = new ArrayList<>(canaries.leaksIn(files));
    leaks.addAll(
        canaries.leaksIn(
            "captured log lines",
            String.join("\n", logs.lines()).getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of(), leaks, "sample values leaked to the untrusted side");
  }

  @Test
  void stopMidStream_thenRestartOnTheSameCheckpoint_storesEveryWindowExactlyOnce()
      throws Exception {
    Path root = tmp.resolve("restart");
    LandingStore landing = LandingStore.open(root.resolve("landing"));
    writeFiles(landing, chunks);
    landing.append(List.of(clockChunk(0)));
    HostSpec spec = spec();

    SecureHrvJob first = SecureHrvJob.start(spark, config(root, spec, false, 2));
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (first.metrics().batches() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      first.stop();
    }
    long storedBeforeRestart = ResultStore.open(root.resolve("results")).results(PATIENT).size();
    assertTrue(storedBeforeRestart < 24, "the first run must stop mid-stream");

    try (SecureHrvJob second = SecureHrvJob.start(spark, config(root, spec(), true, 4))) {
      second.awaitTermination();
    }
    assertEquals(
        record.expectedJson(W, HrvJob.HRV),
        openResults(root, record.expectedWindowStartsMillis(W)));
  }

  @Test
  void tamperedDuplicatedShuffledAndGarbledInput_isReportedAndTheRestIsUnchanged()
      throws Exception {
    Path root = tmp.resolve("hostile");
    List<byte[]> hostile = new ArrayList<>(chunks);
    // Tamper with the ciphertext of a chunk that lies inside one window.
    int victim = firstChunkServingOneWindowFrom(100);
    byte[] tampered = hostile.get(victim).clone();
    tampered[tampered.length - 1] ^= 1;
    hostile.set(victim, tampered);
    // Shuffle inside every file, and swap chunks across each file boundary (a few seconds apart,
    // well inside the 30-s watermark delay).
    Random random = new Random(7);
    for (int i = 0; i < hostile.size(); i += CHUNKS_PER_FILE) {
      Collections.shuffle(
          hostile.subList(i, Math.min(hostile.size(), i + CHUNKS_PER_FILE)), random);
    }
    for (int i = CHUNKS_PER_FILE; i < hostile.size(); i += CHUNKS_PER_FILE) {
      Collections.swap(hostile, i - 1, i);
    }
    // An identical copy of a chunk a few chunks later (same window, inside the watermark).
    hostile.add(hostile.indexOf(chunks.get(300)) + 3, chunks.get(300));
    LandingStore landing = LandingStore.open(root.resolve("landing"));
    writeFiles(landing, hostile);
    // A copy of an early chunk (one that serves one window only, so one row) long after its
    // window closed (late), and bytes that are no envelope at all.
    landing.append(
        List.of(
            chunks.get(firstChunkServingOneWindowFrom(20)),
            "not an envelope".getBytes(StandardCharsets.US_ASCII)));
    landing.append(List.of(clockChunk(0)));

    JobMetrics m;
    try (SecureHrvJob job = SecureHrvJob.start(spark, config(root, spec(), true, 4))) {
      job.awaitTermination();
      m = job.metrics();
    }

    assertEquals(1L, m.rejected().get("AUTHENTICATION_FAILED"));
    assertEquals(1, m.rejectedTotal());
    assertEquals(1, m.duplicatesDropped() + m.hostDuplicatesDropped());
    assertEquals(1, m.sequenceGaps());
    assertEquals(1, m.lateChunks() + m.lateDroppedByWatermark());
    assertEquals(1, landing.quarantinedCount());
    assertEquals(expectedWithout(victim), openResults(root, record.expectedWindowStartsMillis(W)));
  }

  @Test
  void plainMode_runsTheSameJob_andPublishesEveryWindowOverMqtt() throws Exception {
    Path root = tmp.resolve("plain");
    RrFixture half = RrFixture.nsr001(1800);
    List<byte[]> clear = half.plainChunks(PATIENT, BEATS_PER_CHUNK);
    LandingStore landing = LandingStore.open(root.resolve("landing"));
    writeFiles(landing, clear);
    double late = RrFixture.BASE_EPOCH_SECONDS + 2000;
    landing.append(
        List.of(
            PlainChunk.create(CLOCK, 0, RrSamples.of(new double[] {late}, new double[] {800}))
                .toBytes()));
    HostSpec plain =
        HostSpec.builder()
            .setKind(HostKind.PLAIN)
            .setJobId("job-plain")
            .setHostFactory(ModeHostFactory.of(HostKind.PLAIN, null, null))
            .build();

    List<byte[]> published = new CopyOnWriteArrayList<>();
    try (EmbeddedBroker broker =
        EmbeddedBroker.builder()
            .setDataDirectory(root.resolve("broker"))
            .setPort(0)
            .insecureAllowAnonymous()
            .build()
            .start()) {
      MqttEndpoint endpoint = MqttEndpoint.create(broker.clientSettings().build());
      Mqtt3AsyncClient consumer = endpoint.newClient("consumer-test");
      endpoint.connectBlocking(consumer, Duration.ofSeconds(10));
      consumer
          .subscribeWith()
          .topicFilter(Topics.results(PATIENT))
          .qos(MqttQos.AT_LEAST_ONCE)
          .callback(p -> published.add(p.getPayloadAsBytes()))
          .send()
          .get();
      ServerConfig config =
          ServerConfig.builder()
              .setLandingRoot(root.resolve("landing"))
              .setResultRoot(root.resolve("results"))
              .setCheckpointDir(root.resolve("checkpoint"))
              .setHostSpec(plain)
              .setAvailableNow(true)
              .setShufflePartitions(2)
              .setMqtt(broker.clientSettings().build())
              .build();
      try (SecureHrvJob job = SecureHrvJob.start(spark, config)) {
        job.awaitTermination();
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (published.size() < 6 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      consumer.disconnect().get();
    }

    ResultStore store = ResultStore.open(root.resolve("results"));
    List<String> stored = new ArrayList<>();
    for (ResultStore.StoredResult f : store.results(PATIENT)) {
      PlainResult r = PlainResult.parse(f.sealedResult());
      assertEquals("plain", r.header().hostKind());
      stored.add(new String(r.body(), StandardCharsets.UTF_8));
    }
    assertEquals(half.expectedJson(W, HrvJob.HRV), stored);
    assertEquals(6, published.size());
    for (byte[] p : published) {
      assertTrue(
          store.results(PATIENT).stream()
              .anyMatch(f -> java.util.Arrays.equals(p, f.sealedResult())),
          "every published result is the stored one");
    }
  }

  private static int firstChunkServingOneWindowFrom(int from) throws Exception {
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

  /** The whole-stream analysis of the record without the beats of chunk {@code victim}. */
  private static List<String> expectedWithout(int victim) {
    return record.expectedJsonWithoutChunk(victim, BEATS_PER_CHUNK, W);
  }
}
