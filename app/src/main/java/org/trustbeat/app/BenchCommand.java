package org.trustbeat.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.trustbeat.app.console.LiveConsole;
import org.trustbeat.app.console.Logs;
import org.trustbeat.app.console.ProgressDisplay;
import org.trustbeat.bench.pipeline.BenchPlan;
import org.trustbeat.bench.pipeline.BenchRunner;
import org.trustbeat.bench.pipeline.Load;
import org.trustbeat.bench.report.BenchPlots;
import org.trustbeat.bench.report.BenchSummary;
import org.trustbeat.bench.report.MachineInfo;
import org.trustbeat.bench.report.Measurement;
import org.trustbeat.bench.report.MeasurementLog;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trustbeat bench}: the paper's evaluation on the real Spark job — modes × jobs × loads,
 * batch and stream execution and capacity — with {@code measurements.csv}, {@code summary.md} and
 * PNG plots in {@code --out}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Examples:",
      "  trustbeat bench --quick --out /tmp/bench   # about a minute",
      "  trustbeat bench                          # the full evaluation, ~35 min"
    },
    description = {
      "Reproduces the paper's evaluation on the server side: simulated patients' chunks are",
      "written straight into a landing store and the real Spark job processes them in each mode.",
      "Batch: elapsed time per input size; stream: mean batch processing time per input rate;",
      "capacity: patients sustained. Loads count bytes of samples, 16 bytes per sample.",
      "Sealed modes use SIMULATION attestation (no SGX here); sgx is not measured.",
      "A full run with the defaults takes about 35 minutes on 2 cores."
    })
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--quick",
      description =
          "About a minute: tiny loads, 1 rep, one job, short"
              + " stream runs (checks the command; the numbers mean little).")
  boolean quick;

  @Option(
      names = "--modes",
      split = ",",
      defaultValue = "plain,sealed-inprocess,sealed-process",
      converter = OptionTypes.Mode.class,
      paramLabel = "MODE",
      description = "Modes, plain first (default: ${DEFAULT-VALUE}).")
  List<HostKind> modes;

  @Option(
      names = "--jobs",
      split = ",",
      defaultValue = "identity,sdnn,hrv-bands",
      converter = OptionTypes.Job.class,
      paramLabel = "JOB",
      description = "Jobs of batch execution (default: ${DEFAULT-VALUE}).")
  List<HrvJob> jobs;

  @Option(
      names = "--stream-jobs",
      split = ",",
      defaultValue = "identity,hrv-bands",
      converter = OptionTypes.Job.class,
      paramLabel = "JOB",
      description =
          "Jobs of stream execution, whose runs last several triggers each (default: ${DEFAULT-VALUE}).")
  List<HrvJob> streamJobs;

  @Option(
      names = "--loads",
      split = ",",
      paramLabel = "SIZE",
      converter = OptionTypes.Size.class,
      description =
          "Loads for both batch (size) and stream (per second), e.g. 1kB,32kB,1MB;"
              + " the paper's table is 1,2,4,8,16,32kB,1,2,4,8,16,32MB.")
  List<Load> loads;

  @Option(
      names = "--batch-loads",
      split = ",",
      paramLabel = "SIZE",
      defaultValue = "1kB,32kB,1MB,2MB",
      converter = OptionTypes.Size.class,
      description = "Batch input sizes (default: ${DEFAULT-VALUE}).")
  List<Load> batchLoads;

  @Option(
      names = "--stream-loads",
      split = ",",
      paramLabel = "RATE",
      defaultValue = "1MB,2MB",
      converter = OptionTypes.Size.class,
      description = "Stream input rates per second (default: ${DEFAULT-VALUE}).")
  List<Load> streamLoads;

  @Option(
      names = "--reps",
      defaultValue = "5",
      description = "Repetitions of batch runs (default: ${DEFAULT-VALUE}).")
  int reps;

  @Option(
      names = "--stream-reps",
      defaultValue = "3",
      description = "Repetitions of stream runs (default: ${DEFAULT-VALUE}).")
  int streamReps;

  @Option(
      names = "--kinds",
      split = ",",
      defaultValue = "batch,stream,capacity",
      converter = OptionTypes.BenchKind.class,
      paramLabel = "KIND",
      description = "What to measure (default: ${DEFAULT-VALUE}).")
  List<BenchPlan.Kind> kinds;

  @Option(
      names = "--trigger",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description =
          "Stream and capacity trigger interval (default: ${DEFAULT-VALUE}, the paper's).")
  long trigger;

  @Option(
      names = "--stream-batches",
      defaultValue = "2",
      description =
          "Measured batches per stream run, after one discarded (default: ${DEFAULT-VALUE}).")
  int streamBatches;

  @Option(
      names = "--capacity-start",
      defaultValue = "1000",
      description = "Patients of the first capacity probe (default: ${DEFAULT-VALUE}).")
  int capacityStart;

  @Option(
      names = "--capacity-minutes",
      defaultValue = "2",
      description = "Time bound of each mode's capacity search (default: ${DEFAULT-VALUE}).")
  long capacityMinutes;

  @Option(
      names = "--patients",
      split = ",",
      paramLabel = "N",
      description =
          "Capacity: probe exactly these patient counts instead of searching, e.g."
              + " 100000 or 1000,10000,50000,100000; each probe runs the first close and one full"
              + " window cycle after it.")
  List<Integer> patients;

  @Option(
      names = "--close-spread",
      defaultValue = "60",
      paramLabel = "SECONDS",
      description = "Capacity: the job's close spread (default: ${DEFAULT-VALUE}).")
  long closeSpread;

  @Option(
      names = "--state-memory",
      defaultValue = "2048",
      paramLabel = "MIB",
      description =
          "Capacity: the job's state store memory, RocksDB's one budget per JVM, as the"
              + " server's state_memory_mb (default: ${DEFAULT-VALUE}).")
  int stateMemoryMb;

  @Option(
      names = "--capacity-job",
      defaultValue = "hrv-bands",
      paramLabel = "JOB",
      converter = OptionTypes.Job.class,
      description =
          "Capacity: the job the patients' windows run (default: ${DEFAULT-VALUE}; the"
              + " issue's target is hrv-bands, the full suite is hrv).")
  HrvJob capacityJob;

  @Option(
      names = "--first-close-only",
      description =
          "Capacity probes with --patients stop after the first close (shorter, for scaling plots).")
  boolean firstCloseOnly;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output directory (default: bench-results/<date>).")
  Path out;

  @Option(
      names = "--report-only",
      description = "Rebuild summary.md and the plots from --out's measurements.csv.")
  boolean reportOnly;

  @Option(
      names = "--verbose",
      description = "Also show TrustBeat's log lines (the job's per-batch lines) on the console.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    Path dir = out != null ? out : Path.of("bench-results", LocalDate.now().toString());
    if (reportOnly) {
      if (!Files.exists(dir.resolve(MeasurementLog.FILE))) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            dir.resolve(MeasurementLog.FILE)
                + " not found; point --out at a directory a bench run wrote");
      }
      report(
          dir,
          MeasurementLog.read(dir),
          List.of("Rebuilt from " + MeasurementLog.FILE + "."),
          List.of(),
          o);
      return CommandLine.ExitCode.OK;
    }
    BenchPlan plan;
    Path work = Files.createTempDirectory("trustbeat-bench-");
    try {
      plan = plan(work);
      BenchRunner.checkDiskHolds(plan);
    } catch (IllegalArgumentException e) {
      Files.delete(work);
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    o.println(
        "TrustBeat bench [plain: NO protection | sealed-inprocess, sealed-process: SIMULATION"
            + " attestation, no hardware protection | sgx: needs SGX hardware, not measured]");
    o.println(
        "server side only, as in the paper: chunks are written straight into the landing store;"
            + " loads count 16 bytes per RR sample (t and rr as doubles)");
    o.println(plan);
    o.println("results go to " + dir.toAbsolutePath());
    Files.createDirectories(dir);
    o.println("log: " + Logs.moveTo(dir.resolve(Logs.FILE_NAME)));
    o.flush();
    LocalDateTime started = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
    List<String> notes;
    List<Measurement> measured;
    try (MeasurementLog log = MeasurementLog.create(dir);
        ProgressDisplay progress =
            ProgressDisplay.start(
                o, "bench", plan.plannedMeasurements(), LiveConsole.isTerminal())) {
      BenchRunner runner =
          new BenchRunner(plan, progress.lines(), log)
              .onProgress(progress::stepTo)
              .probeMain(BenchProbeMain.class.getName(), List.of(Logs.file().toString()));
      try {
        runner.run();
      } finally {
        notes = new ArrayList<>(runner.notes());
        measured = log.measurements();
      }
    }
    List<String> header =
        List.of(
            "- Date: "
                + started
                + " to "
                + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS)
                + (quick ? " (--quick: a check of the command, not numbers to quote)" : ""),
            "- Machine: " + MachineInfo.describe(),
            "- Spark local[*], one session for the batch and stream runs, the same settings in every"
                + " mode; modes interleaved in every repetition; a warm-up run per mode and job"
                + " discarded. Each capacity probe runs in a fresh JVM of its own (same JVM"
                + " options), after three discarded warm-up runs of its mode and job.",
            "- Server side only: simulated patients' chunks (10-s slots, as the gateway makes them) are"
                + " sealed (or wrapped in clear for plain) before the clock starts and written straight"
                + " into a fresh landing store; the same beats in every mode.",
            "- Loads count bytes of RR samples at 16 bytes per sample (t and rr as doubles): 1 kB = 64"
                + " samples, 1 MB = 65 536. Envelope headers and tags are not counted.",
            "- Batch: Trigger.AvailableNow on a fresh checkpoint, elapsed from job start to its end,"
                + " checked to store one result per window. Stream: trigger "
                + plan.trigger().toSeconds()
                + " s, event time about 60× real time so 300-s windows close every few seconds; batch 0"
                + " discarded, mean of the next "
                + plan.streamMeasuredBatches()
                + " batches'"
                + " triggerExecution. Capacity: see its section.",
            "- Default loads are capped (batch ≤ 2 MB, stream ≤ 2 MB/s) so a full run fits in about"
                + " 35 minutes on 2 cores; pass --loads with the paper's table for more.",
            "- Plan: " + plan);
    report(dir, measured, header, notes, o);
    return CommandLine.ExitCode.OK;
  }

  private void report(
      Path dir, List<Measurement> measured, List<String> header, List<String> notes, PrintWriter o)
      throws Exception {
    BenchSummary.write(dir, measured, header, notes);
    List<Path> plots = BenchPlots.write(dir, measured);
    o.println(
        "wrote "
            + dir.resolve(MeasurementLog.FILE)
            + ", "
            + dir.resolve(BenchSummary.FILE)
            + " and "
            + plots.size()
            + " plots");
    o.flush();
  }

  private BenchPlan plan(Path work) {
    Set<BenchPlan.Kind> k = EnumSet.noneOf(BenchPlan.Kind.class);
    k.addAll(kinds);
    List<HrvJob> j = jobs;
    List<Load> bl = loads != null ? loads : batchLoads;
    List<Load> sl = loads != null ? loads : streamLoads;
    if (trigger < 1 || capacityMinutes < 0 || streamBatches < 1) {
      throw new IllegalArgumentException("--trigger and --stream-batches must be 1 or more");
    }
    BenchPlan.Builder b = BenchPlan.builder().setModes(modes).setKinds(k).setWorkDir(work);
    if (quick) {
      return b.setQuick(true)
          .setJobs(j.subList(0, 1))
          .setStreamJobs(j.subList(0, 1))
          .setBatchLoads(List.of(Load.kb(1), Load.kb(4)))
          .setStreamLoads(List.of(Load.kb(4)))
          .setReps(1)
          .setStreamReps(1)
          .setTrigger(Duration.ofSeconds(2))
          .setStreamBatches(1, 2)
          .setCapacity(j.get(0), Duration.ofSeconds(2), 8, 8, Duration.ZERO)
          // No close spread: the quick probe's windows close right after the backlog.
          .setCapacityProbes(List.of(), Duration.ZERO, false)
          .build();
    }
    return b.setJobs(j)
        .setStreamJobs(streamJobs)
        .setBatchLoads(bl)
        .setStreamLoads(sl)
        .setReps(reps)
        .setStreamReps(streamReps)
        .setTrigger(Duration.ofSeconds(trigger))
        .setStreamBatches(1, streamBatches)
        .setCapacity(
            capacityJob,
            Duration.ofSeconds(trigger),
            capacityStart,
            64_000,
            Duration.ofMinutes(capacityMinutes))
        .setCapacityProbes(
            patients == null ? List.of() : patients,
            Duration.ofSeconds(closeSpread),
            !firstCloseOnly)
        .setStateMemoryMb(stateMemoryMb)
        .build();
  }
}
