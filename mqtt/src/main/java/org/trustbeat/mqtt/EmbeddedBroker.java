package org.trustbeat.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.security.PermitAllAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustbeat.protocol.ProtocolLimits;

/**
 * The in-process default MQTT broker: Moquette 0.17 on {@code 127.0.0.1}, MQTT 3.1.1, QoS 1 with
 * persistent sessions stored under a directory of the caller's choice, and — like {@link
 * MosquittoConfiguration} — one password login per MQTT client ({@link MqttLogins}) with per-login
 * topic permissions.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.builder().setDataDirectory(dir)
 *         .addGatewayUser("p001", gatewayPassword)
 *         .addServerUser(MqttLogins.INGEST, ingestPassword)
 *         .build().start()) {
 *   MqttEndpoint gateway = MqttEndpoint.create(broker.gatewaySettings("p001", gatewayPassword).build());
 *   ...
 * }
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * The broker is on the untrusted side: TrustBeat only ever publishes sealed envelopes through it,
 * so its store holds ciphertext and clear routing headers. What it enforces keeps patients apart at
 * the transport level:
 *
 * <ul>
 *   <li>no anonymous connection, and a connection is accepted only with a known login, its
 *       password, and the login's own name as client id — so no login can take over (and empty)
 *       another login's persistent session;
 *   <li>a gateway login may only publish its patient's chunks, a consumer login may only subscribe
 *       to its patient's results, a server login reads all chunks and writes all results.
 * </ul>
 *
 * <p>Passwords are kept only as salted SHA-256 hashes in memory (use long random passwords: the
 * hash is fast) and never logged. {@link Builder#insecureAllowAnonymous()} switches all of this
 * off, for tests that are not about access control. The broker binds to the loopback only and never
 * reports anywhere: Moquette's telemetry is switched off.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
  // Moquette's, Netty's and H2's levels are the application's logging setup's to choose.

  private static final String HOST = "127.0.0.1";

  private final Path dataDirectory;
  private final int requestedPort;
  private final Duration sessionExpiry;
  private final int maxMessageBytes;
  private final boolean anonymous;
  private final BrokerUsers users;
  private final byte[] salt;
  private final Map<String, byte[]> passwordHashes;
  private Server server;
  private int port = -1;

  private EmbeddedBroker(Builder b) {
    dataDirectory = b.dataDirectory;
    requestedPort = b.port;
    sessionExpiry = b.sessionExpiry;
    maxMessageBytes = b.maxMessageBytes;
    anonymous = b.anonymous;
    users = b.users.copy();
    salt = b.salt.clone();
    passwordHashes = new LinkedHashMap<>(b.passwordHashes);
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
    props.setProperty("allow_anonymous", Boolean.toString(anonymous));
    props.setProperty("allow_zero_byte_client_id", "false");
    // Subscriptions stored in a session are checked again at each connect, against today's logins.
    props.setProperty("reauthorize_subscriptions_on_connect", Boolean.toString(!anonymous));
    props.setProperty("telemetry_enabled", "false");
    props.setProperty("persistent_client_expiration", sessionExpiry.toSeconds() + "s");
    props.setProperty("netty.mqtt.message_size", Integer.toString(maxMessageBytes));
    props.setProperty("immediate_buffer_flush", "true");
    Server s = new Server();
    try {
      if (anonymous) {
        s.startServer(
            new MemoryConfig(props),
            Collections.emptyList(),
            null,
            null,
            new PermitAllAuthorizatorPolicy());
      } else {
        Logins logins = new Logins();
        s.startServer(new MemoryConfig(props), Collections.emptyList(), null, logins, logins);
      }
    } catch (RuntimeException e) {
      s.stopServer();
      throw new IOException(
          "cannot start the embedded MQTT broker on " + HOST + ":" + p + ": " + e.getMessage(), e);
    }
    server = s;
    port = p;
    LOG.info(
        "embedded MQTT broker (Moquette, MQTT 3.1.1) listening on "
            + uri()
            + (anonymous
                ? " (INSECURE: anonymous, no topic permissions)"
                : " ("
                    + users.size()
                    + " logins, client id = login, per-login topic permissions)"));
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

  /** {@link #clientSettings()} with a login's credentials and client id = login. */
  public MqttSettings.Builder clientSettings(String login, byte[] password) {
    return clientSettings().setCredentials(login, password).setClientId(login);
  }

  /** {@link #clientSettings(String, byte[])} for the login of {@code patient}'s gateway. */
  public MqttSettings.Builder gatewaySettings(String patient, byte[] password) {
    return clientSettings(MqttLogins.gateway(patient), password);
  }

  /** {@link #clientSettings(String, byte[])} for the login of {@code patient}'s consumer. */
  public MqttSettings.Builder consumerSettings(String patient, byte[] password) {
    return clientSettings(MqttLogins.consumer(patient), password);
  }

  /**
   * A builder with the same directory, session expiry and the port this broker got, so a stopped
   * broker can be started again where its clients expect it.
   */
  public Builder restartBuilder() {
    Builder b =
        builder()
            .setDataDirectory(dataDirectory)
            .setPort(port())
            .setSessionExpiry(sessionExpiry)
            .setMaxMessageBytes(maxMessageBytes);
    b.anonymous = anonymous;
    b.users = users.copy();
    b.salt = salt.clone();
    b.passwordHashes.putAll(passwordHashes);
    return b;
  }

  /** Moquette's view of the logins: who may connect, and with which topics. */
  private final class Logins implements IAuthenticator, IAuthorizatorPolicy {
    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
      byte[] expected = username == null ? null : passwordHashes.get(username);
      if (expected == null) {
        refuse(username, clientId, "no such login");
        return false;
      }
      if (password == null || !MessageDigest.isEqual(expected, hash(salt, password))) {
        refuse(username, clientId, "wrong password");
        return false;
      }
      if (!username.equals(clientId)) {
        refuse(
            username,
            clientId,
            "a login may only connect with its own name as client id,"
                + " so that no login can take over another's session");
        return false;
      }
      return true;
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
      return users.grant(user).map(g -> g.mayWrite(topic.toString())).orElse(false);
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
      return users.grant(user).map(g -> g.mayRead(topic.toString())).orElse(false);
    }

    private void refuse(String username, String clientId, String why) {
      LOG.warn(
          "refused MQTT connection of login "
              + printable(username)
              + " with client id "
              + printable(clientId)
              + ": "
              + why);
    }
  }

  /** Quoted, control characters replaced: these strings come from the network. */
  private static String printable(String s) {
    if (s == null) {
      return "(none)";
    }
    StringBuilder b = new StringBuilder("'");
    s.codePoints().limit(140).forEach(c -> b.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
    return b.append('\'').toString();
  }

  static byte[] hash(byte[] salt, byte[] password) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(salt);
      d.update(password);
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
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
    private boolean anonymous;
    private BrokerUsers users = new BrokerUsers();
    private byte[] salt = newSalt();
    private final Map<String, byte[]> passwordHashes = new LinkedHashMap<>();

    private Builder() {}

    private static byte[] newSalt() {
      byte[] s = new byte[16];
      new SecureRandom().nextBytes(s);
      return s;
    }

    /**
     * A patient's gateway: login {@code gateway-<patient>}, may only publish the patient's chunks.
     */
    public Builder addGatewayUser(String patient, byte[] password) {
      byte[] checked = BrokerUsers.checkPassword(password);
      passwordHashes.put(users.addGateway(patient), hash(salt, checked));
      return this;
    }

    /**
     * A patient's result consumer: login {@code consumer-<patient>}, may only subscribe to the
     * patient's results.
     */
    public Builder addConsumerUser(String patient, byte[] password) {
      byte[] checked = BrokerUsers.checkPassword(password);
      passwordHashes.put(users.addConsumer(patient), hash(salt, checked));
      return this;
    }

    /**
     * A login of the untrusted host: reads all chunks, writes all results. Each MQTT client needs
     * its own, e.g. {@link MqttLogins#INGEST} and {@link MqttLogins#RESULT_PUBLISHER}.
     */
    public Builder addServerUser(String login, byte[] password) {
      byte[] checked = BrokerUsers.checkPassword(password);
      passwordHashes.put(users.addServer(login), hash(salt, checked));
      return this;
    }

    /**
     * INSECURE: accept anonymous clients with any client id and any topic, as before logins
     * existed. Any local process may then read every patient's results and take over any session.
     * For tests that are not about access control; excludes the {@code add…User} methods.
     */
    public Builder insecureAllowAnonymous() {
      this.anonymous = true;
      return this;
    }

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
      if (anonymous && !users.isEmpty()) {
        throw new IllegalArgumentException(
            "insecureAllowAnonymous() and logins exclude each other; drop one of them");
      }
      if (!anonymous && users.isEmpty()) {
        throw new IllegalArgumentException(
            "no logins; add a gateway and a consumer user for each patient and a server user for"
                + " each server client (addGatewayUser, addConsumerUser, addServerUser), or, in a"
                + " test that is not about access control, call insecureAllowAnonymous()");
      }
      if (maxMessageBytes < 1024) {
        throw new IllegalArgumentException(
            "max message size " + maxMessageBytes + " is below 1024 bytes; envelopes need more");
      }
      return new EmbeddedBroker(this);
    }
  }
}
