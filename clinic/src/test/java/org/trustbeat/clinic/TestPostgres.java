package org.trustbeat.clinic;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests, from Debian's {@code postgresql} package: a fresh cluster
 * (initdb) in a temporary directory, started with pg_ctl on 127.0.0.1 and a free port, with
 * password (SCRAM) authentication. PostgreSQL refuses to run as root, so under root it runs as the
 * package's {@code postgres} user (via runuser). One server per test JVM, stopped at exit; each
 * {@link #newDatabase()} is a fresh database. If it cannot start, the tests fail with the reason;
 * nothing is skipped.
 */
final class TestPostgres {
  private static final String USER = "trustbeat";
  private static final String PASSWORD = "clinic-test-password";
  private static TestPostgres server;

  private final Path dir;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();

  private TestPostgres(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  static synchronized TestPostgres get() {
    if (server == null) {
      try {
        server = start();
      } catch (Exception e) {
        throw new IllegalStateException(
            "cannot start the test PostgreSQL server: "
                + e.getMessage()
                + "; install Debian's postgresql package (./run-tests does)",
            e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    }
    return server;
  }

  private static TestPostgres start() throws Exception {
    Path bin = binDir();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "trustbeat-pg-");
    Path data = dir.resolve("data");
    Path pwfile = dir.resolve("pw");
    Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
    if (root) {
      run(List.of("chown", "-R", "postgres", dir.toString()), false);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-U",
            USER,
            "--pwfile=" + pwfile,
            "-A",
            "scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C"),
        root);
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            dir.resolve("server.log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-h 127.0.0.1 -p " + port + " -k " + dir,
            "start"),
        root);
    return new TestPostgres(dir, port);
  }

  /** The newest PostgreSQL of /usr/lib/postgresql/VERSION/bin. */
  private static Path binDir() throws IOException {
    Path base = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(base)) {
      throw new IOException("/usr/lib/postgresql does not exist");
    }
    try (Stream<Path> versions = Files.list(base)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(
              Comparator.comparingInt(
                  b ->
                      Integer.parseInt(
                          b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElseThrow(() -> new IOException("no initdb under /usr/lib/postgresql/*/bin"));
    }
  }

  private static void run(List<String> command, boolean asPostgres) throws Exception {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(command);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out.strip());
    }
  }

  /** A fresh, empty database on the server. */
  StoreLocation newDatabase() throws Exception {
    String name = "clinic_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return StoreLocation.of(url(name), USER, PASSWORD);
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private void stop() {
    try {
      boolean root = "root".equals(System.getProperty("user.name"));
      Path bin = binDir();
      run(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              dir.resolve("data").toString(),
              "-m",
              "immediate",
              "stop"),
          root);
    } catch (Exception e) {
      System.err.println("test PostgreSQL did not stop cleanly: " + e.getMessage());
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory; nothing to do
    }
  }
}
