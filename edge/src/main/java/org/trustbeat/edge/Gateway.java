package org.trustbeat.edge;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustbeat.mqtt.Topics;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.protocol.Pseudonym;
import org.trustbeat.protocol.RrSamples;

/**
 * One patient's gateway: groups beats into chunks, seals each with the patient's data key, and
 * publishes it with QoS 1 to {@code trustbeat/v1/<patient>/chunks}.
 *
 * <p><b>Chunks.</b> A chunk holds the beats of one time slot {@code [k·S, (k+1)·S)} of the beats'
 * own (event) times ({@link ChunkSlot}), {@code S} = {@link Builder#setChunkSeconds}, and at most
 * {@link Builder#setMaxBeatsPerChunk} beats. Slots are aligned to the epoch, so when {@code S}
 * divides the analysis window no chunk straddles two windows. A slot's chunk is sealed when the
 * first beat of another slot arrives, when it is full, or on {@link #flush()}. Its clear header
 * carries the slot, and its sealed samples are padded (chunk format version 2), so the host learns
 * which slots held beats, not when the beats fell nor how many there were.
 *
 * <p><b>Delivery.</b> Every sealed chunk is first written to an on-disk spool, then sent from the
 * spool oldest first, one at a time, and deleted when the broker acknowledges it. While the broker
 * is unreachable chunks wait in the spool and go out in order once the client is connected again;
 * after a crash or restart the spool is sent first. The spool is bounded: when full, the oldest
 * chunks are dropped, counted and logged. Delivery is at least once: a chunk in flight when the
 * connection drops may arrive twice (the enclave drops duplicates by sequence number).
 *
 * <p><b>Sequence numbers</b> run 0, 1, 2, … per patient and are persisted in the state directory,
 * so a restarted gateway continues them.
 *
 * <p>The MQTT client is the caller's: made and connected with {@code MqttEndpoint} (persistent
 * session, automatic reconnect), possibly shared by many gateways. Thread-safe.
 *
 * <h2>Security guarantees</h2>
 *
 * Only sealed envelopes leave this class, on the wire and in the spool. Log lines and {@link
 * #toString()} carry the pseudonym, sequence numbers, counts and sizes, never a sample.
 */
public final class Gateway implements BeatSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final String patient;
  private final String topic;
  private final ChunkSealer sealer;
  private final Mqtt3AsyncClient client;
  private final ChunkSpool spool;
  private final SequenceStore sequence;
  private final Duration retryInterval;
  private final ScheduledExecutorService executor;
  private final boolean ownExecutor;

  private final SlotChunker chunker;
  private long inFlight = -1;
  private boolean retryScheduled;
  private boolean closed;
  private long beatsAccepted;
  private long beatsRejected;
  private long chunksSealed;
  private long chunksPublished;
  private long chunksDropped;
  private long publishFailures;

  private Gateway(Builder b, ChunkSealer sealer, ChunkSpool spool, SequenceStore sequence) {
    patient = b.patient;
    topic = Topics.chunks(b.patient);
    this.sealer = sealer;
    client = b.client;
    this.spool = spool;
    this.sequence = sequence;
    chunker = new SlotChunker((int) Math.round(b.chunkSeconds * 1000), b.maxBeatsPerChunk);
    retryInterval = b.retryInterval;
    ownExecutor = b.executor == null;
    executor =
        ownExecutor
            ? Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "trustbeat-gateway-" + b.patient);
                  t.setDaemon(true);
                  return t;
                })
            : b.executor;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String patient() {
    return patient;
  }

  /** {@code trustbeat/v1/<patient>/chunks}. */
  public String topic() {
    return topic;
  }

  /**
   * Takes one beat. A beat with a non-finite value or a time outside the epoch is refused, counted
   * and logged (without its value); the stream goes on.
   *
   * @throws IOException if the spool or the sequence file cannot be written
   */
  @Override
  public void accept(double tEpochSeconds, double rrMs)
      throws IOException, GeneralSecurityException {
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("gateway for " + patient + " is closed");
      }
      if (!Double.isFinite(rrMs) || !(tEpochSeconds >= 0 && tEpochSeconds < 253_402_300_799.0)) {
        beatsRejected++;
        LOG.warn(
            "gateway "
                + patient
                + ": refused a beat with a non-finite value or a time outside"
                + " the epoch ("
                + beatsRejected
                + " refused so far); check the sensor clock");
        return;
      }
      chunker.add(tEpochSeconds, rrMs, this::seal);
      beatsAccepted++;
    }
    kick();
  }

  /** Seals the beats not yet in a chunk, if any, and queues the chunk for sending. */
  public void flush() throws IOException, GeneralSecurityException {
    synchronized (this) {
      chunker.flush(this::seal);
    }
    kick();
  }

  private void seal(ChunkSlot slot, RrSamples samples)
      throws IOException, GeneralSecurityException {
    long seq = sequence.take();
    ChunkEnvelope envelope = sealer.seal(patient, seq, slot, samples);
    chunksSealed++;
    ChunkSpool.Dropped dropped = spool.add(seq, envelope.toBytes(), inFlight);
    if (dropped.count() > 0) {
      long before = chunksDropped;
      chunksDropped += dropped.count();
      // During a long outage every chunk evicts one: log at 1, 2, 4, 8, ... drops, not each.
      if (Long.highestOneBit(before) != Long.highestOneBit(chunksDropped)) {
        LOG.warn(
            "gateway "
                + patient
                + ": spool full ("
                + spool.maxBytes()
                + " bytes), dropped "
                + dropped.count()
                + " oldest chunk(s), seq "
                + dropped.firstSeq()
                + ".."
                + dropped.lastSeq()
                + ", "
                + dropped.bytes()
                + " bytes; "
                + chunksDropped
                + " dropped since start. The broker has been unreachable too long or the spool is"
                + " too small");
      }
    }
  }

  private void kick() {
    try {
      executor.execute(this::pump);
    } catch (RejectedExecutionException e) {
      // Closed: what is spooled stays on disk for the next start.
    }
  }

  private void pump() {
    long seq;
    synchronized (this) {
      if (closed || inFlight >= 0) {
        return;
      }
      seq = spool.oldest();
      if (seq < 0) {
        return;
      }
      if (!client.getState().isConnected()) {
        scheduleRetry();
        return;
      }
      inFlight = seq;
    }
    byte[] bytes;
    try {
      bytes = spool.read(seq);
    } catch (IOException e) {
      LOG.warn("gateway " + patient + ": cannot read spooled chunk " + seq, e);
      synchronized (this) {
        inFlight = -1;
        scheduleRetry();
      }
      return;
    }
    client
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(bytes)
        .send()
        .whenComplete(
            (ack, error) -> {
              try {
                executor.execute(() -> published(seq, error));
              } catch (RejectedExecutionException e) {
                published(seq, error);
              }
            });
  }

  private void published(long seq, Throwable error) {
    synchronized (this) {
      inFlight = -1;
      if (error != null) {
        publishFailures++;
        LOG.debug(
            "gateway "
                + patient
                + ": publish of chunk "
                + seq
                + " failed, will retry: "
                + error.getClass().getSimpleName());
        scheduleRetry();
        return;
      }
      try {
        spool.remove(seq);
      } catch (IOException e) {
        LOG.warn("gateway " + patient + ": cannot delete sent chunk " + seq, e);
      }
      chunksPublished++;
      notifyAll();
    }
    pump();
  }

  private void scheduleRetry() {
    if (retryScheduled || closed) {
      return;
    }
    retryScheduled = true;
    try {
      executor.schedule(
          () -> {
            synchronized (this) {
              retryScheduled = false;
            }
            pump();
          },
          retryInterval.toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      retryScheduled = false;
    }
  }

  /**
   * Waits until every sealed chunk has been acknowledged by the broker (the spool is empty).
   *
   * @return false if {@code timeout} passed first
   */
  public boolean awaitDelivered(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (spool.size() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  public synchronized GatewayStats stats() {
    return new GatewayStats(
        beatsAccepted,
        beatsRejected,
        chunksSealed,
        chunksPublished,
        chunksDropped,
        publishFailures,
        spool.size(),
        spool.bytes(),
        sequence.peek());
  }

  /**
   * Seals pending beats and stops sending. Spooled chunks stay on disk and are sent first by the
   * next gateway on the same state directory. Does not disconnect the client (it is the caller's).
   */
  @Override
  public void close() throws IOException, GeneralSecurityException {
    flush();
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    if (ownExecutor) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    GatewayStats s = stats();
    LOG.info(
        "gateway "
            + patient
            + " closed: "
            + s.chunksSealed()
            + " chunks sealed, "
            + s.chunksPublished()
            + " published, "
            + s.chunksDropped()
            + " dropped, "
            + s.spooledChunks()
            + " left in the spool");
  }

  @Override
  public String toString() {
    return "Gateway{patient=" + patient + ", " + stats() + "}";
  }

  /** Validating builder; patient, keys, client and state directory are required. */
  public static final class Builder {
    private String patient;
    private PatientKeys keys;
    private Mqtt3AsyncClient client;
    private Path stateDirectory;
    private double chunkSeconds = 10.0;
    private int maxBeatsPerChunk = 1024;
    private long maxSpoolBytes = 64L << 20;
    private Duration retryInterval = Duration.ofMillis(200);
    private ScheduledExecutorService executor;

    private Builder() {}

    public Builder setPatient(String patient) {
      this.patient = patient;
      return this;
    }

    /** The patient's keys; the data keyset seals the chunks. */
    public Builder setKeys(PatientKeys keys) {
      this.keys = keys;
      return this;
    }

    /** A client from {@code MqttEndpoint} (connected, or connecting with automatic reconnect). */
    public Builder setClient(Mqtt3AsyncClient client) {
      this.client = client;
      return this;
    }

    /**
     * Directory for this patient's stream state: {@code next-sequence} and {@code spool/}. Use one
     * directory per patient and keep it across restarts.
     */
    public Builder setStateDirectory(Path stateDirectory) {
      this.stateDirectory = stateDirectory;
      return this;
    }

    /**
     * Length of a chunk's time slot in seconds (default 10): a whole number of milliseconds in [1,
     * 86 400] s; should divide the window length. The slot, not the beats' times, is what the
     * chunk's clear header shows, and every chunk of the same slot length has the same size up to
     * 220 bpm, so shorter slots cost bytes (each chunk is padded to a 220-bpm slot) and longer ones
     * delay the results.
     */
    public Builder setChunkSeconds(double chunkSeconds) {
      this.chunkSeconds = chunkSeconds;
      return this;
    }

    /** Most beats in one chunk (default 1024). */
    public Builder setMaxBeatsPerChunk(int maxBeatsPerChunk) {
      this.maxBeatsPerChunk = maxBeatsPerChunk;
      return this;
    }

    /** Bound of the on-disk spool (default 64 MiB); the oldest chunks go first when full. */
    public Builder setMaxSpoolBytes(long maxSpoolBytes) {
      this.maxSpoolBytes = maxSpoolBytes;
      return this;
    }

    /** How often to look again while the client is disconnected (default 200 ms). */
    public Builder setRetryInterval(Duration retryInterval) {
      this.retryInterval = retryInterval;
      return this;
    }

    /** A shared scheduler for many gateways; by default each gateway has one thread. */
    public Builder setExecutor(ScheduledExecutorService executor) {
      this.executor = executor;
      return this;
    }

    /**
     * Opens the state directory: reads the next sequence number and the spool left by an earlier
     * run.
     */
    public Gateway build() throws IOException, GeneralSecurityException {
      Pseudonym.check(patient);
      if (keys == null) {
        throw new IllegalArgumentException(
            "patient keys are missing; load them with EdgeKeys.load and call setKeys");
      }
      if (client == null) {
        throw new IllegalArgumentException(
            "MQTT client is missing; make one with MqttEndpoint.newClient and call setClient");
      }
      if (stateDirectory == null) {
        throw new IllegalArgumentException(
            "state directory is missing; call setStateDirectory with a per-patient directory");
      }
      double ms = chunkSeconds * 1000;
      if (!(ms >= ChunkSlot.MIN_LENGTH_MILLIS && ms <= ChunkSlot.MAX_LENGTH_MILLIS)
          || Math.abs(ms - Math.rint(ms)) > 1e-6) {
        throw new IllegalArgumentException(
            "chunk length must be a whole number of milliseconds in ["
                + ChunkSlot.MIN_LENGTH_MILLIS / 1000
                + ", "
                + ChunkSlot.MAX_LENGTH_MILLIS / 1000
                + "] s, was "
                + chunkSeconds
                + "; 10 s is the default");
      }
      int maxSamples = ProtocolLimits.defaults().maxSamplesPerChunk();
      if (maxBeatsPerChunk < 1 || maxBeatsPerChunk > maxSamples) {
        throw new IllegalArgumentException(
            "max beats per chunk must be in 1.." + maxSamples + ", was " + maxBeatsPerChunk);
      }
      if (maxSpoolBytes < 4096) {
        throw new IllegalArgumentException(
            "spool bound " + maxSpoolBytes + " bytes is too small to hold a chunk; use >= 4096");
      }
      if (retryInterval == null || retryInterval.isNegative() || retryInterval.isZero()) {
        throw new IllegalArgumentException("retry interval must be positive");
      }
      Files.createDirectories(stateDirectory);
      ChunkSpool spool = new ChunkSpool(stateDirectory.resolve("spool"), maxSpoolBytes);
      SequenceStore seq =
          new SequenceStore(stateDirectory.resolve("next-sequence"), spool.newest() + 1);
      Gateway g = new Gateway(this, ChunkSealer.create(keys.dataKeyset()), spool, seq);
      if (spool.size() > 0) {
        LOG.info(
            "gateway "
                + patient
                + ": "
                + spool.size()
                + " chunk(s) from an earlier run in"
                + " the spool, sent first");
        g.kick();
      }
      return g;
    }
  }
}
