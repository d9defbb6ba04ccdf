package org.trustbeat.server;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustbeat.mqtt.MqttConnectException;
import org.trustbeat.mqtt.MqttEndpoint;
import org.trustbeat.mqtt.Topics;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkHeader;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.PlainChunk;

/**
 * The ingest bridge: subscribes to every patient's chunk topic (QoS 1, persistent session, manual
 * acknowledgement) and appends the envelopes to the {@link LandingStore} in batches, acknowledging
 * each message to the broker only once the landing file holding it is durable. A crash loses
 * nothing: unacknowledged messages are redelivered to the same client id (at least once; the
 * enclave drops the duplicates).
 *
 * <p>A message whose clear header does not parse, or names another patient than its topic (the
 * broker's ACL binds each patient to its own topic), goes to the landing store's quarantine
 * instead, and is acknowledged too: it can never become valid.
 *
 * <h2>Security guarantees</h2>
 *
 * Sees ciphertext and clear routing headers only; logs counts and sizes.
 */
public final class IngestBridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestBridge.class);
  private static final String LABEL = "[ingest, ciphertext only]";

  private final MqttEndpoint endpoint;
  private final String clientId;
  private final LandingStore landing;
  private final int maxBatch;
  private final Duration maxDelay;
  private final Duration maxIdle;
  private final LinkedBlockingQueue<Mqtt3Publish> queue = new LinkedBlockingQueue<>();
  private final AtomicLong landed = new AtomicLong();
  private final AtomicLong quarantined = new AtomicLong();
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private Mqtt3AsyncClient client;
  private Thread writer;
  private volatile boolean running;

  private IngestBridge(Builder b) {
    this.endpoint = b.endpoint;
    this.clientId = b.clientId;
    this.landing = b.landing;
    this.maxBatch = b.maxBatch;
    this.maxDelay = b.maxDelay;
    this.maxIdle = b.maxIdle;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Connects with a persistent session, subscribes to {@link Topics#ALL_CHUNKS} and starts landing;
   * returns this.
   *
   * @throws MqttConnectException if the broker cannot be reached or refuses
   * @throws IOException if the subscription fails
   */
  public synchronized IngestBridge start() throws MqttConnectException, IOException {
    if (running) {
      throw new IllegalStateException("the ingest bridge is already running; start it once");
    }
    client = endpoint.newClient(clientId);
    running = true;
    writer = new Thread(this::writeLoop, "trustbeat-ingest-writer");
    writer.setDaemon(true);
    writer.start();
    // Register the callback before connecting: a resumed session's pending messages arrive right
    // after the connection, before this client instance has subscribed again.
    client
        .toAsync()
        .publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, queue::add, true);
    endpoint.connectBlocking(client, Duration.ofSeconds(30));
    try {
      client
          .subscribeWith()
          .topicFilter(Topics.ALL_CHUNKS)
          .qos(MqttQos.AT_LEAST_ONCE)
          .send()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      abort();
      throw new IOException(
          "subscribing to "
              + Topics.ALL_CHUNKS
              + " failed: "
              + e.getMessage()
              + "; check the broker's ACL lets the ingest user read every chunk topic",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort();
      throw new IOException("interrupted while subscribing", e);
    }
    LOG.info(
        LABEL
            + " subscribed to "
            + Topics.ALL_CHUNKS
            + " as "
            + clientId
            + "; landing in "
            + landing.incomingDir());
    return this;
  }

  private void writeLoop() {
    List<Mqtt3Publish> batch = new ArrayList<>(maxBatch);
    while (running || !queue.isEmpty()) {
      try {
        Mqtt3Publish first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + maxDelay.toNanos();
        while (batch.size() < maxBatch) {
          // A pause in arrivals ends the batch early: brokers cap unacknowledged QoS 1 messages
          // per session (Moquette at 10), so waiting for more would only stall the stream.
          long wait = Math.min(deadline - System.nanoTime(), maxIdle.toNanos());
          Mqtt3Publish next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        land(batch);
      } catch (InterruptedException e) {
        // abort(): leave the rest unacknowledged, the broker redelivers it.
        return;
      } catch (IOException | RuntimeException e) {
        // Not acknowledged: the broker redelivers these after a reconnect. Stop rather than spin.
        LOG.error(
            LABEL
                + " landing "
                + batch.size()
                + " messages failed ("
                + e.getClass().getSimpleName()
                + "); stopping ingest, nothing was acknowledged");
        running = false;
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void land(List<Mqtt3Publish> batch) throws IOException {
    List<byte[]> envelopes = new ArrayList<>(batch.size());
    long size = 0;
    int bad = 0;
    for (Mqtt3Publish p : batch) {
      byte[] payload = p.getPayloadAsBytes();
      if (fitsTopic(p.getTopic().toString(), payload)) {
        envelopes.add(payload);
        size += payload.length;
      } else {
        landing.quarantine(payload);
        bad++;
      }
    }
    if (!envelopes.isEmpty()) {
      landing.append(envelopes);
      files.incrementAndGet();
    }
    // Only now is every message of the batch durable (landed or quarantined).
    for (Mqtt3Publish p : batch) {
      p.acknowledge();
    }
    landed.addAndGet(envelopes.size());
    quarantined.addAndGet(bad);
    bytes.addAndGet(size);
    LOG.debug(
        LABEL
            + " landed "
            + envelopes.size()
            + " envelopes ("
            + size
            + " bytes), quarantined "
            + bad);
  }

  private static boolean fitsTopic(String topic, byte[] payload) {
    ChunkHeader h;
    try {
      h =
          payload.length > 0 && payload[0] == 'P'
              ? PlainChunk.parse(payload).header()
              : ChunkEnvelope.parseHeader(payload);
    } catch (MalformedEnvelopeException e) {
      return false;
    }
    return topic.equals(Topics.chunks(h.patient()));
  }

  /** Envelopes appended to the landing store so far. */
  public long landed() {
    return landed.get();
  }

  public long quarantined() {
    return quarantined.get();
  }

  /** Landing files written so far. */
  public long files() {
    return files.get();
  }

  public long bytes() {
    return bytes.get();
  }

  /** Lands what has arrived, acknowledges it, and disconnects (the session stays on the broker). */
  @Override
  public synchronized void close() {
    if (client == null) {
      return;
    }
    running = false;
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30) + maxDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    disconnect();
    LOG.info(LABEL + " stopped: " + this);
  }

  /** Stops at once without landing or acknowledging what is queued, as a crash would. */
  synchronized void abort() {
    running = false;
    if (writer != null) {
      writer.interrupt();
      try {
        writer.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    queue.clear();
    disconnect();
  }

  private void disconnect() {
    if (client != null) {
      try {
        client.disconnect().get(10, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // Already gone.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      client = null;
    }
  }

  @Override
  public String toString() {
    return "IngestBridge{client="
        + clientId
        + ", landed="
        + landed
        + ", quarantined="
        + quarantined
        + ", files="
        + files
        + ", bytes="
        + bytes
        + "}";
  }

  /** Validating builder; endpoint and landing store are required. */
  public static final class Builder {
    private MqttEndpoint endpoint;
    private String clientId = "trustbeat-ingest";
    private LandingStore landing;
    private int maxBatch = 500;
    private Duration maxDelay = Duration.ofMillis(500);
    private Duration maxIdle = Duration.ofMillis(20);

    private Builder() {}

    public Builder setEndpoint(MqttEndpoint endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** Names the persistent session; keep it across restarts. Default {@code trustbeat-ingest}. */
    public Builder setClientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    public Builder setLandingStore(LandingStore landing) {
      this.landing = landing;
      return this;
    }

    /** Envelopes per landing file at most; default 500. */
    public Builder setMaxBatch(int maxBatch) {
      this.maxBatch = maxBatch;
      return this;
    }

    /** How long the first message of a batch may wait for more; default 500 ms. */
    /**
     * How long a batch waits for the next message before landing what it has (default 20 ms);
     * brokers cap unacknowledged messages per session, so a long wait only stalls the stream.
     */
    public Builder setMaxIdle(Duration maxIdle) {
      this.maxIdle = maxIdle;
      return this;
    }

    public Builder setMaxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
      return this;
    }

    public IngestBridge build() {
      if (endpoint == null) {
        throw new IllegalStateException(
            "MQTT endpoint is missing; call setEndpoint(MqttEndpoint.create(settings))");
      }
      if (landing == null) {
        throw new IllegalStateException(
            "landing store is missing; call setLandingStore(LandingStore.open(dir))");
      }
      if (maxBatch < 1) {
        throw new IllegalStateException("max batch is " + maxBatch + "; use 1 or more, e.g. 500");
      }
      if (maxIdle == null || maxIdle.isNegative()) {
        throw new IllegalStateException(
            "max idle is " + maxIdle + "; use a duration ≥ 0, e.g. 20 ms");
      }
      if (maxDelay == null || maxDelay.isNegative()) {
        throw new IllegalStateException("max delay must be 0 or more, e.g. Duration.ofMillis(500)");
      }
      return new IngestBridge(this);
    }
  }
}
