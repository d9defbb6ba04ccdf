package org.trustbeat.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustbeat.protocol.ProtocolLimits;

/**
 * Runs the real Eclipse Mosquitto broker (Debian package {@code mosquitto}) as a child process
 * with a generated configuration: one TLS listener on {@code 127.0.0.1}, no anonymous access,
 * hashed passwords, client ids bound to logins, per-login topic permissions and persistence in the
 * work directory.
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
 * try (MosquittoBroker broker = MosquittoBroker.builder()
 *         .setWorkDirectory(dir)
 *         .addGatewayUser("p001", gatewayPassword)
 *         .addConsumerUser("p001", consumerPassword)
 *         .addServerUser(MqttLogins.INGEST, ingestPassword)
 *         .build().start()) {
 *   MqttSettings gw = broker.gatewaySettings("p001", gatewayPassword).build();
 * }
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 * Passwords are written to a file readable only by its owner and hashed in place by {@code
 * mosquitto_passwd -U}; they never appear on a command line. Without a certificate given, a fresh
 * {@link LocalCertificateAuthority} is made in the work directory. The broker still sees only
 * sealed envelopes: TLS protects credentials and metadata in transit, not the samples (those are
 * sealed end to end).
 */
public final class MosquittoBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MosquittoBroker.class);
  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

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
  private Process process;
  private int port = -1;

  private MosquittoBroker(Builder b, Path mosquitto, Path mosquittoPasswd) {
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

  /**
   * Writes the configuration and starts Mosquitto; returns once it accepts connections.
   *
   * @throws IOException if Mosquitto exits or does not listen in time; the message carries the
   *     end of its log
   */
  public synchronized MosquittoBroker start() throws IOException, GeneralSecurityException {
    if (process != null) {
      throw new IllegalStateException("Mosquitto already running on port " + port);
    }
    prepareFiles();
    IOException last = null;
    // A port picked free can be taken before Mosquitto binds it; try again with another.
    for (int attempt = 0; attempt < (requestedPort == 0 ? 3 : 1); attempt++) {
      // A restarted broker keeps its port so that reconnecting clients find it again.
      int p = requestedPort != 0 ? requestedPort : (attempt == 0 && port > 0 ? port : freePort());
      try {
        launch(p);
        return this;
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * Writes the configuration, the hashed password file, the ACL and (unless given) TLS material
   * for the fixed port of {@link Builder#setPort} without starting anything, for an operator to
   * run {@code mosquitto -c} on the returned file. A later {@link #start()} rewrites them.
   */
  public synchronized Path writeConfiguration() throws IOException, GeneralSecurityException {
    if (requestedPort == 0) {
      throw new IllegalStateException("a configuration for an operator needs a fixed port; call"
          + " setPort with the port clients will use");
    }
    prepareFiles();
    return writeConfigFile(requestedPort);
  }

  private void prepareFiles() throws IOException, GeneralSecurityException {
    Files.createDirectories(workDirectory);
    Files.createDirectories(workDirectory.resolve("persistence"));
    if (caCertificate == null) {
      LocalCertificateAuthority ca = LocalCertificateAuthority.generate(workDirectory.resolve("tls"));
      caCertificate = ca.caCertificate();
      serverCertificate = ca.serverCertificate();
      serverKey = ca.serverKey();
    }
    writePasswords();
    writeAcl();
  }

  private Path writeConfigFile(int p) throws IOException {
    Path conf = workDirectory.resolve("mosquitto.conf");
    Files.writeString(conf, config(p), StandardCharsets.UTF_8);
    return conf;
  }

  private void launch(int p) throws IOException {
    Path conf = writeConfigFile(p);
    Path log = workDirectory.resolve("mosquitto.log");
    Files.deleteIfExists(log);
    Process proc =
        new ProcessBuilder(mosquitto.toString(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!proc.isAlive()) {
        throw new IOException(
            "mosquitto exited with code " + proc.exitValue() + " at start; its log says: "
                + tail(log));
      }
      if (listening(p)) {
        process = proc;
        port = p;
        LOG.info("Mosquitto listening on " + uri()
            + " (TLS, one login per client, client id = login, per-login ACL)");
        return;
      }
      sleep(50);
    }
    stopProcess(proc);
    throw new IOException(
        "mosquitto did not listen on " + HOST + ":" + p + " within " + STARTUP_TIMEOUT
            + "; its log says: " + tail(log));
  }

  private String config(int p) {
    Path d = workDirectory;
    StringBuilder c = new StringBuilder();
    c.append("# Generated by TrustBeat MosquittoBroker; edits are overwritten at start.\n");
    c.append("per_listener_settings false\n");
    c.append("allow_anonymous false\n");
    c.append("password_file ").append(d.resolve("passwd")).append('\n');
    c.append("acl_file ").append(d.resolve("acl")).append('\n');
    c.append("persistence true\n");
    c.append("persistence_location ").append(d.resolve("persistence")).append("/\n");
    long hours = Math.max(1, (sessionExpiry.toSeconds() + 3599) / 3600);
    c.append("persistent_client_expiration ").append(hours).append("h\n");
    c.append("max_packet_size ").append(ProtocolLimits.DEFAULT_MAX_ENVELOPE_BYTES + 1024).append('\n');
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

  /** Stops Mosquitto (it saves its persistence on the way out). */
  public synchronized void stop() {
    if (process != null) {
      stopProcess(process);
      process = null;
      LOG.info("Mosquitto on port " + port + " stopped");
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static void stopProcess(Process proc) {
    proc.destroy();
    try {
      if (!proc.waitFor(10, TimeUnit.SECONDS)) {
        proc.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      proc.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  public synchronized int port() {
    if (port < 0) {
      throw new IllegalStateException("Mosquitto not started yet; call start() first");
    }
    return port;
  }

  /** {@code ssl://127.0.0.1:<port>}. */
  public String uri() {
    return "ssl://" + HOST + ":" + port();
  }

  /** The PEM file clients must trust. */
  public synchronized Path caCertificate() {
    if (caCertificate == null) {
      throw new IllegalStateException("no certificate yet; call start() first");
    }
    return caCertificate;
  }

  /**
   * Client settings for a login of this broker: address, CA, credentials, client id = login (the
   * broker would replace any other), session expiry.
   */
  public MqttSettings.Builder clientSettings(String login, byte[] password) {
    return MqttSettings.builder()
        .setServer(HOST, port())
        .setCaCertificatePem(caCertificate())
        .setCredentials(login, password)
        .setClientId(login)
        .setSessionExpiry(sessionExpiry);
  }

  /** {@link #clientSettings} for the login of {@code patient}'s gateway. */
  public MqttSettings.Builder gatewaySettings(String patient, byte[] password) {
    return clientSettings(MqttLogins.gateway(patient), password);
  }

  /** {@link #clientSettings} for the login of {@code patient}'s result consumer. */
  public MqttSettings.Builder consumerSettings(String patient, byte[] password) {
    return clientSettings(MqttLogins.consumer(patient), password);
  }

  private static boolean listening(int p) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, p), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(HOST, 0));
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for Mosquitto", e);
    }
  }

  @Override
  public String toString() {
    return "MosquittoBroker{port="
        + port
        + ", logins="
        + users.size()
        + ", running="
        + isRunning()
        + "}";
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

    /** 0 (default) for a free port. */
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
    public MosquittoBroker build() {
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
      return new MosquittoBroker(this, m, mp);
    }
  }
}
