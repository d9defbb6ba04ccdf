package org.trustbeat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ResultEnvelope;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.ResultOpener;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.testing.LeakScanner;

/**
 * SIGKILL of the job's JVM mid-stream, while the landing store grows, and a restart on the same
 * checkpoint and result store: every window ends up in the result store exactly once, with the
 * whole-record analysis as its content.
 */
class SecureHrvJobKillTest {
  private static final String PATIENT = "nsr001";
  private static final String CLOCK = "clock";
  private static final double RECORD_SECONDS = 3600;
  private static final int CHUNKS_PER_FILE = 20;

  @TempDir static Path tmp;
  private static final List<Process> children = new ArrayList<>();
  private static RrFixture record;
  private static PatientKeys keys;
  private static ResultStore results;

  @AfterAll
  static void killChildren() throws InterruptedException {
    for (Process p : children) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @BeforeAll
  static void killTheJobMidStream_thenRestartIt() throws Exception {
    record = RrFixture.nsr001(RECORD_SECONDS);
    Path work = tmp.resolve("job");
    try (TestKeyBroker broker =
        TestKeyBroker.start(tmp.resolve("trust"), List.of(PATIENT, CLOCK), true)) {
      keys = broker.keys(PATIENT);
      List<byte[]> chunks = record.seal(PATIENT, keys, 8);
      List<List<byte[]>> files = new ArrayList<>();
      for (int i = 0; i < chunks.size(); i += CHUNKS_PER_FILE) {
        files.add(chunks.subList(i, Math.min(chunks.size(), i + CHUNKS_PER_FILE)));
      }
      RrSamples tick =
          RrSamples.of(
              new double[] {RrFixture.BASE_EPOCH_SECONDS + RECORD_SECONDS + 100},
              new double[] {800});
      files.add(
          List.of(
              ChunkSealer.create(broker.keys(CLOCK).dataKeyset()).seal(CLOCK, 0, tick).toBytes()));
      LandingStore landing = LandingStore.open(work.resolve("landing"));
      results = ResultStore.open(work.resolve("results"));
      int firstPart = files.size() * 6 / 10;

      // First run: the landing store grows while the job runs; SIGKILL once a few windows are
      // stored, i.e. right after the sink of some micro-batch wrote them.
      landing.append(files.get(0));
      Process first = startChild(work, broker, false, "first");
      for (int i = 1; i < firstPart; i++) {
        Thread.sleep(100);
        landing.append(files.get(i));
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (results.results(PATIENT).size() < 3
          && first.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(
          first.isAlive(), "the first child died on its own; see " + tmp.resolve("first.err"));
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      int storedAtKill = results.results(PATIENT).size();
      assertTrue(
          storedAtKill >= 3 && storedAtKill < 12, "killed mid-stream; stored " + storedAtKill);

      // The rest arrives while no job runs; a new job on the same checkpoint takes it all in.
      for (int i = firstPart; i < files.size(); i++) {
        landing.append(files.get(i));
      }
      Process second = startChild(work, broker, true, "second");
      assertTrue(second.waitFor(4, TimeUnit.MINUTES), "the restarted job did not finish");
      assertEquals(0, second.exitValue(), "see " + tmp.resolve("second.err"));
    }
  }

  @Test
  void everyWindow_isStoredExactlyOnce_withTheWholeRecordAnalysis() throws Exception {
    List<ResultStore.StoredResult> stored = results.results(PATIENT);
    List<Long> starts = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    for (ResultStore.StoredResult f : stored) {
      byte[] bytes = f.sealedResult();
      ResultHeader h = ResultEnvelope.parseHeader(bytes);
      assertEquals(f.windowStartMillis(), h.windowStartMillis(), "stored under its window");
      starts.add(h.windowStartMillis());
      bodies.add(
          new String(ResultOpener.create().open(bytes, keys.resultAead()), StandardCharsets.UTF_8));
    }
    assertEquals(record.expectedWindowStartsMillis(300), starts, "every window once, none lost");
    assertEquals(record.expectedJson(300, HrvJob.HRV), bodies);
    assertEquals(12, results.all().size(), "nothing but the twelve results");
  }

  @Test
  void noSampleValue_inTheChildrensLogs_checkpoint_landingOrResults() throws Exception {
    LeakScanner canaries = record.canaries();
    List<Path> files =
        LeakScanner.filesUnder(
            tmp.resolve("job"),
            tmp.resolve("first.err"),
            tmp.resolve("first.out"),
            tmp.resolve("second.err"),
            tmp.resolve("second.out"),
            tmp.resolve("first"),
            tmp.resolve("second"));
    assertTrue(Files.size(tmp.resolve("second.err")) > 1000, "the child logs were captured");
    assertTrue(
        files.stream()
            .anyMatch(f -> f.toString().contains("checkpoint" + File.separator + "state")),
        "the checkpoint's state store is scanned");
    assertEquals(List.of(), canaries.leaksIn(files));
  }

  private static Process startChild(
      Path work, TestKeyBroker broker, boolean availableNow, String name) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                JobChildMain.class.getName(),
                work.toString(),
                broker.uri().toString(),
                broker.simulationKeyFile().toString(),
                Boolean.toString(availableNow),
                broker.verificationKey().toText()));
    Path dir = Files.createDirectories(tmp.resolve(name));
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(tmp.resolve(name + ".out").toFile())
            .redirectError(tmp.resolve(name + ".err").toFile())
            .start();
    children.add(p);
    return p;
  }
}
