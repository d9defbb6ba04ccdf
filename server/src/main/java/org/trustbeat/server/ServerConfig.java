package org.trustbeat.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.trustbeat.mqtt.MqttSettings;

/**
 * How to run the {@link SecureHrvJob}: where the landing store, checkpoints and results live, the
 * enclave host to use, windowing and triggering. Immutable; build with {@link #builder()}, whose
 * {@code build()} names what is wrong and how to fix it.
 */
public final class ServerConfig {
  /** The default {@link #closeSpread()}. */
  public static final Duration DEFAULT_CLOSE_SPREAD = Duration.ofSeconds(60);

  /** The default {@link #stateMemoryMb()}: room for about 100 000 patients' buffered windows. */
  public static final int DEFAULT_STATE_MEMORY_MB = 2048;

  private final Path landingRoot;
  private final Path resultRoot;
  private final Path checkpointDir;
  private final HostSpec hostSpec;
  private final Duration window;
  private final Duration watermarkDelay;
  private final Duration closeSpread;
  private final Duration triggerInterval;
  private final boolean availableNow;
  private final Integer maxFilesPerTrigger;
  private final String sparkMaster;
  private final int shufflePartitions;
  private final int stateMemoryMb;
  private final MqttSettings mqtt;
  private final String queryName;

  private ServerConfig(Builder b) {
    this.landingRoot = b.landingRoot.toAbsolutePath().normalize();
    this.resultRoot = b.resultRoot.toAbsolutePath().normalize();
    this.checkpointDir = b.checkpointDir.toAbsolutePath().normalize();
    this.hostSpec = b.hostSpec;
    this.window = b.window;
    this.watermarkDelay = b.watermarkDelay;
    this.closeSpread = b.closeSpread;
    this.triggerInterval = b.triggerInterval;
    this.availableNow = b.availableNow;
    this.maxFilesPerTrigger = b.maxFilesPerTrigger;
    this.sparkMaster = b.sparkMaster;
    this.shufflePartitions = b.shufflePartitions;
    this.stateMemoryMb = b.stateMemoryMb;
    this.mqtt = b.mqtt;
    this.queryName = b.queryName != null ? b.queryName : "trustbeat-" + b.hostSpec.jobId();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Root of the {@link LandingStore} the job reads. */
  public Path landingRoot() {
    return landingRoot;
  }

  /** Root of the {@link ResultStore} the job writes. */
  public Path resultRoot() {
    return resultRoot;
  }

  /** Spark's checkpoint directory: offsets, commits and the (ciphertext-only) state. */
  public Path checkpointDir() {
    return checkpointDir;
  }

  public HostSpec hostSpec() {
    return hostSpec;
  }

  /** Tumbling event-time window length; windows start at epoch multiples of it. */
  public Duration window() {
    return window;
  }

  /** How far event time may lag behind the latest seen before a chunk is late. */
  public Duration watermarkDelay() {
    return watermarkDelay;
  }

  /**
   * How far past its due time a patient's window may close: each patient closes at its own fixed
   * offset in {@code [0, spread)} (from the pseudonym), so a batch closes only a share of the
   * patients instead of all of them. A result arrives up to this much event time later.
   */
  public Duration closeSpread() {
    return closeSpread;
  }

  /** Micro-batch interval (ignored when {@link #availableNow()}). */
  public Duration triggerInterval() {
    return triggerInterval;
  }

  /** Process what is in the landing store now, in as many batches as needed, then stop. */
  public boolean availableNow() {
    return availableNow;
  }

  /** Landing files per micro-batch, or empty for no limit. */
  public Optional<Integer> maxFilesPerTrigger() {
    return Optional.ofNullable(maxFilesPerTrigger);
  }

  /** Spark master for a session the job creates itself. */
  public String sparkMaster() {
    return sparkMaster;
  }

  public int shufflePartitions() {
    return shufflePartitions;
  }

  /**
   * Memory of the state store (RocksDB's block cache and write buffers, shared by all state
   * partitions in one JVM), in MiB. State beyond it stays correct but is read from disk; the
   * patients' buffered windows take about 15 kB each.
   */
  public int stateMemoryMb() {
    return stateMemoryMb;
  }

  /** The MQTT broker results are published to, or empty to only store them. */
  public Optional<MqttSettings> mqtt() {
    return Optional.ofNullable(mqtt);
  }

  public String queryName() {
    return queryName;
  }

  @Override
  public String toString() {
    return "ServerConfig{mode="
        + hostSpec.kind()
        + ", landing="
        + landingRoot
        + ", results="
        + resultRoot
        + ", checkpoint="
        + checkpointDir
        + ", window="
        + window
        + ", watermarkDelay="
        + watermarkDelay
        + ", closeSpread="
        + closeSpread
        + ", trigger="
        + (availableNow ? "availableNow" : triggerInterval)
        + ", maxFilesPerTrigger="
        + maxFilesPerTrigger
        + ", master="
        + sparkMaster
        + ", stateMemoryMb="
        + stateMemoryMb
        + ", mqtt="
        + (mqtt == null ? "none" : mqtt.uri())
        + ", query="
        + queryName
        + "}";
  }

  /** Validating builder. Landing, result and checkpoint paths and the host spec are required. */
  public static final class Builder {
    private Path landingRoot;
    private Path resultRoot;
    private Path checkpointDir;
    private HostSpec hostSpec;
    private Duration window = Duration.ofSeconds(300);
    private Duration watermarkDelay = Duration.ofSeconds(30);
    private Duration closeSpread;
    private Duration triggerInterval = Duration.ofSeconds(10);
    private boolean availableNow;
    private Integer maxFilesPerTrigger;
    private String sparkMaster = "local[*]";
    private int shufflePartitions = 8;
    private int stateMemoryMb = DEFAULT_STATE_MEMORY_MB;
    private MqttSettings mqtt;
    private String queryName;

    private Builder() {}

    public Builder setLandingRoot(Path landingRoot) {
      this.landingRoot = landingRoot;
      return this;
    }

    public Builder setResultRoot(Path resultRoot) {
      this.resultRoot = resultRoot;
      return this;
    }

    public Builder setCheckpointDir(Path checkpointDir) {
      this.checkpointDir = checkpointDir;
      return this;
    }

    public Builder setHostSpec(HostSpec hostSpec) {
      this.hostSpec = hostSpec;
      return this;
    }

    /** Default 300 s; a whole number of seconds. */
    public Builder setWindow(Duration window) {
      this.window = window;
      return this;
    }

    /** Default 30 s. */
    public Builder setWatermarkDelay(Duration watermarkDelay) {
      this.watermarkDelay = watermarkDelay;
      return this;
    }

    /**
     * Default 60 s, or the window length if shorter: the extra event time over which the closes of
     * one window boundary are spread across patients. {@link Duration#ZERO} closes every window at
     * its due time (all patients in the same batch).
     */
    public Builder setCloseSpread(Duration closeSpread) {
      this.closeSpread = closeSpread;
      return this;
    }

    /** Default 10 s, the paper's batch interval. */
    public Builder setTriggerInterval(Duration triggerInterval) {
      this.triggerInterval = triggerInterval;
      return this;
    }

    public Builder setAvailableNow(boolean availableNow) {
      this.availableNow = availableNow;
      return this;
    }

    public Builder setMaxFilesPerTrigger(int maxFilesPerTrigger) {
      this.maxFilesPerTrigger = maxFilesPerTrigger;
      return this;
    }

    /** Default {@code local[*]}; e.g. {@code spark://host:7077} for a standalone cluster. */
    public Builder setSparkMaster(String sparkMaster) {
      this.sparkMaster = sparkMaster;
      return this;
    }

    /** Default 8: state partitions of the grouped stage (fixed for a checkpoint's lifetime). */
    public Builder setShufflePartitions(int shufflePartitions) {
      this.shufflePartitions = shufflePartitions;
      return this;
    }

    /**
     * The state store's memory in MiB (at least 64; default {@value
     * ServerConfig#DEFAULT_STATE_MEMORY_MB}).
     */
    public Builder setStateMemoryMb(int stateMemoryMb) {
      this.stateMemoryMb = stateMemoryMb;
      return this;
    }

    /** The broker to publish results to (QoS 1, {@code trustbeat/v1/<patient>/results}). */
    public Builder setMqtt(MqttSettings mqtt) {
      this.mqtt = mqtt;
      return this;
    }

    /** Default {@code trustbeat-<job id>}; must be unique among a session's running queries. */
    public Builder setQueryName(String queryName) {
      this.queryName = queryName;
      return this;
    }

    public ServerConfig build() {
      require(
          landingRoot,
          "landing root is missing; call setLandingRoot with the landing store's directory");
      require(
          resultRoot,
          "result root is missing; call setResultRoot with a directory for sealed results");
      require(
          checkpointDir,
          "checkpoint directory is missing; call setCheckpointDir (keep it across restarts)");
      require(hostSpec, "host spec is missing; call setHostSpec with HostSpec.builder()...build()");
      require(window, "window is null; pass a Duration such as Duration.ofSeconds(300)");
      if (window.isNegative() || window.isZero() || window.toMillis() % 1000 != 0) {
        throw new IllegalStateException(
            "window is " + window + "; use a positive whole number of seconds such as 300");
      }
      require(
          watermarkDelay,
          "watermark delay is null; pass a Duration such as Duration.ofSeconds(30)");
      if (watermarkDelay.isNegative()) {
        throw new IllegalStateException("watermark delay is negative; use 0 or more, e.g. 30 s");
      }
      if (closeSpread == null) {
        closeSpread = window.compareTo(DEFAULT_CLOSE_SPREAD) < 0 ? window : DEFAULT_CLOSE_SPREAD;
      }
      if (closeSpread.isNegative() || closeSpread.compareTo(window) > 0) {
        throw new IllegalStateException(
            "close spread is "
                + closeSpread
                + "; use 0 up to the"
                + " window length ("
                + window.toSeconds()
                + " s), e.g. 60 s");
      }
      require(
          triggerInterval,
          "trigger interval is null; pass a Duration such as Duration.ofSeconds(10)");
      if (triggerInterval.isNegative()) {
        throw new IllegalStateException("trigger interval is negative; use 0 or more, e.g. 10 s");
      }
      if (maxFilesPerTrigger != null && maxFilesPerTrigger < 1) {
        throw new IllegalStateException(
            "maxFilesPerTrigger is " + maxFilesPerTrigger + "; use 1 or more, or leave it unset");
      }
      if (sparkMaster == null || sparkMaster.isBlank()) {
        throw new IllegalStateException("Spark master is empty; use local[*] or spark://host:7077");
      }
      if (stateMemoryMb < 64) {
        throw new IllegalStateException(
            "state memory is "
                + stateMemoryMb
                + " MiB; use 64 MiB or"
                + " more (about 15 kB per patient, e.g. 2048 for 100 000 patients)");
      }
      if (shufflePartitions < 1) {
        throw new IllegalStateException(
            "shuffle partitions is " + shufflePartitions + "; use 1 or more");
      }
      if (landingRoot.toAbsolutePath().normalize().equals(resultRoot.toAbsolutePath().normalize())
          || landingRoot
              .toAbsolutePath()
              .normalize()
              .equals(checkpointDir.toAbsolutePath().normalize())) {
        throw new IllegalStateException(
            "landing root must differ from the result root and checkpoint directory; give each its own directory");
      }
      return new ServerConfig(this);
    }

    private static void require(Object value, String message) {
      if (value == null) {
        throw new IllegalStateException(message);
      }
    }
  }
}
