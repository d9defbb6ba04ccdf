package org.trustbeat.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.trustbeat.protocol.ProtocolLimits;

/**
 * Writes the configuration of the real Eclipse Mosquitto broker (Debian package {@code mosquitto}):
 * one TLS listener on {@code 127.0.0.1}, no anonymous access, hashed passwords, client ids bound to
 * logins, per-login topic permissions and persistence in the work directory. {@code trustbeat init}
 * writes one for an operator to run {@code mosquitto -c} on; tests run it with the test fixtures'
 * launcher.
 *
 * <p>Logins (see {@link MqttLogins}; one per MQTT client) and their permissions (the ACL file):
 *
 * <ul>
 *   <li>{@code gateway-<patient>} ({@link Builder#addGatewayUser}) may only write {@code
 *       trustbeat/v1/<patient>/chunks};
 *   <li>{@code consumer-<patient>} ({@link Builder#addConsumerUser}) may only read {@code
 *       trustbeat/v1/<patient>/results};
 *   <li>a server login ({@link Builder#addServerUser}; the ingest and the result publisher each
 *       need one) may read {@code trustbeat/v1/+/chunks} and write {@code trustbeat/v1/+/results}.
 * </ul>
 *
 * <p>{@code use_username_as_clientid true}: Mosquitto replaces the client id a client sends by its
 * login name, so a client can only ever resume its own login's persistent session. Without it,
 * patient A logged in with its own password could connect with B's consumer's id, take B's session
 * over and make B's queued results disappear (A's permissions drop them). Two clients must
 * therefore never share a login: the second would disconnect the first.
 *
 * <p>In MQTT 3.1.1 a publish the ACL refuses is acknowledged and silently dropped by Mosquitto: a
 * gateway cannot tell, but no subscriber ever sees it.
 *
 * <pre>{@code
 * Path conf = MosquittoConfiguration.builder()
 *     .setWorkDirectory(dir)
 *     .setPort(8883)
 *     .addGatewayUser("p001", gatewayPassword)
 *     .addConsumerUser("p001", consumerPassword)
 *     .addServerUser(MqttLogins.INGEST, ingestPassword)
 *     .build().writeConfiguration();
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * Passwords are written to a file readable only by its owner and hashed in place by {@code
 * mosquitto_passwd -U}; they never appear on a command line. Without a certificate given, a fresh
 * {@link LocalCertificateAuthority} is made in the work directory. The broker still sees only
 * sealed envelopes: TLS protects credentials and metadata in transit, not the samples (those are
 * sealed end to end).
 */
public final class MosquittoConfiguration {
  private static final String HOST = "127.0.0.1";

  private final Path workDirectory;
  private final int requestedPort;
  private final BrokerUsers users;
  private final Map<String, byte[]> passwords;
  private final Duration sessionExpiry;
  private final Path mosquitto;
  private final Path mosquittoPasswd;
  private Path caCertificate;
  private Path serverCertificate;
  private Path serverKey;

  private MosquittoConfiguration(Builder b, Path mosquitto, Path mosquittoPasswd) {
    workDirectory = b.workDirectory.toAbsolutePath();
    requestedPort = b.port;
    users = b.users.copy();
    passwords = new LinkedHashMap<>(b.passwords);
    sessionExpiry = b.sessionExpiry;
    caCertificate = b.caCertificate;
    serverCertificate = b.serverCertificate;
    serverKey = b.serverKey;
    this.mosquitto = mosquitto;
    this.mosquittoPasswd = mosquittoPasswd;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The {@code mosquitto} binary on the PATH or in {@code /usr/sbin}, if installed. */
  public static Optional<Path> findMosquitto() {
    return findExecutable("mosquitto", Path.of("/usr/sbin/mosquitto"));
  }

  /** The {@code mosquitto_passwd} tool on the PATH or in {@code /usr/bin}, if installed. */
  public static Optional<Path> findMosquittoPasswd() {
    return findExecutable("mosquitto_passwd", Path.of("/usr/bin/mosquitto_passwd"));
  }

  private static Optional<Path> findExecutable(String name, Path fallback) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty()) {
          Path p = Path.of(dir, name);
          if (Files.isExecutable(p)) {
            return Optional.of(p);
          }
        }
      }
    }
    return Files.isExecutable(fallback) ? Optional.of(fallback) : Optional.empty();
  }

  /** The {@code mosquitto} binary to run this configuration with. */
  public Path mosquitto() {
    return mosquitto;
  }

  /** Holds the config, password and ACL files, the TLS material, the log and the persistence. */
  public Path workDirectory() {
    return workDirectory;
  }

  /**
   * Writes the configuration, the hashed password file, the ACL and (unless given) TLS material for
   * the fixed port of {@link Builder#setPort} without starting anything, for an operator to run
   * {@code mosquitto -c} on the returned file.
   */
  public synchronized Path writeConfiguration() throws IOException, GeneralSecurityException {
    if (requestedPort == 0) {
      throw new IllegalStateException(
          "a configuration for an operator needs a fixed port; call"
              + " setPort with the port clients will use");
    }
    return write(requestedPort);
  }

  /** As {@link #writeConfiguration()}, for a listener on {@code port}; files are rewritten. */
  public synchronized Path write(int port) throws IOException, GeneralSecurityException {
    Files.createDirectories(workDirectory);
    Files.createDirectories(workDirectory.resolve("persistence"));
    if (caCertificate == null) {
      LocalCertificateAuthority ca =
          LocalCertificateAuthority.generate(workDirectory.resolve("tls"));
      caCertificate = ca.caCertificate();
      serverCertificate = ca.serverCertificate();
      serverKey = ca.serverKey();
    }
    writePasswords();
    writeAcl();
    Path conf = workDirectory.resolve("mosquitto.conf");
    Files.writeString(conf, config(port), StandardCharsets.UTF_8);
    return conf;
  }

  private String config(int p) {
    Path d = workDirectory;
    StringBuilder c = new StringBuilder();
    c.append("# Generated by TrustBeat MosquittoConfiguration; edits are overwritten.\n");
    c.append("per_listener_settings false\n");
    c.append("allow_anonymous false\n");
    c.append("password_file ").append(d.resolve("passwd")).append('\n');
    c.append("acl_file ").append(d.resolve("acl")).append('\n');
    c.append("persistence true\n");
    c.append("persistence_location ").append(d.resolve("persistence")).append("/\n");
    long hours = Math.max(1, (sessionExpiry.toSeconds() + 3599) / 3600);
    c.append("persistent_client_expiration ").append(hours).append("h\n");
    c.append("max_packet_size ")
        .append(ProtocolLimits.DEFAULT_MAX_ENVELOPE_BYTES + 1024)
        .append('\n');
    c.append("max_queued_messages 100000\n");
    c.append("log_dest stderr\n");
    c.append("log_type error\nlog_type warning\nlog_type notice\n");
    // Stay the user that started us: as root Mosquitto would switch to 'mosquitto', which cannot
    // read a private work directory.
    c.append("user ").append(System.getProperty("user.name")).append('\n');
    c.append("listener ").append(p).append(' ').append(HOST).append('\n');
    // The client id is the login name: no login can take over another login's session.
    c.append("use_username_as_clientid true\n");
    c.append("cafile ").append(caCertificate.toAbsolutePath()).append('\n');
    c.append("certfile ").append(serverCertificate.toAbsolutePath()).append('\n');
    c.append("keyfile ").append(serverKey.toAbsolutePath()).append('\n');
    c.append("tls_version tlsv1.2\n");
    c.append("require_certificate false\n");
    return c.toString();
  }

  private void writePasswords() throws IOException {
    Path file = workDirectory.resolve("passwd");
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    StringBuilder plain = new StringBuilder();
    for (Map.Entry<String, byte[]> u : passwords.entrySet()) {
      plain.append(u.getKey()).append(':').append(new String(u.getValue(), StandardCharsets.UTF_8));
      plain.append('\n');
    }
    Files.writeString(file, plain, StandardCharsets.UTF_8);
    plain.setLength(0);
    Process p =
        new ProcessBuilder(mosquittoPasswd.toString(), "-U", file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code;
    try {
      code = p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      Files.delete(file);
      throw new IOException("interrupted while hashing the Mosquitto password file", e);
    }
    if (code != 0) {
      Files.delete(file);
      throw new IOException("mosquitto_passwd -U failed (exit " + code + "): " + out.strip());
    }
  }

  private void writeAcl() throws IOException {
    Files.writeString(workDirectory.resolve("acl"), users.mosquittoAcl(), StandardCharsets.UTF_8);
  }

  /** The PEM file clients must trust. */
  public synchronized Path caCertificate() {
    if (caCertificate == null) {
      throw new IllegalStateException("no certificate yet; call write first");
    }
    return caCertificate;
  }

  /**
   * Client settings for a login of this broker listening on {@code port}: address, CA, credentials,
   * client id = login (the broker would replace any other), session expiry.
   */
  public MqttSettings.Builder clientSettings(int port, String login, byte[] password) {
    return MqttSettings.builder()
        .setServer(HOST, port)
        .setCaCertificatePem(caCertificate())
        .setCredentials(login, password)
        .setClientId(login)
        .setSessionExpiry(sessionExpiry);
  }

  /** {@link #clientSettings} for the login of {@code patient}'s gateway. */
  public MqttSettings.Builder gatewaySettings(int port, String patient, byte[] password) {
    return clientSettings(port, MqttLogins.gateway(patient), password);
  }

  /** {@link #clientSettings} for the login of {@code patient}'s result consumer. */
  public MqttSettings.Builder consumerSettings(int port, String patient, byte[] password) {
    return clientSettings(port, MqttLogins.consumer(patient), password);
  }

  @Override
  public String toString() {
    return "MosquittoConfiguration{port=" + requestedPort + ", logins=" + users.size() + "}";
  }

  /** Validating builder; a work directory and at least one user are required. */
  public static final class Builder {
    private Path workDirectory;
    private int port;
    private final BrokerUsers users = new BrokerUsers();
    private final Map<String, byte[]> passwords = new LinkedHashMap<>();
    private Duration sessionExpiry = Duration.ofDays(1);
    private Path caCertificate;
    private Path serverCertificate;
    private Path serverKey;
    private Path mosquitto;
    private Path mosquittoPasswd;

    private Builder() {}

    /** Holds the config, password and ACL files, the log and the persistence. Required. */
    public Builder setWorkDirectory(Path workDirectory) {
      this.workDirectory = workDirectory;
      return this;
    }

    /**
     * The port {@link #writeConfiguration()} writes; 0 (default) if only {@link #write} is used.
     */
    public Builder setPort(int port) {
      this.port = port;
      return this;
    }

    /**
     * A patient's gateway: login {@code gateway-<patient>}, may only write the patient's chunk
     * topic.
     */
    public Builder addGatewayUser(String patient, byte[] password) {
      byte[] checked = BrokerUsers.checkPassword(password);
      passwords.put(users.addGateway(patient), checked);
      return this;
    }

    /**
     * A patient's result consumer: login {@code consumer-<patient>}, may only read the patient's
     * result topic.
     */
    public Builder addConsumerUser(String patient, byte[] password) {
      byte[] checked = BrokerUsers.checkPassword(password);
      passwords.put(users.addConsumer(patient), checked);
      return this;
    }

    /**
     * A login of the untrusted host (reads all chunks, writes all results). Each of its MQTT
     * clients needs its own: e.g. {@link MqttLogins#INGEST} and {@link
     * MqttLogins#RESULT_PUBLISHER}.
     */
    public Builder addServerUser(String login, byte[] password) {
      byte[] checked = BrokerUsers.checkPassword(password);
      passwords.put(users.addServer(login), checked);
      return this;
    }

    public Builder setSessionExpiry(Duration sessionExpiry) {
      this.sessionExpiry = sessionExpiry;
      return this;
    }

    /** Use an existing CA and server certificate instead of generating them. PEM files. */
    public Builder setTls(Path caCertificate, Path serverCertificate, Path serverKey) {
      this.caCertificate = caCertificate;
      this.serverCertificate = serverCertificate;
      this.serverKey = serverKey;
      return this;
    }

    /** Explicit binaries instead of those found on the PATH. */
    public Builder setExecutables(Path mosquitto, Path mosquittoPasswd) {
      this.mosquitto = mosquitto;
      this.mosquittoPasswd = mosquittoPasswd;
      return this;
    }

    /**
     * @throws IllegalStateException if Mosquitto is not installed, naming how to install it
     */
    public MosquittoConfiguration build() {
      if (workDirectory == null) {
        throw new IllegalArgumentException("work directory is missing; call setWorkDirectory");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is not in 0..65535; use 0 for any");
      }
      if (users.isEmpty()) {
        throw new IllegalArgumentException(
            "no users; add gateway and consumer users (for each patient) and server users");
      }
      if (sessionExpiry == null || sessionExpiry.isNegative() || sessionExpiry.isZero()) {
        throw new IllegalArgumentException("session expiry must be positive");
      }
      boolean anyTls = caCertificate != null || serverCertificate != null || serverKey != null;
      boolean allTls = caCertificate != null && serverCertificate != null && serverKey != null;
      if (anyTls && !allTls) {
        throw new IllegalArgumentException(
            "setTls needs the CA certificate, the server certificate and the server key");
      }
      Path m = mosquitto != null ? mosquitto : findMosquitto().orElse(null);
      Path mp = mosquittoPasswd != null ? mosquittoPasswd : findMosquittoPasswd().orElse(null);
      if (m == null || mp == null) {
        throw new IllegalStateException(
            "Eclipse Mosquitto is not installed (need mosquitto and mosquitto_passwd); install the"
                + " Debian package with 'apt-get install mosquitto', or run ./run-tests which"
                + " installs it");
      }
      return new MosquittoConfiguration(this, m, mp);
    }
  }
}
