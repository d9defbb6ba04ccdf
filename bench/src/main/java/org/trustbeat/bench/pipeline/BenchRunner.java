package org.trustbeat.bench.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.trustbeat.bench.report.Measurement;
import org.trustbeat.bench.report.MeasurementLog;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;

/**
 * Runs a {@link BenchPlan}: a discarded warm-up run per mode and job, then batch and stream
 * measurements on one Spark session with the modes interleaved inside every repetition (rep 1:
 * plain, in-process, process; rep 2: ...), so drift of the machine hits every mode alike; then the
 * capacity probes, each in a fresh JVM of its own ({@link ProbeProcess}), so that no probe inherits
 * the memory a previous one left behind. Prints one line per measurement and appends it to the
 * {@link MeasurementLog} at once.
 */
public final class BenchRunner {
  private final BenchPlan plan;
  private final PrintWriter out;
  private final MeasurementLog log;
  private final List<String> notes = new ArrayList<>();
  private int done;
  private int probeCount;
  private IntConsumer progress = n -> {};
  private ProbeProcess probes = new ProbeProcess(ProbeProcess.DEFAULT_MAIN, List.of());

  public BenchRunner(BenchPlan plan, PrintWriter out, MeasurementLog log) {
    this.plan = plan;
    this.out = out;
    this.log = log;
  }

  /** Told the number of measurements done after each one (for a progress bar). */
  public BenchRunner onProgress(IntConsumer doneSoFar) {
    this.progress = doneSoFar;
    return this;
  }

  /** Notes for the summary: runs that fell behind, bounded searches, the conventions used. */
  public List<String> notes() {
    return List.copyOf(notes);
  }

  public void run() throws IOException, GeneralSecurityException, StreamingQueryException {
    if (plan.runs(BenchPlan.Kind.BATCH) || plan.runs(BenchPlan.Kind.STREAM)) {
      try (BenchPipeline pipeline = BenchPipeline.start(plan.workDir(), this::print)) {
        print(
            "Spark local[*] with "
                + pipeline.parallelism()
                + " cores; "
                + plan.plannedMeasurements()
                + " measurements planned");
        warmUp(pipeline);
        if (plan.runs(BenchPlan.Kind.BATCH)) {
          batch(pipeline);
        }
        if (plan.runs(BenchPlan.Kind.STREAM)) {
          stream(pipeline);
        }
      }
    }
    if (plan.runs(BenchPlan.Kind.CAPACITY)) {
      // The batch and stream session is closed by now: a probe's JVM has the machine to itself.
      print(
          "capacity: each probe in a fresh JVM with Spark local[*] on "
              + Runtime.getRuntime().availableProcessors()
              + " cores; "
              + plan.plannedMeasurements()
              + " measurements planned");
      try {
        capacity();
      } finally {
        BenchPipeline.deleteTree(plan.workDir());
      }
    }
  }

  /**
   * Starts capacity probes with {@code mainClass} as the probe JVM's main, given the probe's
   * directory and then {@code args} (the command line passes its log file); by default {@link
   * ProbeMain}, which leaves logging to log4j2's defaults.
   */
  public BenchRunner probeMain(String mainClass, List<String> args) {
    this.probes = new ProbeProcess(mainClass, args);
    return this;
  }

  private void warmUp(BenchPipeline pipeline)
      throws IOException, GeneralSecurityException, StreamingQueryException {
    Workload w = Workload.batch(Load.kb(32), BenchPipeline.WINDOW.toMillis());
    for (HrvJob job : plan.jobs()) {
      for (HostKind mode : plan.modes()) {
        BenchPipeline.BatchRun r = pipeline.runBatch(mode, job, w);
        print(
            String.format(
                Locale.ROOT,
                "warm-up (discarded) batch 32 kB %s %s: %.0f ms",
                job.jobName(),
                mode.label(),
                r.elapsedMillis()));
      }
    }
  }

  private void batch(BenchPipeline pipeline)
      throws IOException, GeneralSecurityException, StreamingQueryException {
    for (Load load : plan.batchLoads()) {
      Workload w = Workload.batch(load, BenchPipeline.WINDOW.toMillis());
      print("batch input " + w.description() + ", " + w.windows() + " windows");
      for (HrvJob job : plan.jobs()) {
        for (int rep = 1; rep <= plan.reps(); rep++) {
          for (HostKind mode : plan.modes()) {
            BenchPipeline.BatchRun r = pipeline.runBatch(mode, job, w);
            record("batch", mode, job, load, rep, r.elapsedMillis(), "ms");
            record("host-start", mode, job, load, rep, r.hostStartMillis(), "ms");
            progress(
                String.format(
                    Locale.ROOT,
                    "batch %s %s %s rep %d: %.0f ms elapsed (%d windows;"
                        + " host start %.0f ms, not included)",
                    load.label(),
                    job.jobName(),
                    mode.label(),
                    rep,
                    r.elapsedMillis(),
                    r.windows(),
                    r.hostStartMillis()));
          }
        }
      }
    }
  }

  private void stream(BenchPipeline pipeline) throws IOException, GeneralSecurityException {
    Duration trigger = plan.trigger();
    double t = trigger.toMillis() / 1000.0;
    int batches = plan.streamWarmupBatches() + plan.streamMeasuredBatches();
    Duration timeout = Duration.ofMillis((long) ((batches + 4) * t * 1000) + 60_000);
    for (Load rate : plan.streamLoads()) {
      Workload w = Workload.stream(rate, t * (batches + 3), t, BenchPipeline.WINDOW.toMillis());
      print(
          "stream input "
              + w.description()
              + "; trigger "
              + trigger.toMillis()
              + " ms, batch 0.."
              + (plan.streamWarmupBatches() - 1)
              + " discarded, mean of the next "
              + plan.streamMeasuredBatches());
      for (HrvJob job : plan.streamJobs()) {
        for (int rep = 1; rep <= plan.streamReps(); rep++) {
          for (HostKind mode : plan.modes()) {
            BenchPipeline.StreamRun r =
                pipeline.runStream(
                    mode,
                    job,
                    w,
                    trigger,
                    plan.streamWarmupBatches(),
                    plan.streamMeasuredBatches(),
                    timeout);
            record("stream", mode, job, rate, rep, r.meanBatchMillis(), "ms");
            record("stream-cost", mode, job, rate, rep, r.millisPerMb(), "ms/MB");
            for (double b : r.batchMillis()) {
              record("stream-batch", mode, job, rate, rep, b, "ms");
            }
            if (!r.keptUp()) {
              notes.add(
                  String.format(
                      Locale.ROOT,
                      "stream %s/s %s %s rep %d: a measured batch took"
                          + " longer than the %d-ms trigger (%s): the mode falls behind at this rate",
                      rate.label(),
                      job.jobName(),
                      mode.label(),
                      rep,
                      trigger.toMillis(),
                      fmt(r.batchMillis())));
            }
            progress(
                String.format(
                    Locale.ROOT,
                    "stream %s/s %s %s rep %d: %.0f ms avg batch (%s)%s",
                    rate.label(),
                    job.jobName(),
                    mode.label(),
                    rep,
                    r.meanBatchMillis(),
                    fmt(r.batchMillis()),
                    r.keptUp() ? "" : " FALLING BEHIND"));
          }
        }
      }
    }
  }

  private void capacity() throws IOException {
    if (!plan.capacityPatients().isEmpty()) {
      capacityProbes();
      return;
    }
    HrvJob job = plan.capacityJob();
    Duration trigger = plan.capacityTrigger();
    Map<HostKind, CapacitySearch> searches = new HashMap<>();
    Map<HostKind, Long> spentNanos = new HashMap<>();
    for (HostKind mode : plan.modes()) {
      searches.put(
          mode, new CapacitySearch(plan.capacityStartPatients(), plan.capacityMaxPatients()));
      spentNanos.put(mode, 0L);
    }
    print(
        "capacity: patients at 1.2 beats/s in real event time, "
            + job.jobName()
            + ", trigger "
            + trigger.toMillis()
            + " ms; a count is sustained when every batch after the backlog, the"
            + " one closing every patient's window included, finishes within the trigger");
    boolean progressed = true;
    while (progressed) {
      progressed = false;
      // One probe per mode per round: the modes share the machine's drift.
      for (HostKind mode : plan.modes()) {
        CapacitySearch s = searches.get(mode);
        boolean overBudget = spentNanos.get(mode) > plan.capacityBudgetPerMode().toNanos();
        if (s.done() || (overBudget && s.sustained() > 0)) {
          continue;
        }
        int n = s.next();
        long t0 = System.nanoTime();
        ProbeRun r = probe(mode, job, n, 1);
        spentNanos.merge(mode, System.nanoTime() - t0, Long::sum);
        s.record(n, r.sustained());
        record("capacity-probe", mode, job, n + "patients", 0, 1, r.worstBatchMillis(), "ms");
        print(
            String.format(
                Locale.ROOT, "  capacity %s %d patients: %s", mode.label(), n, r.describe()));
        progressed = true;
      }
      if (plan.quick()) {
        break; // one probe per mode: a quick run checks the command, not the numbers
      }
    }
    for (HostKind mode : plan.modes()) {
      CapacitySearch s = searches.get(mode);
      record("capacity", mode, job, "", 0, 1, s.sustained(), "patients");
      String bound =
          s.failed() < 0 ? "no failure up to " + s.sustained() : "fails at " + s.failed();
      if (!s.done()) {
        bound += "; search stopped by its time bound";
        notes.add(
            "capacity "
                + mode.label()
                + ": search stopped by its "
                + plan.capacityBudgetPerMode().toMinutes()
                + "-min time bound; "
                + s.sustained()
                + " patients is a lower bound");
      }
      progress(
          String.format(
              Locale.ROOT,
              "capacity %s %s: %d patients sustained (%s)",
              job.jobName(),
              mode.label(),
              s.sustained(),
              bound));
    }
  }

  /**
   * Disk a probe takes per RR sample of its workload, at its peak: the encoded workload waiting in
   * the scratch space, the same bytes again in the landing store, and the job's state store,
   * changelogs and snapshots, which do not compress in the sealed modes. Measured with {@code df}
   * during a full-cycle probe at 100 000 patients: 30.3 GB for 88.8 million samples in {@code
   * sealed-inprocess} (341 bytes each), 15 GB in plain.
   */
  static final long PROBE_DISK_BYTES_PER_SAMPLE = 360;

  /**
   * Refuses a plan whose capacity probes would not fit on the disk of its scratch space, before the
   * warm-up and minutes of encoding end in a full disk.
   *
   * @throws IllegalArgumentException naming the space needed and where
   * @throws IOException if the free space cannot be read
   */
  public static void checkDiskHolds(BenchPlan plan) throws IOException {
    if (plan.runs(BenchPlan.Kind.CAPACITY)) {
      checkDiskHolds(plan, Files.getFileStore(plan.workDir()).getUsableSpace());
    }
  }

  /** {@link #checkDiskHolds(BenchPlan)} against {@code free} bytes. */
  static void checkDiskHolds(BenchPlan plan, long free) {
    double eventSeconds =
        ProbeSpec.eventSeconds(plan.closeSpread(), plan.capacityFullCycle() ? 2 : 1);
    for (int n : plan.capacityPatients()) {
      long need =
          (long) (n * SimulatedPatient.BEATS_PER_SECOND * eventSeconds)
              * PROBE_DISK_BYTES_PER_SAMPLE;
      if (need > free) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "a capacity probe of %d patients needs about %.1f GiB of disk for its encoded"
                    + " workload, landing files and state, and %s has %.1f GiB free; free space"
                    + " there, run with TRUSTBEAT_JAVA_OPTS=-Djava.io.tmpdir=<a larger disk>, or"
                    + " probe fewer patients",
                n,
                need / (double) (1L << 30),
                plan.workDir(),
                free / (double) (1L << 30)));
      }
    }
  }

  /** One probe in a JVM of its own ({@link ProbeProcess}). */
  private ProbeRun probe(HostKind mode, HrvJob job, int patients, int closes) throws IOException {
    ProbeSpec spec =
        new ProbeSpec(
            mode,
            job,
            patients,
            closes,
            plan.capacityTrigger(),
            plan.closeSpread(),
            plan.stateMemoryMb(),
            probeTimeout(closes));
    return probes.run(spec, plan.workDir().resolve("probe-" + (++probeCount)), this::print);
  }

  private Duration probeTimeout(int closes) {
    // Batch 0 (the backlog) may take minutes at 100 000 patients; then real time.
    long live = BenchPipeline.WINDOW.toSeconds() * closes + plan.closeSpread().toSeconds() + 120;
    return Duration.ofSeconds(Math.max(180, 600 + live));
  }

  /** Fixed patient counts ({@code --patients}): one probe per count and mode, no search. */
  private void capacityProbes() throws IOException {
    HrvJob job = plan.capacityJob();
    Duration trigger = plan.capacityTrigger();
    int closes = plan.capacityFullCycle() ? 2 : 1;
    print(
        "capacity probes: patients at 1.2 beats/s in real event time, "
            + job.jobName()
            + ", trigger "
            + trigger.toMillis()
            + " ms, close spread "
            + plan.closeSpread().toSeconds()
            + " s, state memory "
            + plan.stateMemoryMb()
            + " MiB, "
            + (closes == 2
                ? "the first close and one full window cycle after it"
                : "up to the first close")
            + "; sustained = every batch after the backlog within the"
            + " trigger and every result stored within two triggers of its close");
    for (int n : plan.capacityPatients()) {
      for (HostKind mode : plan.modes()) {
        ProbeRun r = probe(mode, job, n, closes);
        String load = n + "patients";
        record("capacity-probe", mode, job, load, 0, 1, r.worstBatchMillis(), "ms");
        record("capacity-mean", mode, job, load, 0, 1, r.meanBatchMillis(), "ms");
        record("capacity-mean-closing", mode, job, load, 0, 1, r.meanClosingBatchMillis(), "ms");
        record("capacity-mean-other", mode, job, load, 0, 1, r.meanOtherBatchMillis(), "ms");
        record("capacity-per-patient", mode, job, load, n, 1, r.msPerPatient(), "ms");
        record("capacity-delay", mode, job, load, 0, 1, r.maxResultDelayMillis(), "ms");
        record("capacity-sustained", mode, job, load, n, 1, r.sustained() ? 1 : 0, "bool");
        // One JSON line per batch (Spark's own progress report): where a batch's time went.
        Files.write(
            log.directory().resolve("capacity-" + mode.label() + "-" + n + ".progress.jsonl"),
            r.progressJson().stream().map(j -> j.replace('\n', ' ')).toList());
        if (!r.sustained()) {
          notes.add(
              String.format(
                  Locale.ROOT, "capacity %s at %d patients: %s", mode.label(), n, r.why()));
        }
        progress(
            String.format(
                Locale.ROOT,
                "capacity %s %s %d patients: %s",
                job.jobName(),
                mode.label(),
                n,
                r.describe()));
      }
    }
  }

  private void record(
      String kind, HostKind mode, HrvJob job, Load load, int rep, double value, String unit)
      throws IOException {
    record(kind, mode, job, load.token(), load.bytes(), rep, value, unit);
  }

  private void record(
      String kind,
      HostKind mode,
      HrvJob job,
      String load,
      long bytes,
      int rep,
      double value,
      String unit)
      throws IOException {
    log.add(new Measurement(kind, mode.label(), job.jobName(), load, bytes, rep, value, unit));
  }

  private void progress(String line) {
    done++;
    print("[" + done + "/" + plan.plannedMeasurements() + "] " + line);
    progress.accept(done);
  }

  private void print(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  private static String fmt(List<Double> ms) {
    List<String> s = new ArrayList<>();
    ms.forEach(m -> s.add(String.format(Locale.ROOT, "%.0f", m)));
    return String.join(", ", s) + " ms";
  }
}
