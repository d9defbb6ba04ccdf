package org.trustbeat.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.enclave.host.EnclaveHost;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.PlainChunk;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.server.CloseSchedule;
import org.trustbeat.server.HostSpec;
import org.trustbeat.server.JobMetrics;
import org.trustbeat.server.LandingStore;
import org.trustbeat.server.ModeHostFactory;
import org.trustbeat.server.ResultStore;
import org.trustbeat.server.SecureHrvJob;
import org.trustbeat.server.ServerConfig;
import org.trustbeat.server.SharedHosts;

/**
 * Runs the real {@link SecureHrvJob} on one shared Spark session ({@code local[*]}, the same
 * settings for every mode) over bench workloads written straight into a fresh landing store: the
 * server side only, as the paper measured it. Each run gets a fresh landing store, checkpoint,
 * result store and enclave host; the host is started and given its keys before the clock starts
 * (that one-time cost is reported separately as {@link BatchRun#hostStartMillis()}).
 *
 * <p>Sealed modes run with INSECURE simulation attestation: this machine has no SGX.
 */
public final class BenchPipeline implements AutoCloseable {
  static final String CLOCK_PATIENT = "clock";
  static final String WARMUP_PATIENT = "warmup";

  /** Windows per warm-up call and calls per host: enough for the child JVM's JIT to compile. */
  private static final int WARMUP_WINDOWS = 20;

  private static final int WARMUP_CALLS = 15;
  static final Duration WINDOW = Duration.ofSeconds(300);

  private final SparkSession spark;
  private final Path workDir;
  private final Path simulationKey;
  private final BenchKeys keys;
  private List<List<BenchChunk>> warmupWindows;
  private final Consumer<String> log;
  private Workload cachedWorkload;
  private EncodedWorkload cached;
  private boolean cachedPlain;
  private int runs;

  private BenchPipeline(
      SparkSession spark, Path workDir, Path simulationKey, BenchKeys keys, Consumer<String> log) {
    this.spark = spark;
    this.log = log;
    this.workDir = workDir;
    this.simulationKey = simulationKey;
    this.keys = keys;
  }

  /**
   * Starts the Spark session and the bench's keys under {@code workDir} (created; its contents are
   * the bench's scratch space); progress of long preparations goes to {@code log}.
   */
  public static BenchPipeline start(Path workDir, Consumer<String> log)
      throws IOException, GeneralSecurityException {
    Files.createDirectories(workDir);
    Path simulationKey = workDir.resolve("simulation-attestation.key");
    BenchKeys keys = BenchKeys.create(simulationKey);
    keys.ensure(List.of(CLOCK_PATIENT, WARMUP_PATIENT));
    SparkSession spark =
        SparkSession.builder()
            .appName("trustbeat-bench")
            .master("local[*]")
            .config("spark.ui.enabled", "false")
            // A capacity probe reads every batch's progress at its end: keep more than Spark's 100.
            .config("spark.sql.streaming.numRecentProgressUpdates", "2000")
            .getOrCreate();
    return new BenchPipeline(spark, workDir, simulationKey, keys, log);
  }

  /** Spark's default parallelism here (the cores {@code local[*]} uses). */
  public int parallelism() {
    return spark.sparkContext().defaultParallelism();
  }

  /**
   * Makes keys for the workload's patients and encodes it for the mode, into the scratch space
   * (cached per workload; one encoding at a time, as a capacity workload is gigabytes).
   */
  EncodedWorkload prepare(Workload w, HostKind mode) throws GeneralSecurityException, IOException {
    boolean plain = mode == HostKind.PLAIN;
    if (w == cachedWorkload && cached != null && cachedPlain == plain) {
      return cached;
    }
    if (cached != null) {
      cached.delete();
      cached = null;
    }
    if (!plain) {
      keys.ensure(w.patients());
    }
    long t0 = System.nanoTime();
    long[] lastReport = {t0};
    String family = plain ? "plain" : "sealed";
    cached =
        EncodedWorkload.write(
            w,
            plain,
            keys,
            workDir.resolve("workload-" + family),
            (files, of, bytes) -> {
              long now = System.nanoTime();
              // Only long encodings (capacity probes) report, every 10 s and when done.
              if (now - lastReport[0] >= 10_000_000_000L || (files == of && lastReport[0] != t0)) {
                lastReport[0] = now;
                log.accept(
                    String.format(
                        Locale.ROOT,
                        "encoding the %s workload: %d of %d landing files, %.0f MB, %.0f s",
                        family,
                        files,
                        of,
                        bytes / 1e6,
                        (now - t0) / 1e9));
              }
            });
    cachedWorkload = w;
    cachedPlain = plain;
    return cached;
  }

  /**
   * Batch execution: the whole workload is in the landing store, plus one chunk of a clock patient
   * an hour after the last sample so the watermark passes every window; the job runs with {@code
   * Trigger.AvailableNow} on a fresh checkpoint until it stops by itself.
   *
   * @throws IOException if the job did not store exactly one result per window of the input
   */
  BatchRun runBatch(HostKind mode, HrvJob job, Workload w)
      throws IOException, GeneralSecurityException, StreamingQueryException {
    EncodedWorkload input = prepare(w, mode);
    Path dir = runDir("batch");
    try {
      LandingStore landing = LandingStore.open(dir.resolve("landing"));
      LandingFeeder.prefill(landing, input, input.fileCount());
      landing.append(List.of(clockChunk(mode, w.lastEventSeconds() + 3600)));
      HostSpec spec = spec(mode, job, dir);
      long hostStart = startHost(spec, mode);
      long t0 = System.nanoTime();
      JobMetrics m;
      long elapsed;
      try (SecureHrvJob j =
          SecureHrvJob.start(spark, config(dir, spec).setAvailableNow(true).build())) {
        j.awaitTermination();
        elapsed = System.nanoTime() - t0;
        m = j.metrics();
      }
      checkComplete(m, w.windows(), mode, "batch");
      return new BatchRun(
          elapsed / 1e6, hostStart / 1e6, m.resultsWritten(), w.samples(), input.bytes());
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * Stream execution: a feeder thread writes the workload's files at its pace while the job runs
   * with a processing-time trigger; the value is the mean of Spark's {@code triggerExecution}
   * duration over the batches after the first {@code warmup}. The first trigger's worth of input is
   * written before the job starts, so batch 0 starts at once with a full batch.
   */
  StreamRun runStream(
      HostKind mode,
      HrvJob job,
      Workload w,
      Duration trigger,
      int warmup,
      int measured,
      Duration timeout)
      throws IOException, GeneralSecurityException {
    EncodedWorkload input = prepare(w, mode);
    Path dir = runDir("stream");
    try {
      LandingStore landing = LandingStore.open(dir.resolve("landing"));
      HostSpec spec = spec(mode, job, dir);
      long hostStart = startHost(spec, mode);
      warmUpHost(spec, mode, job);
      LandingFeeder.prefill(landing, input, w.prefillFiles());
      TreeMap<Long, BatchStat> durations;
      boolean exhausted;
      try (SecureHrvJob j =
              SecureHrvJob.start(spark, config(dir, spec).setTriggerInterval(trigger).build());
          LandingFeeder feeder =
              LandingFeeder.start(landing, input, w.prefillFiles(), w.tickSeconds())) {
        long deadline = System.nanoTime() + timeout.toNanos();
        durations = batchDurations(j);
        while (countFrom(durations, warmup) < measured && System.nanoTime() < deadline) {
          failIfStopped(j);
          sleep(100);
          durations = batchDurations(j);
        }
        exhausted = feeder.exhausted();
      }
      List<Double> batches = new ArrayList<>();
      long files = 0;
      for (Map.Entry<Long, BatchStat> e : durations.entrySet()) {
        if (e.getKey() >= warmup && batches.size() < measured) {
          batches.add((double) e.getValue().millis());
          files += e.getValue().inputFiles();
        }
      }
      if (batches.isEmpty()) {
        throw new IOException(
            mode.label()
                + " stream run: no batch after the "
                + warmup
                + " warm-up batch(es) finished within "
                + timeout.toSeconds()
                + " s; the mode cannot"
                + " keep up with "
                + w.description()
                + " (try a lower load)");
      }
      double mean = batches.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      double total = batches.stream().mapToDouble(Double::doubleValue).sum();
      // The feeder writes files of equal duration, so samples per file is the workload's average.
      double mb =
          files
              * ((double) w.samples() / input.fileCount())
              * Load.BYTES_PER_SAMPLE
              / (1024.0 * 1024.0);
      return new StreamRun(
          mean, batches, total / mb, hostStart / 1e6, trigger.toMillis(), exhausted);
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * Capacity probe: real-time patients whose backlog (batch 0, not measured) fills the first
   * window; once batch 0 has finished, one 10-s slot per 10 s until every patient has had {@code
   * closesPerPatient} windows stored (2: the first close and one full window cycle after it). The
   * mode sustains the patients if every batch after batch 0 took less than the trigger and every
   * result was stored within two triggers of its close (the end of the batch whose data moved the
   * watermark past the patient's close time).
   */
  ProbeRun probe(
      HostKind mode,
      HrvJob job,
      Workload w,
      Duration trigger,
      Duration closeSpread,
      int stateMemoryMb,
      int closesPerPatient,
      Duration timeout)
      throws IOException, GeneralSecurityException {
    EncodedWorkload input = prepare(w, mode);
    Path dir = runDir("capacity");
    int patients = w.patients().size();
    try {
      LandingStore landing = LandingStore.open(dir.resolve("landing"));
      HostSpec spec = spec(mode, job, dir);
      startHost(spec, mode);
      warmUpHost(spec, mode, job);
      LandingFeeder.prefill(landing, input, w.prefillFiles());
      ServerConfig config =
          config(dir, spec)
              .setTriggerInterval(trigger)
              .setCloseSpread(closeSpread)
              .setStateMemoryMb(stateMemoryMb)
              .build();
      List<StreamingQueryProgress> progress;
      boolean closed = false;
      try (SecureHrvJob j = SecureHrvJob.start(spark, config)) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // The backlog is one-time work (a restart catching up): the live slots start after it.
        while (batchDurations(j).isEmpty() && System.nanoTime() < deadline) {
          failIfStopped(j);
          sleep(100);
        }
        try (LandingFeeder feeder =
            LandingFeeder.start(landing, input, w.prefillFiles(), w.tickSeconds())) {
          while (System.nanoTime() < deadline) {
            failIfStopped(j);
            if (j.metrics().resultsWritten() >= (long) closesPerPatient * patients
                && !j.query().status().isTriggerActive()) {
              closed = true;
              break;
            }
            sleep(100);
          }
          progress = List.of(j.query().recentProgress());
          return ProbeRun.of(
              patients,
              trigger,
              closed,
              timeout,
              progress,
              ResultStore.open(config.resultRoot()),
              job.jobName(),
              new CloseSchedule(config.window().toMillis(), closeSpread.toMillis()));
        }
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static void failIfStopped(SecureHrvJob j) throws IOException {
    if (!j.query().isActive()) {
      throw new IOException(
          "the Spark job stopped: "
              + (j.query().exception().isDefined()
                  ? j.query().exception().get().getMessage()
                  : "no reason given"));
    }
  }

  private static long countFrom(Map<Long, ?> durations, int from) {
    return durations.keySet().stream().filter(id -> id >= from).count();
  }

  /** One executed micro-batch: its {@code triggerExecution} ms and the landing files it read. */
  record BatchStat(long millis, long inputFiles) {}

  /** Per completed batch id (the last report of each id). */
  private static TreeMap<Long, BatchStat> batchDurations(SecureHrvJob j) {
    TreeMap<Long, BatchStat> out = new TreeMap<>();
    for (StreamingQueryProgress p : j.query().recentProgress()) {
      Long ms = p.durationMs().get("triggerExecution");
      // Idle triggers (no batch ran) report no addBatch time; count executed batches only.
      if (ms != null && p.durationMs().containsKey("addBatch")) {
        out.put(p.batchId(), new BatchStat(ms, p.numInputRows()));
      }
    }
    return out;
  }

  private long startHost(HostSpec spec, HostKind mode)
      throws IOException, GeneralSecurityException {
    long t0 = System.nanoTime();
    EnclaveHost h = SharedHosts.host(spec);
    if (mode != HostKind.PLAIN) {
      keys.provision(h, List.of());
    }
    return System.nanoTime() - t0;
  }

  /**
   * Runs the enclave code on a warm-up patient's windows before the clock starts, so that a stream
   * is measured in its steady state: a long-running job's enclave has long been compiled by the
   * JIT, while a freshly started enclave JVM ({@code sealed-process}) would spend the first
   * measured batches interpreting. Every mode gets the same calls.
   */
  private void warmUpHost(HostSpec spec, HostKind mode, HrvJob job)
      throws IOException, GeneralSecurityException {
    if (warmupWindows == null) {
      SimulatedPatient p = new SimulatedPatient(WARMUP_PATIENT, 7);
      List<List<BenchChunk>> windows = new ArrayList<>();
      for (int k = 0; k < WARMUP_WINDOWS; k++) {
        List<BenchChunk> window = new ArrayList<>();
        for (int i = 0; i < WINDOW.toSeconds() / SimulatedPatient.CHUNK_SECONDS; i++) {
          window.add(p.nextChunk(Integer.MAX_VALUE));
        }
        windows.add(window);
      }
      warmupWindows = windows;
    }
    List<WindowTask> tasks = new ArrayList<>();
    for (List<BenchChunk> window : warmupWindows) {
      List<byte[]> envelopes = new ArrayList<>();
      for (BenchChunk c : window) {
        envelopes.add(EncodedWorkload.envelope(c, mode == HostKind.PLAIN, keys));
      }
      long start =
          Math.floorDiv(window.get(0).startMillis(), WINDOW.toMillis()) * WINDOW.toMillis();
      tasks.add(WindowTask.of(WARMUP_PATIENT, start, WINDOW.toMillis(), envelopes));
    }
    WindowBatch batch = WindowBatch.of(spec.jobId(), job, tasks);
    EnclaveHost host = SharedHosts.host(spec);
    for (int i = 0; i < WARMUP_CALLS; i++) {
      List<WindowOutcome> outcomes = host.process(batch);
      if (outcomes.size() != tasks.size()
          || outcomes.stream().anyMatch(o -> o.rejectedTotal() > 0)) {
        throw new IOException(
            mode.label()
                + " enclave warm-up failed: "
                + outcomes.size()
                + " outcomes for "
                + tasks.size()
                + " windows, or chunks rejected");
      }
    }
  }

  private HostSpec spec(HostKind mode, HrvJob job, Path dir) {
    HostSpec.Builder b =
        HostSpec.builder()
            .setKind(mode)
            .setJobId("bench")
            .setJob(job)
            .setHostFactory(
                ModeHostFactory.of(
                    mode,
                    mode == HostKind.PLAIN ? null : simulationKey,
                    dir,
                    mode == HostKind.PLAIN ? null : keys.keyBrokerKey()));
    if (mode != HostKind.PLAIN) {
      b.setProvisioner(keys);
    }
    return b.build();
  }

  private ServerConfig.Builder config(Path dir, HostSpec spec) {
    return ServerConfig.builder()
        .setLandingRoot(dir.resolve("landing"))
        .setResultRoot(dir.resolve("results"))
        .setCheckpointDir(dir.resolve("checkpoint"))
        .setHostSpec(spec)
        .setWindow(WINDOW)
        .setQueryName("bench-" + runs);
  }

  private byte[] clockChunk(HostKind mode, double epochSeconds) throws GeneralSecurityException {
    RrSamples s = RrSamples.of(new double[] {epochSeconds}, new double[] {800});
    if (mode == HostKind.PLAIN) {
      return PlainChunk.create(CLOCK_PATIENT, 0, s).toBytes();
    }
    ChunkSealer sealer = keys.sealer(CLOCK_PATIENT);
    return sealer.seal(CLOCK_PATIENT, 0, s).toBytes();
  }

  private static void checkComplete(JobMetrics m, long expected, HostKind mode, String kind)
      throws IOException {
    if (m.resultsWritten() != expected || m.rejectedTotal() != 0) {
      throw new IOException(
          mode.label()
              + " "
              + kind
              + " run stored "
              + m.resultsWritten()
              + " results for "
              + expected
              + " windows (rejected "
              + m.rejected()
              + "); the run is"
              + " not complete, so its time means nothing: "
              + m);
    }
  }

  private Path runDir(String kind) throws IOException {
    runs++;
    return Files.createDirectories(workDir.resolve(kind + "-" + runs));
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() throws IOException {
    spark.stop();
    deleteTree(workDir);
  }

  /** One batch-execution run. */
  record BatchRun(
      double elapsedMillis,
      double hostStartMillis,
      long windows,
      long samples,
      long envelopeBytes) {}

  /**
   * One stream-execution run: the measured batches' triggerExecution times, and their total over
   * the megabytes of samples those batches read. When a mode falls behind, each of its batches
   * takes in more input than a faster mode's, so only the per-megabyte cost compares modes fairly.
   */
  record StreamRun(
      double meanBatchMillis,
      List<Double> batchMillis,
      double millisPerMb,
      double hostStartMillis,
      long triggerMillis,
      boolean inputExhausted) {
    boolean keptUp() {
      return batchMillis.stream().allMatch(ms -> ms < triggerMillis);
    }
  }

  /** One capacity probe; see {@link ProbeRun}. */
}
