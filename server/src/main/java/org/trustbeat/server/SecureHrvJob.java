package org.trustbeat.server;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.mqtt.MqttConnectException;
import org.trustbeat.mqtt.MqttEndpoint;
import org.trustbeat.server.internal.ChunkExploder;
import org.trustbeat.server.internal.HostRegistry;
import org.trustbeat.server.internal.MqttResultPublisher;
import org.trustbeat.server.internal.PatientState;
import org.trustbeat.server.internal.PatientWindowFunction;
import org.trustbeat.server.internal.WindowRow;
import org.trustbeat.server.internal.WindowedChunk;

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
 * Spark sees clear chunk headers (pseudonym, sequence number, slot, key id) and ciphertext,
 * and nothing else: the state holds envelopes (each window's own and its context), the sink writes
 * sealed results, logs hold counts and sizes. How much protection the enclave side gives depends
 * on the mode, which every log line names. A chunk or landing file that cannot be parsed is
 * quarantined and the stream goes on; whether a chunk is authentic is only known in the enclave.
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

  private final ServerConfig config;
  private final SparkSession spark;
  private final boolean ownsSpark;
  private final StreamingQuery query;
  private final ResultPublisher publisher;
  private final ProgressLog progressLog;
  private final JobMetrics metrics;
  private final String label;

  private SecureHrvJob(
      ServerConfig config, SparkSession spark, boolean ownsSpark, StreamingQuery query,
      ResultPublisher publisher, ProgressLog progressLog, JobMetrics metrics) {
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
    spark.streams().addListener(progress);
    try {
      StreamingQuery query = buildQuery(spark, config, landing, sink).start();
      LOG.info(label + " started query " + config.queryName() + ": window " + config.window().toSeconds()
          + " s, watermark delay " + config.watermarkDelay().toMillis() + " ms, landing "
          + landing.incomingDir() + ", results " + results.root());
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
        spark.readStream()
            .format("binaryFile")
            .schema(BINARY_FILE_SCHEMA)
            .option("pathGlobFilter", LandingStore.BATCH_GLOB);
    if (config.maxFilesPerTrigger().isPresent()) {
      reader = reader.option("maxFilesPerTrigger", config.maxFilesPerTrigger().get());
    }
    Dataset<Row> files = reader.load(landing.incomingDir().toString());

    // Parse: split files into envelopes, read only their clear headers, and give each chunk one
    // row per window its slot serves. Unparseable bytes go to quarantine.
    Dataset<WindowedChunk> chunks =
        files.select("content")
            .as(Encoders.BINARY())
            .flatMap(
                new ChunkExploder(
                    windowMillis, landing.root(), config.hostSpec().kind() == HostKind.PLAIN),
                Encoders.bean(WindowedChunk.class));

    // Event time: the chunk's end (clipped into its window); the watermark trails the latest
    // event time seen by the configured delay.
    Dataset<WindowedChunk> timed =
        chunks.withWatermark("eventTime", config.watermarkDelay().toMillis() + " milliseconds");

    // Grouped, stateful: per patient, buffer envelopes per window (its own and those of the 30 s
    // on each side) and, once the watermark passes a window's end plus that context, send all
    // such windows to the enclave in one call.
    Dataset<WindowRow> outcomes =
        timed.groupByKey(
                (MapFunction<WindowedChunk, String>) WindowedChunk::getPatient, Encoders.STRING())
            .flatMapGroupsWithState(
                new PatientWindowFunction(config.hostSpec(), windowMillis),
                OutputMode.Append(),
                Encoders.javaSerialization(PatientState.class),
                Encoders.bean(WindowRow.class),
                GroupStateTimeout.EventTimeTimeout());

    // Sink: store and publish sealed results, count completeness, per micro-batch.
    return outcomes.writeStream()
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
   * Stops the query (the checkpoint keeps its progress; a job started later on the same
   * checkpoint continues from there), closes the publisher and this JVM's enclave host, and stops
   * the Spark session if the job created it.
   */
  public void stop() throws IOException {
    try {
      query.stop();
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
