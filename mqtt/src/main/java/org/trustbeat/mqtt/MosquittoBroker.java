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
import java.util.logging.Logger;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.protocol.Pseudonym;

/**
 * Runs the real Eclipse Mosquitto broker (Debian package {@code mosquitto}) as a child process
 * with a generated configuration: one TLS listener on {@code 127.0.0.1}, no anonymous access,
 * hashed passwords, per-patient topic permissions and persistence in the work directory.
 *
 * <p>Users and their permissions (the ACL file):
 *
 * <ul>
 *   <li>a <em>gateway user</em> is named by the patient's pseudonym and may only write {@code
 *       trustbeat/v1/<its pseudonym>/chunks} and read {@code trustbeat/v1/<its
 *       pseudonym>/results} (Mosquitto {@code pattern} lines with {@code %u});
 *   <li>a <em>server user</em> may read {@code trustbeat/v1/+/chunks} and write {@code
 *       trustbeat/v1/+/results}.
 * </ul>
 *
 * <p>In MQTT 3.1.1 a publish the ACL refuses is acknowledged and silently dropped by Mosquitto: a
 * gateway cannot tell, but no subscriber ever sees it.
 *
 * <pre>{@code
 * try (MosquittoBroker broker = MosquittoBroker.builder()
 *         .setWorkDirectory(dir)
 *         .addGatewayUser("p001", gatewayPassword)
 *         .addServerUser("trustbeat-server", serverPassword)
 *         .build().start()) {
 *   MqttSettings gw = broker.clientSettings("p001", gatewayPassword).build();
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
  private static final Logger LOG = Logger.getLogger(MosquittoBroker.class.getName());
  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

  private final Path workDirectory;
  private final int requestedPort;
  private final Map<String, byte[]> gatewayUsers;
  private final Map<String, byte[]> serverUsers;
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
    gatewayUsers = new LinkedHashMap<>(b.gatewayUsers);
    serverUsers = new LinkedHashMap<>(b.serverUsers);
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

  private void launch(int p) throws IOException {
    Path conf = workDirectory.resolve("mosquitto.conf");
    Files.writeString(conf, config(p), StandardCharsets.UTF_8);
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
        LOG.info("Mosquitto listening on " + uri() + " (TLS, password + per-patient ACL)");
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
    Map<String, byte[]> all = new LinkedHashMap<>(gatewayUsers);
    all.putAll(serverUsers);
    for (Map.Entry<String, byte[]> u : all.entrySet()) {
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
    StringBuilder acl = new StringBuilder();
    acl.append("# Generated by TrustBeat MosquittoBroker.\n");
    acl.append("# Every user is confined to the topics of the patient it is named after.\n");
    acl.append("pattern write ").append(Topics.PREFIX).append("%u/chunks\n");
    acl.append("pattern read ").append(Topics.PREFIX).append("%u/results\n");
    for (String server : serverUsers.keySet()) {
      acl.append("\nuser ").append(server).append('\n');
      acl.append("topic read ").append(Topics.ALL_CHUNKS).append('\n');
      acl.append("topic write ").append(Topics.ALL_RESULTS).append('\n');
    }
    Files.writeString(workDirectory.resolve("acl"), acl, StandardCharsets.UTF_8);
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

  /** Client settings for a user of this broker: address, CA, credentials, session expiry. */
  public MqttSettings.Builder clientSettings(String username, byte[] password) {
    return MqttSettings.builder()
        .setServer(HOST, port())
        .setCaCertificatePem(caCertificate())
        .setCredentials(username, password)
        .setSessionExpiry(sessionExpiry);
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
        + ", gatewayUsers="
        + gatewayUsers.size()
        + ", serverUsers="
        + serverUsers.size()
        + ", running="
        + isRunning()
        + "}";
  }

  /** Validating builder; a work directory and at least one user are required. */
  public static final class Builder {
    private Path workDirectory;
    private int port;
    private final Map<String, byte[]> gatewayUsers = new LinkedHashMap<>();
    private final Map<String, byte[]> serverUsers = new LinkedHashMap<>();
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

    /** A patient's gateway: user name = pseudonym, confined to that patient's topics. */
    public Builder addGatewayUser(String patient, byte[] password) {
      gatewayUsers.put(Pseudonym.check(patient), checkPassword(password));
      return this;
    }

    /** The untrusted host's ingest and result publisher: reads all chunks, writes all results. */
    public Builder addServerUser(String username, byte[] password) {
      if (username == null || !username.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException(
            "server user name '" + username + "' must be 1..64 characters of [A-Za-z0-9._-]");
      }
      serverUsers.put(username, checkPassword(password));
      return this;
    }

    private static byte[] checkPassword(byte[] password) {
      if (password == null || password.length == 0) {
        throw new IllegalArgumentException("a password is required; generate a random one");
      }
      String s = new String(password, StandardCharsets.UTF_8);
      if (s.contains("\n") || s.contains("\r") || s.contains(":")) {
        throw new IllegalArgumentException(
            "passwords for Mosquitto cannot contain ':' or line breaks; generate another");
      }
      return password.clone();
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
      if (gatewayUsers.isEmpty() && serverUsers.isEmpty()) {
        throw new IllegalArgumentException(
            "no users; add gateway users (one per patient) and a server user");
      }
      for (String s : serverUsers.keySet()) {
        if (gatewayUsers.containsKey(s)) {
          throw new IllegalArgumentException(
              "'" + s + "' is both a gateway and a server user; give the server its own name");
        }
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
