package org.trustbeat.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.server.ServerConfig;

/** The bench's runs on the real job, in every mode, on loads small enough for a unit test. */
class BenchPipelineTest {
  @TempDir static Path tmp;
  private static BenchPipeline pipeline;

  @BeforeAll
  static void start() throws Exception {
    pipeline = BenchPipeline.start(tmp.resolve("work"), line -> {});
  }

  @AfterAll
  static void stop() throws Exception {
    pipeline.close();
  }

  @Test
  void batchRun_storesOneResultPerWindow_inEveryMode() throws Exception {
    Workload w = Workload.batch(Load.kb(32), BenchPipeline.WINDOW.toMillis());
    for (HostKind mode :
        new HostKind[] {HostKind.PLAIN, HostKind.SEALED_INPROCESS, HostKind.SEALED_PROCESS}) {
      BenchPipeline.BatchRun r = pipeline.runBatch(mode, HrvJob.SDNN, w);
      assertEquals(w.windows(), r.windows(), mode.label());
      assertEquals(2048, r.samples());
      assertTrue(r.elapsedMillis() > 0);
    }
  }

  @Test
  void streamRun_reportsTheMeasuredBatchesAfterTheWarmUp() throws Exception {
    Workload w = Workload.stream(Load.kb(8), 8, 2, BenchPipeline.WINDOW.toMillis());
    BenchPipeline.StreamRun r =
        pipeline.runStream(
            HostKind.SEALED_INPROCESS,
            HrvJob.IDENTITY,
            w,
            Duration.ofSeconds(2),
            1,
            2,
            Duration.ofSeconds(60));
    assertEquals(2, r.batchMillis().size());
    assertTrue(r.meanBatchMillis() > 0);
  }

  @Test
  void capacityProbe_closesEveryPatientsFirstWindow_andTimesEveryResult() throws Exception {
    // Backlog up to 340 s; with no close spread every first window is due at 330 s.
    Workload w = Workload.realTime(4, 34, 40, BenchPipeline.WINDOW.toMillis());
    ProbeRun r =
        pipeline.probe(
            HostKind.PLAIN,
            HrvJob.HRV_BANDS,
            w,
            Duration.ofSeconds(10),
            Duration.ZERO,
            ServerConfig.DEFAULT_STATE_MEMORY_MB,
            1,
            Duration.ofSeconds(120));
    assertEquals(4, r.patients());
    assertEquals(4, r.results(), "one first window per patient, each timed");
    assertTrue(r.maxResultDelayMillis() >= 0 && r.maxResultDelayMillis() <= 20_000, r.describe());
    assertTrue(r.msPerPatient() > 0 && r.worstBatchMillis() >= r.meanBatchMillis(), r.describe());
    assertTrue(r.sustained(), r.describe());
  }

  @Test
  void close_leavesNoScratchFiles() throws Exception {
    try (var s = Files.list(tmp.resolve("work"))) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith("batch-")));
    }
  }
}
