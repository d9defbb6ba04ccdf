package org.trustbeat.mqtt;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how to reach an MQTT broker: server address, TLS trust, credentials, client id, session
 * lifetime and reconnect pacing. Immutable; build with {@link #builder()}.
 *
 * <p>TrustBeat speaks MQTT 3.1.1 to every broker, because the embedded default (Moquette 0.17) has
 * no MQTT 5. Sessions are persistent ({@code cleanSession=false}) so QoS 1 messages wait in the
 * broker while a client is away. MQTT 3.1.1 has no session-expiry field: {@link #sessionExpiry()}
 * is what the brokers TrustBeat starts are told to keep an idle session for ({@code
 * persistent_client_expiration} in Moquette and Mosquitto), and a third-party broker must be
 * configured to match.
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #toString()} names the server, the user and whether TLS is on, never the password. The
 * password array is copied in and out so the caller can wipe its own copy. Without TLS the password
 * and the (already sealed) envelopes cross the network in clear framing: use TLS for anything but
 * the loopback.
 */
public final class MqttSettings {
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final String host;
  private final int port;
  private final Path caCertificatePem;
  private final Path trustStore;
  private final char[] trustStorePassword;
  private final String username;
  private final byte[] password;
  private final String clientId;
  private final Duration sessionExpiry;
  private final Duration keepAlive;
  private final boolean automaticReconnect;
  private final Duration reconnectInitialDelay;
  private final Duration reconnectMaxDelay;

  private MqttSettings(Builder b) {
    host = b.host;
    port = b.port;
    caCertificatePem = b.caCertificatePem;
    trustStore = b.trustStore;
    trustStorePassword = b.trustStorePassword == null ? null : b.trustStorePassword.clone();
    username = b.username;
    password = b.password == null ? null : b.password.clone();
    clientId = b.clientId;
    sessionExpiry = b.sessionExpiry;
    keepAlive = b.keepAlive;
    automaticReconnect = b.automaticReconnect;
    reconnectInitialDelay = b.reconnectInitialDelay;
    reconnectMaxDelay = b.reconnectMaxDelay;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every value of this one, to derive e.g. settings for another user. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.host = host;
    b.port = port;
    b.caCertificatePem = caCertificatePem;
    b.trustStore = trustStore;
    b.trustStorePassword = trustStorePassword == null ? null : trustStorePassword.clone();
    b.username = username;
    b.password = password == null ? null : password.clone();
    b.clientId = clientId;
    b.sessionExpiry = sessionExpiry;
    b.keepAlive = keepAlive;
    b.automaticReconnect = automaticReconnect;
    b.reconnectInitialDelay = reconnectInitialDelay;
    b.reconnectMaxDelay = reconnectMaxDelay;
    return b;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public boolean tls() {
    return caCertificatePem != null || trustStore != null;
  }

  /** The PEM file of the CA certificate(s) the broker's certificate must chain to, if set. */
  public Optional<Path> caCertificatePem() {
    return Optional.ofNullable(caCertificatePem);
  }

  /** A PKCS#12 or JKS trust store of CA certificates, if set instead of a PEM file. */
  public Optional<Path> trustStore() {
    return Optional.ofNullable(trustStore);
  }

  /** A copy of the trust store password; empty when no trust store is set. */
  public char[] trustStorePassword() {
    return trustStorePassword == null ? new char[0] : trustStorePassword.clone();
  }

  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** A copy of the password bytes (UTF-8), if set. */
  public Optional<byte[]> password() {
    return Optional.ofNullable(password).map(byte[]::clone);
  }

  /** The default client id for {@link MqttEndpoint#newClient()}, if set. */
  public Optional<String> clientId() {
    return Optional.ofNullable(clientId);
  }

  public Duration sessionExpiry() {
    return sessionExpiry;
  }

  public Duration keepAlive() {
    return keepAlive;
  }

  public boolean automaticReconnect() {
    return automaticReconnect;
  }

  public Duration reconnectInitialDelay() {
    return reconnectInitialDelay;
  }

  public Duration reconnectMaxDelay() {
    return reconnectMaxDelay;
  }

  /** {@code ssl://host:port} with TLS, else {@code tcp://host:port}. */
  public String uri() {
    return (tls() ? "ssl://" : "tcp://") + hostForUri(host) + ":" + port;
  }

  static String hostForUri(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  static boolean isValidClientId(String id) {
    return id != null && CLIENT_ID.matcher(id).matches();
  }

  static String clientIdRule() {
    return "use 1..128 characters from [A-Za-z0-9._-]";
  }

  @Override
  public String toString() {
    return "MqttSettings{server="
        + uri()
        + ", user="
        + (username == null ? "(anonymous)" : username)
        + ", password="
        + (password == null ? "unset" : "set")
        + ", clientId="
        + clientId
        + ", sessionExpiry="
        + sessionExpiry
        + ", automaticReconnect="
        + automaticReconnect
        + "}";
  }

  /** Validating builder; only the server address is required. */
  public static final class Builder {
    private String host;
    private int port = -1;
    private Path caCertificatePem;
    private Path trustStore;
    private char[] trustStorePassword;
    private String username;
    private byte[] password;
    private String clientId;
    private Duration sessionExpiry = Duration.ofDays(1);
    private Duration keepAlive = Duration.ofSeconds(30);
    private boolean automaticReconnect = true;
    private Duration reconnectInitialDelay = Duration.ofMillis(200);
    private Duration reconnectMaxDelay = Duration.ofSeconds(10);

    private Builder() {}

    public Builder setServer(String host, int port) {
      this.host = host;
      this.port = port;
      return this;
    }

    /**
     * Sets host and port from {@code tcp://host:port} or {@code mqtt://host:port} (plain) or {@code
     * ssl://host:port} / {@code mqtts://host:port} (TLS; the trust must still be set with {@link
     * #setCaCertificatePem} or {@link #setTrustStore}).
     */
    public Builder setServerUri(String uri) {
      URI u;
      try {
        u = URI.create(uri);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "broker URI '" + uri + "' is not a URI; write it as tcp://host:port or ssl://host:port",
            e);
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.matches("tcp|mqtt|ssl|mqtts") || u.getHost() == null || u.getPort() < 0) {
        throw new IllegalArgumentException(
            "broker URI '" + uri + "' must be tcp://host:port or ssl://host:port with a port");
      }
      String h = u.getHost();
      if (h.startsWith("[") && h.endsWith("]")) {
        h = h.substring(1, h.length() - 1);
      }
      return setServer(h, u.getPort());
    }

    /** Turns TLS on, trusting the CA certificate(s) in a PEM file. */
    public Builder setCaCertificatePem(Path pemFile) {
      this.caCertificatePem = pemFile;
      return this;
    }

    /** Turns TLS on, trusting the CA certificates of a PKCS#12 or JKS trust store. */
    public Builder setTrustStore(Path trustStore, char[] password) {
      this.trustStore = trustStore;
      this.trustStorePassword = password == null ? null : password.clone();
      return this;
    }

    /** Username and password (UTF-8) for brokers that require them; both or neither. */
    public Builder setCredentials(String username, byte[] password) {
      this.username = username;
      this.password = password == null ? null : password.clone();
      return this;
    }

    /** Default client id; a persistent session is found again by this id. */
    public Builder setClientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    public Builder setSessionExpiry(Duration sessionExpiry) {
      this.sessionExpiry = sessionExpiry;
      return this;
    }

    public Builder setKeepAlive(Duration keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    /** Whether clients reconnect by themselves after losing the broker (default true). */
    public Builder setAutomaticReconnect(boolean automaticReconnect) {
      this.automaticReconnect = automaticReconnect;
      return this;
    }

    /** Exponential back-off between reconnect attempts, from {@code initial} up to {@code max}. */
    public Builder setReconnectDelays(Duration initial, Duration max) {
      this.reconnectInitialDelay = initial;
      this.reconnectMaxDelay = max;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid value and how to fix it
     */
    public MqttSettings build() {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException(
            "broker host is missing; call setServer(host, port) or setServerUri(uri)");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "broker port " + port + " is not in 1..65535; pass the port the broker listens on");
      }
      if (caCertificatePem != null && trustStore != null) {
        throw new IllegalArgumentException(
            "both a CA PEM file and a trust store are set; pick one source of trusted CAs");
      }
      checkReadable(caCertificatePem, "CA certificate PEM file");
      checkReadable(trustStore, "trust store");
      if ((username == null) != (password == null)) {
        throw new IllegalArgumentException(
            "username and password must be set together; pass both to setCredentials");
      }
      if (username != null && (username.isEmpty() || username.length() > 256)) {
        throw new IllegalArgumentException("username must have 1..256 characters");
      }
      if (clientId != null && !isValidClientId(clientId)) {
        throw new IllegalArgumentException(
            "client id '" + clientId + "' is not allowed; " + clientIdRule());
      }
      positive(sessionExpiry, "session expiry", "a persistent session needs a lifetime > 0");
      positive(keepAlive, "keep-alive", "use e.g. 30 s");
      if (keepAlive.toSeconds() > 65535 || keepAlive.toSeconds() < 1) {
        throw new IllegalArgumentException("keep-alive must be 1..65535 seconds, was " + keepAlive);
      }
      positive(reconnectInitialDelay, "reconnect initial delay", "use e.g. 200 ms");
      positive(reconnectMaxDelay, "reconnect max delay", "use e.g. 10 s");
      if (reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
        throw new IllegalArgumentException(
            "reconnect max delay is below the initial delay; make max >= initial");
      }
      return new MqttSettings(this);
    }

    private static void checkReadable(Path file, String what) {
      if (file != null && !Files.isReadable(file)) {
        throw new IllegalArgumentException(
            what + " " + file + " does not exist or is not readable; check the path");
      }
    }

    private static void positive(Duration d, String what, String fix) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d + "; " + fix);
      }
    }
  }
}
