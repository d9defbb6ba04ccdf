package org.trustbeat.server;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.state.StateStore$;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.TimeMode;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.mqtt.MqttConnectException;
import org.trustbeat.mqtt.MqttEndpoint;
import org.trustbeat.server.internal.ChunkExploder;
import org.trustbeat.server.internal.ChunkRow;
import org.trustbeat.server.internal.ClosingWindow;
import org.trustbeat.server.internal.EnclaveStage;
import org.trustbeat.server.internal.ForklessCheckpointFileManager;
import org.trustbeat.server.internal.HostRegistry;
import org.trustbeat.server.internal.MqttResultPublisher;
import org.trustbeat.server.internal.PatientWindowProcessor;
import org.trustbeat.server.internal.WindowRow;

/**
 * The secure HRV streaming job: landing store → clear headers → event-time windows per patient →
 * enclave → result store and MQTT. One running query; {@link #stop()} ends it.
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.builder()
 *     .setLandingRoot(landing).setResultRoot(results).setCheckpointDir(checkpoint)
 *     .setHostSpec(spec).build();
 * try (SecureHrvJob job = SecureHrvJob.start(config)) {
 *   job.awaitTermination();
 * }
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * Spark sees clear chunk headers (pseudonym, sequence number, slot, key id) and ciphertext, and
 * nothing else: the state holds envelopes and window times, the sink writes sealed results, logs
 * hold counts and sizes. How much protection the enclave side gives depends on the mode, which
 * every log line names. A chunk or landing file that cannot be parsed is quarantined and the stream
 * goes on; whether a chunk is authentic is only known in the enclave.
 */
public final class SecureHrvJob implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SecureHrvJob.class);

  /** The schema of Spark's binaryFile source; given explicitly, as streaming sources need. */
  static final StructType BINARY_FILE_SCHEMA =
      new StructType()
          .add("path", DataTypes.StringType, false)
          .add("modificationTime", DataTypes.TimestampType, false)
          .add("length", DataTypes.LongType, false)
          .add("content", DataTypes.BinaryType, true);

  static final String ROCKSDB_PROVIDER =
      "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";
  static final String CHECKPOINT_FILE_MANAGER = "spark.sql.streaming.checkpointFileManagerClass";
  static final String FILE_SYSTEM_CHECKPOINTS = ForklessCheckpointFileManager.class.getName();
  static final String ROCKSDB_TRACK_ROWS =
      "spark.sql.streaming.stateStore.rocksdb.trackTotalNumberOfRows";
  static final String ROCKSDB_BOUNDED_MEMORY =
      "spark.sql.streaming.stateStore.rocksdb.boundedMemoryUsage";
  static final String ROCKSDB_MEMORY_MB = "spark.sql.streaming.stateStore.rocksdb.maxMemoryUsageMB";
  static final String ROCKSDB_CHANGELOG =
      "spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled";

  private final ServerConfig config;
  private final SparkSession spark;
  private final boolean ownsSpark;
  private final StreamingQuery query;
  private final ResultPublisher publisher;
  private final ProgressLog progressLog;
  private final JobMetrics metrics;
  private final String label;

  private SecureHrvJob(
      ServerConfig config,
      SparkSession spark,
      boolean ownsSpark,
      StreamingQuery query,
      ResultPublisher publisher,
      ProgressLog progressLog,
      JobMetrics metrics) {
    this.config = config;
    this.spark = spark;
    this.ownsSpark = ownsSpark;
    this.query = query;
    this.publisher = publisher;
    this.progressLog = progressLog;
    this.metrics = metrics;
    this.label = ModeLabel.of(config.hostSpec().kind());
  }

  /** Starts the job on a Spark session of its own ({@link ServerConfig#sparkMaster()}). */
  public static SecureHrvJob start(ServerConfig config) throws IOException {
    SparkSession spark =
        SparkSession.builder()
            .appName(config.queryName())
            .master(config.sparkMaster())
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", config.shufflePartitions())
            .getOrCreate();
    try {
      return start(spark, config, true, null);
    } catch (IOException | RuntimeException e) {
      spark.stop();
      throw e;
    }
  }

  /**
   * Starts the job on an existing session (which the caller keeps and stops). Its shuffle
   * partitions apply to a new checkpoint; a restarted one keeps the count it was created with.
   */
  public static SecureHrvJob start(SparkSession spark, ServerConfig config) throws IOException {
    return start(spark, config, false, null);
  }

  /**
   * As {@link #start(SparkSession, ServerConfig)}, publishing results with {@code publisher}
   * instead of the configured MQTT broker; {@link #stop()} closes it.
   */
  public static SecureHrvJob start(
      SparkSession spark, ServerConfig config, ResultPublisher publisher) throws IOException {
    return start(spark, config, false, publisher);
  }

  private static SecureHrvJob start(
      SparkSession spark, ServerConfig config, boolean ownsSpark, ResultPublisher givenPublisher)
      throws IOException {
    String label = ModeLabel.of(config.hostSpec().kind());
    if (spark.sparkContext().isLocal()) {
      // Executors run in this JVM: a mode this machine cannot run fails here, not in a task.
      config.hostSpec().hostFactory().checkAvailable();
    }
    LandingStore landing = LandingStore.open(config.landingRoot());
    ResultStore results = ResultStore.open(config.resultRoot());
    ResultPublisher publisher = givenPublisher;
    if (publisher == null && config.mqtt().isPresent()) {
      try {
        publisher = MqttResultPublisher.connect(MqttEndpoint.create(config.mqtt().get()));
      } catch (GeneralSecurityException e) {
        throw new IOException("MQTT TLS settings are unusable: " + e.getMessage(), e);
      } catch (MqttConnectException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
    JobMetrics metrics = new JobMetrics();
    ResultSink sink =
        new ResultSink(results, publisher, metrics, config.hostSpec().job().jobName(), label);
    ProgressLog progress = new ProgressLog(config.queryName(), label, sink, metrics);
    spark.conf().set("spark.sql.shuffle.partitions", config.shufflePartitions());
    // transformWithState keeps its state in RocksDB (the only provider it supports in Spark 4.0).
    // With changelog checkpointing a batch commits the state it changed (appended chunks,
    // rewritten buffers of closed windows) instead of uploading new SST files every batch.
    spark.conf().set("spark.sql.streaming.stateStore.providerClass", ROCKSDB_PROVIDER);
    spark.conf().set(ROCKSDB_CHANGELOG, "true");
    // Keeping the total row count would read every key before each write (one extra RocksDB get
    // per append, per counter and per timer): half the store's reads at 100 000 patients. The
    // count only feeds the numRowsTotal metric, which then reads 0.
    spark.conf().set(ROCKSDB_TRACK_ROWS, "false");
    // One memory budget for all state partitions of this JVM (block cache and write buffers),
    // instead of RocksDB's 8 MiB cache per partition: this machine's kernel reclaims idle page
    // cache aggressively, so state not held here is read back from disk when windows close.
    spark.conf().set(ROCKSDB_BOUNDED_MEMORY, "true");
    spark.conf().set(ROCKSDB_MEMORY_MB, String.valueOf(config.stateMemoryMb()));
    // Checkpoint files (offsets, commits, state changelogs) through Hadoop's FileSystem API: the
    // default FileContext manager forks a `readlink` process for every rename on a local disk,
    // which a profile showed as most of a small batch's time (renames are atomic here either way);
    // and Hadoop's local file system forks `chmod` for every file it creates, which this one does
    // in-process.
    spark.conf().set(CHECKPOINT_FILE_MANAGER, FILE_SYSTEM_CHECKPOINTS);
    spark.streams().addListener(progress);
    try {
      StreamingQuery query = buildQuery(spark, config, landing, sink).start();
      LOG.info(
          label
              + " started query "
              + config.queryName()
              + ": window "
              + config.window().toSeconds()
              + " s, watermark delay "
              + config.watermarkDelay().toMillis()
              + " ms, close spread "
              + config.closeSpread().toSeconds()
              + " s, landing "
              + landing.incomingDir()
              + ", results "
              + results.root());
      return new SecureHrvJob(config, spark, ownsSpark, query, publisher, progress, metrics);
    } catch (TimeoutException | RuntimeException e) {
      spark.streams().removeListener(progress);
      if (publisher != null && givenPublisher == null) {
        publisher.close();
      }
      throw new IOException("the streaming query did not start: " + e.getMessage(), e);
    }
  }

  private static DataStreamWriter<WindowRow> buildQuery(
      SparkSession spark, ServerConfig config, LandingStore landing, ResultSink sink) {
    long windowMillis = config.window().toMillis();

    // Source: the landing store's incoming/ directory as a streaming binary-file source. Every
    // batch file appears once, complete (the store renames finished files into place).
    DataStreamReader reader =
        spark
            .readStream()
            .format("binaryFile")
            .schema(BINARY_FILE_SCHEMA)
            .option("pathGlobFilter", LandingStore.BATCH_GLOB);
    if (config.maxFilesPerTrigger().isPresent()) {
      reader = reader.option("maxFilesPerTrigger", config.maxFilesPerTrigger().get());
    }
    Dataset<Row> files = reader.load(landing.incomingDir().toString());

    // Parse: split files into envelopes and read only their clear headers: one row per chunk.
    // Unparseable bytes go to quarantine.
    Dataset<ChunkRow> chunks =
        files
            .select("content")
            .as(Encoders.BINARY())
            .flatMap(
                new ChunkExploder(
                    windowMillis, landing.root(), config.hostSpec().kind() == HostKind.PLAIN),
                Encoders.bean(ChunkRow.class));

    // Event time: the chunk slot's last millisecond; the watermark trails the latest event time
    // seen by the configured delay.
    Dataset<ChunkRow> timed =
        chunks.withWatermark("eventTime", config.watermarkDelay().toMillis() + " milliseconds");

    // Grouped, stateful (transformWithState on RocksDB): per patient, append each chunk to a list
    // state once and keep one event-time timer per open window, due at the window's end plus its
    // 30 s of context plus the patient's close offset; when it fires, emit the window with every
    // chunk that serves it (its own and its context).
    Dataset<ClosingWindow> closing =
        timed
            .groupByKey((MapFunction<ChunkRow, String>) ChunkRow::getPatient, Encoders.STRING())
            .transformWithState(
                new PatientWindowProcessor(
                    new CloseSchedule(windowMillis, config.closeSpread().toMillis())),
                TimeMode.EventTime(),
                OutputMode.Append(),
                Encoders.bean(ClosingWindow.class));

    // Enclave: all windows closing in one partition go to the enclave host in one call.
    Dataset<WindowRow> outcomes =
        closing.mapPartitions(
            new EnclaveStage(config.hostSpec(), windowMillis), Encoders.bean(WindowRow.class));

    // Sink: store and publish sealed results, count completeness, per micro-batch.
    return outcomes
        .writeStream()
        .queryName(config.queryName())
        .outputMode(OutputMode.Append())
        .option("checkpointLocation", config.checkpointDir().toString())
        .trigger(
            config.availableNow()
                ? Trigger.AvailableNow()
                : Trigger.ProcessingTime(config.triggerInterval().toMillis()))
        .foreachBatch(sink);
  }

  public ServerConfig config() {
    return config;
  }

  public StreamingQuery query() {
    return query;
  }

  /** Running totals; late-row counts are brought up to date from the query's recent progress. */
  public JobMetrics metrics() {
    for (StreamingQueryProgress p : query.recentProgress()) {
      ProgressLog.record(p, metrics);
    }
    return metrics;
  }

  /** Blocks until every landing file present now has been processed (for tests and tools). */
  public void processAllAvailable() throws StreamingQueryException {
    query.processAllAvailable();
  }

  /** Blocks until the query ends (stopped, failed, or finished in available-now mode). */
  public void awaitTermination() throws StreamingQueryException {
    query.awaitTermination();
  }

  public boolean awaitTermination(long timeoutMillis) throws StreamingQueryException {
    return query.awaitTermination(timeoutMillis);
  }

  /**
   * Stops the query (the checkpoint keeps its progress; a job started later on the same checkpoint
   * continues from there), closes the publisher and this JVM's enclave host, and stops the Spark
   * session if the job created it.
   */
  public void stop() throws IOException {
    try {
      query.stop();
      // Unload this JVM's state stores and stop their maintenance thread, which otherwise goes on
      // uploading RocksDB snapshots and deleting old files in the checkpoint after stop() returns;
      // a query still running in this JVM reloads its stores from its checkpoint on its next batch.
      StateStore$.MODULE$.stop();
    } catch (TimeoutException e) {
      throw new IOException("the streaming query did not stop in time", e);
    } finally {
      spark.streams().removeListener(progressLog);
      if (publisher != null) {
        publisher.close();
      }
      HostRegistry.shared().close(config.hostSpec());
      if (ownsSpark) {
        spark.stop();
      }
      LOG.info(label + " stopped query " + config.queryName() + ": " + metrics);
    }
  }

  @Override
  public void close() throws IOException {
    stop();
  }

  @Override
  public String toString() {
    return "SecureHrvJob{" + label + " " + config.queryName() + "}";
  }
}
