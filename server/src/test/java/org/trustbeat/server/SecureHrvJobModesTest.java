package org.trustbeat.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.PlainChunk;
import org.trustbeat.protocol.PlainResult;
import org.trustbeat.protocol.ResultEnvelope;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.ResultOpener;
import org.trustbeat.protocol.RrSamples;

/**
 * The execution modes on the same input through the same Spark job: {@code plain} (clear chunks),
 * {@code sealed-inprocess} and {@code sealed-process} (the real child-process enclave, started by
 * the job's host registry) give byte-identical result bodies, equal to the whole-record analysis
 * (HRV-SPEC version 2: each window from its own chunks and 30 s of context chunks on each side);
 * {@code sgx} fails at start on a machine without SGX, naming the fix.
 */
class SecureHrvJobModesTest {
  private static final String PATIENT = "nsr001";
  private static final String CLOCK = "clock";

  /** 3.5 h of nsr001, through the 164 minutes HRV-SPEC version 1 rejected from t = 2494 s. */
  private static final double RECORD_SECONDS = 12_600;

  private static final int BEATS_PER_CHUNK = 8;
  private static final int CHUNKS_PER_FILE = 40;

  @TempDir static Path tmp;
  private static RrFixture record;
  private static TestKeys keys;
  private static LogCapture logs;
  private static final Map<HostKind, List<byte[]>> bodies = new EnumMap<>(HostKind.class);
  private static final Map<HostKind, List<ResultHeader>> headers = new EnumMap<>(HostKind.class);

  @BeforeAll
  static void runEveryModeOnTheSameRecord() throws Exception {
    logs = LogCapture.start();
    SparkSession spark = TestSpark.session();
    record = RrFixture.nsr001(RECORD_SECONDS);
    keys = new TestKeys();
    keys.add(PATIENT);
    keys.add(CLOCK);
    Path simulationKey = tmp.resolve("simulation.key");
    Path enclaveWork = Files.createDirectories(tmp.resolve("enclave-work"));
    for (HostKind kind :
        List.of(HostKind.PLAIN, HostKind.SEALED_INPROCESS, HostKind.SEALED_PROCESS)) {
      Path root = tmp.resolve(kind.label());
      LandingStore landing = LandingStore.open(root.resolve("landing"));
      boolean plain = kind == HostKind.PLAIN;
      List<byte[]> chunks =
          plain
              ? record.plainChunks(PATIENT, BEATS_PER_CHUNK)
              : record.seal(PATIENT, keys.keys(PATIENT), BEATS_PER_CHUNK);
      for (int i = 0; i < chunks.size(); i += CHUNKS_PER_FILE) {
        landing.append(chunks.subList(i, Math.min(chunks.size(), i + CHUNKS_PER_FILE)));
      }
      landing.append(List.of(clockChunk(plain)));
      HostSpec.Builder spec =
          HostSpec.builder()
              .setKind(kind)
              .setJobId("job-modes")
              .setJob(HrvJob.HRV)
              .setHostFactory(
                  ModeHostFactory.of(
                      kind,
                      plain ? null : simulationKey,
                      enclaveWork,
                      plain ? null : TestKeys.keyBrokerKey()));
      if (!plain) {
        spec.setProvisioner(keys);
      }
      // Several files per micro-batch: windows close over several batches, and each window's
      // context chunks travel through Spark's state until it closes, in every mode.
      try (SecureHrvJob job = SecureHrvJob.start(spark, config(root, spec.build()))) {
        job.awaitTermination();
        assertTrue(
            job.metrics().batches() >= 3, kind + " ran in " + job.metrics().batches() + " batches");
      }
      readResults(kind, root);
    }
  }

  @AfterAll
  static void stopCapture() {
    logs.close();
  }

  private static ServerConfig config(Path root, HostSpec spec) {
    return ServerConfig.builder()
        .setLandingRoot(root.resolve("landing"))
        .setResultRoot(root.resolve("results"))
        .setCheckpointDir(root.resolve("checkpoint"))
        .setHostSpec(spec)
        .setAvailableNow(true)
        .setMaxFilesPerTrigger(6)
        .setShufflePartitions(2)
        .build();
  }

  /** One beat of another patient 100 s after the record: its watermark closes every window. */
  private static byte[] clockChunk(boolean plain) throws Exception {
    RrSamples s =
        RrSamples.of(
            new double[] {RrFixture.BASE_EPOCH_SECONDS + RECORD_SECONDS + 100}, new double[] {800});
    return plain
        ? PlainChunk.create(CLOCK, 0, s).toBytes()
        : ChunkSealer.create(keys.keys(CLOCK).dataKeyset()).seal(CLOCK, 0, s).toBytes();
  }

  private static void readResults(HostKind kind, Path root) throws Exception {
    List<byte[]> b = new ArrayList<>();
    List<ResultHeader> h = new ArrayList<>();
    for (ResultStore.StoredResult f : ResultStore.open(root.resolve("results")).results(PATIENT)) {
      byte[] bytes = f.sealedResult();
      if (kind == HostKind.PLAIN) {
        PlainResult r = PlainResult.parse(bytes);
        h.add(r.header());
        b.add(r.body());
      } else {
        h.add(ResultEnvelope.parseHeader(bytes));
        b.add(ResultOpener.create().open(bytes, keys.keys(PATIENT).resultAead()));
      }
    }
    bodies.put(kind, b);
    headers.put(kind, h);
  }

  @Test
  void everyMode_givesTheWholeRecordAnalysis_windowForWindow() {
    List<String> expected = record.expectedJson(300, HrvJob.HRV);
    assertEquals(42, expected.size());
    for (HostKind kind : bodies.keySet()) {
      List<String> got =
          bodies.get(kind).stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
      assertEquals(expected, got, kind.label());
    }
  }

  @Test
  void resultBodies_areByteIdenticalAcrossModes() {
    List<byte[]> reference = bodies.get(HostKind.PLAIN);
    assertEquals(3, bodies.size());
    for (HostKind kind : List.of(HostKind.SEALED_INPROCESS, HostKind.SEALED_PROCESS)) {
      assertEquals(reference.size(), bodies.get(kind).size(), kind.label());
      for (int i = 0; i < reference.size(); i++) {
        assertArrayEquals(reference.get(i), bodies.get(kind).get(i), kind.label() + " window " + i);
      }
    }
  }

  @Test
  void everyResult_namesTheModeThatProducedIt() {
    List<Long> starts = record.expectedWindowStartsMillis(300);
    for (HostKind kind : headers.keySet()) {
      List<ResultHeader> h = headers.get(kind);
      assertEquals(starts, h.stream().map(ResultHeader::windowStartMillis).toList(), kind.label());
      for (ResultHeader r : h) {
        assertEquals(kind.label(), r.hostKind());
        assertEquals(PATIENT, r.patient());
        assertEquals("job-modes", r.jobId());
      }
    }
  }

  @Test
  void sgxMode_withoutSgxHardware_failsAtStartAndNamesTheFix() throws Exception {
    Path root = tmp.resolve("sgx");
    LandingStore landing = LandingStore.open(root.resolve("landing"));
    landing.append(record.seal(PATIENT, keys.keys(PATIENT), BEATS_PER_CHUNK).subList(0, 200));
    landing.append(List.of(clockChunk(false)));
    HostSpec spec =
        HostSpec.builder()
            .setKind(HostKind.SGX)
            .setJobId("job-sgx")
            .setHostFactory(ModeHostFactory.of(HostKind.SGX, null, tmp))
            .setProvisioner(keys)
            .build();
    IOException e =
        assertThrows(
            IOException.class, () -> SecureHrvJob.start(TestSpark.session(), config(root, spec)));
    String message = messages(e);
    assertTrue(
        message.contains("sgx mode needs an SGX machine with Gramine")
            && message.contains("use --mode sealed-process"),
        message);
    assertEquals(0, TestSpark.session().streams().active().length, "no query was started");
    assertEquals(List.of(), ResultStore.open(root.resolve("results")).patients());
  }

  private static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }
}
