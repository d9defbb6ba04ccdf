package org.trustbeat.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.trustbeat.protocol.ProtocolLimits;

/**
 * The in-process default MQTT broker: Moquette 0.17 on {@code 127.0.0.1}, MQTT 3.1.1, QoS 1 with
 * persistent sessions stored under a directory of the caller's choice, anonymous access (it only
 * listens on the loopback).
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.builder().setDataDirectory(dir).build().start()) {
 *   MqttEndpoint endpoint = MqttEndpoint.create(broker.clientSettings().build());
 *   ...
 * }
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 * None of its own: the broker is on the untrusted side. TrustBeat only ever publishes sealed
 * envelopes through it, so its store holds ciphertext and clear routing headers. It binds to the
 * loopback only and never reports anywhere: Moquette's telemetry is switched off.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class.getName());
  // Held strongly: java.util.logging forgets levels of loggers nobody references.
  private static final Logger MOQUETTE_LOG = Logger.getLogger("io.moquette");
  private static final Logger NETTY_LOG = Logger.getLogger("io.netty");
  private static final Logger H2_LOG = Logger.getLogger("org.h2");

  static {
    MOQUETTE_LOG.setLevel(Level.WARNING);
    NETTY_LOG.setLevel(Level.WARNING);
    H2_LOG.setLevel(Level.WARNING);
  }

  private static final String HOST = "127.0.0.1";

  private final Path dataDirectory;
  private final int requestedPort;
  private final Duration sessionExpiry;
  private final int maxMessageBytes;
  private Server server;
  private int port = -1;

  private EmbeddedBroker(Builder b) {
    dataDirectory = b.dataDirectory;
    requestedPort = b.port;
    sessionExpiry = b.sessionExpiry;
    maxMessageBytes = b.maxMessageBytes;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts listening; returns this. Port 0 picks a free port (see {@link #port()}).
   *
   * @throws IOException if the port is taken or the data directory is not writable
   */
  public synchronized EmbeddedBroker start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("broker already started on port " + port);
    }
    Files.createDirectories(dataDirectory);
    int p = requestedPort == 0 ? freePort() : requestedPort;
    Properties props = new Properties();
    props.setProperty("host", HOST);
    props.setProperty("port", Integer.toString(p));
    props.setProperty("websocket_port", "disabled");
    props.setProperty("persistence_enabled", "true");
    props.setProperty("data_path", dataDirectory.toAbsolutePath().toString());
    props.setProperty("persistent_queue_type", "h2");
    props.setProperty("allow_anonymous", "true");
    props.setProperty("telemetry_enabled", "false");
    props.setProperty("persistent_client_expiration", sessionExpiry.toSeconds() + "s");
    props.setProperty("netty.mqtt.message_size", Integer.toString(maxMessageBytes));
    props.setProperty("immediate_buffer_flush", "true");
    Server s = new Server();
    try {
      s.startServer(new MemoryConfig(props), Collections.emptyList());
    } catch (RuntimeException e) {
      s.stopServer();
      throw new IOException(
          "cannot start the embedded MQTT broker on " + HOST + ":" + p + ": " + e.getMessage(), e);
    }
    server = s;
    port = p;
    LOG.info("embedded MQTT broker (Moquette, MQTT 3.1.1) listening on " + uri());
    return this;
  }

  /** Stops the broker; its persisted sessions stay in the data directory for the next start. */
  public synchronized void stop() {
    if (server != null) {
      server.stopServer();
      server = null;
      LOG.info("embedded MQTT broker on port " + port + " stopped");
    }
  }

  @Override
  public void close() {
    stop();
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** The port it listens (or listened) on; fixed after the first start. */
  public synchronized int port() {
    if (port < 0) {
      throw new IllegalStateException("broker not started yet; call start() first");
    }
    return port;
  }

  /** {@code tcp://127.0.0.1:<port>}. */
  public String uri() {
    return "tcp://" + HOST + ":" + port();
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Settings for clients of this broker: server address and session expiry filled in. */
  public MqttSettings.Builder clientSettings() {
    return MqttSettings.builder().setServer(HOST, port()).setSessionExpiry(sessionExpiry);
  }

  /**
   * A builder with the same directory, session expiry and the port this broker got, so a stopped
   * broker can be started again where its clients expect it.
   */
  public Builder restartBuilder() {
    return builder()
        .setDataDirectory(dataDirectory)
        .setPort(port())
        .setSessionExpiry(sessionExpiry)
        .setMaxMessageBytes(maxMessageBytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(HOST, 0));
      return socket.getLocalPort();
    }
  }

  @Override
  public String toString() {
    return "EmbeddedBroker{port=" + port + ", running=" + isRunning() + "}";
  }

  /** Validating builder; the data directory is required. */
  public static final class Builder {
    private Path dataDirectory;
    private int port;
    private Duration sessionExpiry = Duration.ofDays(1);
    // An envelope plus topic and MQTT framing.
    private int maxMessageBytes = ProtocolLimits.DEFAULT_MAX_ENVELOPE_BYTES + 1024;

    private Builder() {}

    /** Where Moquette keeps sessions and queued messages (only envelopes). Required. */
    public Builder setDataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory;
      return this;
    }

    /** 0 (default) for a free port chosen at start. */
    public Builder setPort(int port) {
      this.port = port;
      return this;
    }

    /** How long a disconnected client's session and queued messages are kept. */
    public Builder setSessionExpiry(Duration sessionExpiry) {
      this.sessionExpiry = sessionExpiry;
      return this;
    }

    /** Largest MQTT message accepted; default fits the largest envelope of the default limits. */
    public Builder setMaxMessageBytes(int maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    public EmbeddedBroker build() {
      if (dataDirectory == null) {
        throw new IllegalArgumentException(
            "data directory is missing; call setDataDirectory with a directory for the broker's"
                + " persistence");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is not in 0..65535; use 0 for any");
      }
      if (sessionExpiry == null || sessionExpiry.toSeconds() < 1) {
        throw new IllegalArgumentException("session expiry must be at least 1 s");
      }
      if (maxMessageBytes < 1024) {
        throw new IllegalArgumentException(
            "max message size " + maxMessageBytes + " is below 1024 bytes; envelopes need more");
      }
      return new EmbeddedBroker(this);
    }
  }
}
