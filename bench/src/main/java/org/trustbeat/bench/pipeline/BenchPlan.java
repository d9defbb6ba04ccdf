package org.trustbeat.bench.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;

/**
 * What one {@code trustbeat bench} run measures. Immutable; {@link #builder()} validates and names
 * the fix for anything wrong.
 */
public final class BenchPlan {
  /** What is measured. */
  public enum Kind {
    BATCH,
    STREAM,
    CAPACITY;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Kind byLabel(String s) {
      for (Kind k : values()) {
        if (k.label().equals(s.trim())) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown kind '" + s + "'; use batch, stream or capacity");
    }
  }

  private final List<HostKind> modes;
  private final List<HrvJob> jobs;
  private final List<Load> batchLoads;
  private final List<Load> streamLoads;
  private final List<HrvJob> streamJobs;
  private final int reps;
  private final int streamReps;
  private final Set<Kind> kinds;
  private final Duration trigger;
  private final int streamWarmupBatches;
  private final int streamMeasuredBatches;
  private final HrvJob capacityJob;
  private final Duration capacityTrigger;
  private final int capacityStartPatients;
  private final int capacityMaxPatients;
  private final Duration capacityBudgetPerMode;
  private final List<Integer> capacityPatients;
  private final Duration closeSpread;
  private final int stateMemoryMb;
  private final boolean capacityFullCycle;
  private final boolean quick;
  private final Path workDir;

  private BenchPlan(Builder b) {
    modes = List.copyOf(b.modes);
    jobs = List.copyOf(b.jobs);
    batchLoads = b.batchLoads.stream().sorted().toList();
    streamLoads = b.streamLoads.stream().sorted().toList();
    reps = b.reps;
    streamJobs = List.copyOf(b.streamJobs == null ? b.jobs : b.streamJobs);
    streamReps = b.streamReps == 0 ? b.reps : b.streamReps;
    kinds = Set.copyOf(b.kinds);
    trigger = b.trigger;
    streamWarmupBatches = b.streamWarmupBatches;
    streamMeasuredBatches = b.streamMeasuredBatches;
    capacityJob = b.capacityJob;
    capacityTrigger = b.capacityTrigger;
    capacityStartPatients = b.capacityStartPatients;
    capacityMaxPatients = b.capacityMaxPatients;
    capacityBudgetPerMode = b.capacityBudgetPerMode;
    capacityPatients = List.copyOf(b.capacityPatients);
    closeSpread = b.closeSpread;
    stateMemoryMb = b.stateMemoryMb;
    capacityFullCycle = b.capacityFullCycle;
    quick = b.quick;
    workDir = b.workDir;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<HostKind> modes() {
    return modes;
  }

  public List<HrvJob> jobs() {
    return jobs;
  }

  public List<Load> batchLoads() {
    return batchLoads;
  }

  /** Rates, in bytes of samples per second. */
  public List<Load> streamLoads() {
    return streamLoads;
  }

  public int reps() {
    return reps;
  }

  /** Jobs of the stream kind (each stream run takes several trigger intervals). */
  public List<HrvJob> streamJobs() {
    return streamJobs;
  }

  public int streamReps() {
    return streamReps;
  }

  public boolean runs(Kind k) {
    return kinds.contains(k);
  }

  /** Stream trigger interval (the paper's 10 s in a full run). */
  public Duration trigger() {
    return trigger;
  }

  public int streamWarmupBatches() {
    return streamWarmupBatches;
  }

  public int streamMeasuredBatches() {
    return streamMeasuredBatches;
  }

  public HrvJob capacityJob() {
    return capacityJob;
  }

  public Duration capacityTrigger() {
    return capacityTrigger;
  }

  public int capacityStartPatients() {
    return capacityStartPatients;
  }

  public int capacityMaxPatients() {
    return capacityMaxPatients;
  }

  /** Fixed patient counts to probe, ascending; empty for a search. */
  public List<Integer> capacityPatients() {
    return capacityPatients;
  }

  /** The job's close spread in capacity probes. */
  public Duration closeSpread() {
    return closeSpread;
  }

  /** The job's state store memory in capacity probes (RocksDB's one budget per JVM). */
  public int stateMemoryMb() {
    return stateMemoryMb;
  }

  /**
   * Whether a fixed probe runs a full window cycle after the first close (else to the first close).
   */
  public boolean capacityFullCycle() {
    return capacityFullCycle;
  }

  /** Wall-clock bound of one mode's capacity search. */
  public Duration capacityBudgetPerMode() {
    return capacityBudgetPerMode;
  }

  public boolean quick() {
    return quick;
  }

  /** Scratch space for landing stores, checkpoints and results (deleted at the end). */
  public Path workDir() {
    return workDir;
  }

  /** Measurements the run will take, capacity searches counted as one per mode. */
  public int plannedMeasurements() {
    int n = 0;
    if (runs(Kind.BATCH)) {
      n += modes.size() * jobs.size() * reps * batchLoads.size();
    }
    if (runs(Kind.STREAM)) {
      n += modes.size() * streamJobs.size() * streamReps * streamLoads.size();
    }
    if (runs(Kind.CAPACITY)) {
      n += modes.size() * Math.max(1, capacityPatients.size());
    }
    return n;
  }

  @Override
  public String toString() {
    return "BenchPlan{modes="
        + modes
        + ", jobs="
        + jobs
        + ", batch="
        + batchLoads
        + ", stream="
        + streamLoads
        + ", streamJobs="
        + streamJobs
        + ", reps="
        + reps
        + ", streamReps="
        + streamReps
        + ", kinds="
        + kinds
        + ", trigger="
        + trigger.toMillis()
        + " ms, quick="
        + quick
        + "}";
  }

  /** Validating builder; defaults are a full run's. */
  public static final class Builder {
    private List<HostKind> modes =
        List.of(HostKind.PLAIN, HostKind.SEALED_INPROCESS, HostKind.SEALED_PROCESS);
    private List<HrvJob> jobs = List.of(HrvJob.IDENTITY, HrvJob.SDNN, HrvJob.HRV_BANDS);
    private List<Load> batchLoads = List.of();
    private List<Load> streamLoads = List.of();
    private int reps = 5;
    private List<HrvJob> streamJobs;
    private int streamReps;
    private Set<Kind> kinds = EnumSet.allOf(Kind.class);
    private Duration trigger = Duration.ofSeconds(10);
    private int streamWarmupBatches = 1;
    private int streamMeasuredBatches = 2;
    private HrvJob capacityJob = HrvJob.HRV_BANDS;
    private Duration capacityTrigger = Duration.ofSeconds(10);
    private int capacityStartPatients = 500;
    private int capacityMaxPatients = 32_000;
    private Duration capacityBudgetPerMode = Duration.ofMinutes(3);
    private List<Integer> capacityPatients = List.of();
    private Duration closeSpread = org.trustbeat.server.ServerConfig.DEFAULT_CLOSE_SPREAD;
    private int stateMemoryMb = org.trustbeat.server.ServerConfig.DEFAULT_STATE_MEMORY_MB;
    private boolean capacityFullCycle = true;
    private boolean quick;
    private Path workDir;

    private Builder() {}

    public Builder setModes(List<HostKind> modes) {
      this.modes = modes;
      return this;
    }

    public Builder setJobs(List<HrvJob> jobs) {
      this.jobs = jobs;
      return this;
    }

    public Builder setBatchLoads(List<Load> loads) {
      this.batchLoads = loads;
      return this;
    }

    public Builder setStreamLoads(List<Load> loads) {
      this.streamLoads = loads;
      return this;
    }

    public Builder setReps(int reps) {
      this.reps = reps;
      return this;
    }

    /** Jobs of the stream kind; default: the same as {@link #setJobs}. */
    public Builder setStreamJobs(List<HrvJob> streamJobs) {
      this.streamJobs = streamJobs;
      return this;
    }

    /** Reps of the stream kind; default (0): the same as {@link #setReps}. */
    public Builder setStreamReps(int streamReps) {
      this.streamReps = streamReps;
      return this;
    }

    public Builder setKinds(Set<Kind> kinds) {
      this.kinds = kinds;
      return this;
    }

    public Builder setTrigger(Duration trigger) {
      this.trigger = trigger;
      return this;
    }

    public Builder setStreamBatches(int warmup, int measured) {
      this.streamWarmupBatches = warmup;
      this.streamMeasuredBatches = measured;
      return this;
    }

    public Builder setCapacity(
        HrvJob job, Duration trigger, int startPatients, int maxPatients, Duration budgetPerMode) {
      this.capacityJob = job;
      this.capacityTrigger = trigger;
      this.capacityStartPatients = startPatients;
      this.capacityMaxPatients = maxPatients;
      this.capacityBudgetPerMode = budgetPerMode;
      return this;
    }

    /**
     * Probes exactly these patient counts (no search), each over the first close and, if {@code
     * fullCycle}, one full window cycle after it, with the job's close spread {@code closeSpread}.
     */
    public Builder setCapacityProbes(
        List<Integer> patients, Duration closeSpread, boolean fullCycle) {
      this.capacityPatients = patients.stream().sorted().distinct().toList();
      this.closeSpread = closeSpread;
      this.capacityFullCycle = fullCycle;
      return this;
    }

    /** The job's state store memory in capacity probes, in MiB (the server's state_memory_mb). */
    public Builder setStateMemoryMb(int stateMemoryMb) {
      this.stateMemoryMb = stateMemoryMb;
      return this;
    }

    public Builder setQuick(boolean quick) {
      this.quick = quick;
      return this;
    }

    public Builder setWorkDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    public BenchPlan build() {
      check(
          modes != null && !modes.isEmpty(),
          "no mode to measure; pass --modes plain,sealed-inprocess,sealed-process");
      check(
          !modes.contains(HostKind.SGX),
          "the sgx mode needs SGX hardware, which this machine lacks;"
              + " measure plain, sealed-inprocess and sealed-process");
      check(modes.contains(HostKind.PLAIN), "ratios are to plain, so --modes must include plain");
      check(modes.stream().distinct().count() == modes.size(), "a mode is listed twice in --modes");
      check(jobs != null && !jobs.isEmpty(), "no job; pass --jobs identity,sdnn,hrv-bands");
      check(reps >= 1 && streamReps >= 0, "--reps and --stream-reps must be 1 or more");
      check(
          streamJobs == null || !streamJobs.isEmpty(),
          "no stream job; pass --stream-jobs identity,hrv-bands");
      check(kinds != null && !kinds.isEmpty(), "no kind; pass --kinds batch,stream,capacity");
      check(!kinds.contains(Kind.BATCH) || !batchLoads.isEmpty(), "batch needs at least one load");
      check(
          !kinds.contains(Kind.STREAM) || !streamLoads.isEmpty(), "stream needs at least one load");
      check(trigger.toMillis() >= 500, "the trigger must be 500 ms or more");
      check(
          streamWarmupBatches >= 1 && streamMeasuredBatches >= 1,
          "stream runs need at least 1 warm-up and 1 measured batch");
      check(
          capacityStartPatients >= 1 && capacityMaxPatients >= capacityStartPatients,
          "capacity start patients must be between 1 and the maximum");
      check(
          capacityPatients.stream().allMatch(n -> n >= 1 && n <= 1_000_000),
          "--patients takes counts from 1 to 1000000, e.g. --patients 1000,10000,100000");
      check(
          !closeSpread.isNegative() && closeSpread.toSeconds() <= 300,
          "--close-spread must be 0 to 300 seconds (at most the 300-s window)");
      check(
          stateMemoryMb >= 64,
          "--state-memory must be 64 MiB or more (the server's state_memory_mb; default "
              + org.trustbeat.server.ServerConfig.DEFAULT_STATE_MEMORY_MB
              + ")");
      check(workDir != null, "work dir is missing; call setWorkDir");
      return new BenchPlan(this);
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
