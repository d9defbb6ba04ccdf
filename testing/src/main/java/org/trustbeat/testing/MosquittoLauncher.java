package org.trustbeat.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Eclipse Mosquitto as a child process for a test, on a free port of {@code 127.0.0.1}, with
 * the configuration the mqtt module's {@code MosquittoConfiguration} writes (passed in as a {@link
 * ConfigurationWriter}: this module depends on the JDK only). Its log goes to {@code mosquitto.log}
 * in the work directory; a failed start names the end of it.
 *
 * <pre>{@code
 * MosquittoConfiguration conf = MosquittoConfiguration.builder()...build();
 * try (MosquittoLauncher broker =
 *     MosquittoLauncher.start(conf.mosquitto(), conf.workDirectory(), conf::write)) {
 *   MqttSettings gw = conf.gatewaySettings(broker.port(), "p001", password).build();
 * }
 * }</pre>
 */
public final class MosquittoLauncher implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);

  /** Writes the broker's files for a listener on {@code port}; returns the configuration file. */
  @FunctionalInterface
  public interface ConfigurationWriter {
    Path write(int port) throws IOException, GeneralSecurityException;
  }

  private final Path mosquitto;
  private final Path workDirectory;
  private final ConfigurationWriter writer;
  private Process process;
  private int port = -1;

  private MosquittoLauncher(Path mosquitto, Path workDirectory, ConfigurationWriter writer) {
    this.mosquitto = mosquitto;
    this.workDirectory = workDirectory;
    this.writer = writer;
  }

  /** Writes the configuration and starts Mosquitto; returns once it accepts connections. */
  public static MosquittoLauncher start(
      Path mosquitto, Path workDirectory, ConfigurationWriter writer)
      throws IOException, GeneralSecurityException {
    return new MosquittoLauncher(mosquitto, workDirectory, writer).start();
  }

  /**
   * Starts (again, after {@link #stop}) on the port of the last run, so that reconnecting clients
   * find the broker again.
   *
   * @throws IOException if Mosquitto exits or does not listen in time; the message carries the end
   *     of its log
   */
  public synchronized MosquittoLauncher start() throws IOException, GeneralSecurityException {
    if (process != null) {
      throw new IllegalStateException("Mosquitto already running on port " + port);
    }
    IOException last = null;
    // A port picked free can be taken before Mosquitto binds it; try again with another.
    for (int attempt = 0; attempt < 3; attempt++) {
      int p = attempt == 0 && port > 0 ? port : freePort();
      try {
        launch(p);
        return this;
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  private void launch(int p) throws IOException, GeneralSecurityException {
    Path conf = writer.write(p);
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
            "mosquitto exited with code "
                + proc.exitValue()
                + " at start; its log says: "
                + tail(log));
      }
      if (listening(p)) {
        process = proc;
        port = p;
        return;
      }
      sleep(50);
    }
    stopProcess(proc);
    throw new IOException(
        "mosquitto did not listen on "
            + HOST
            + ":"
            + p
            + " within "
            + STARTUP_TIMEOUT
            + "; its log says: "
            + tail(log));
  }

  /** Stops Mosquitto (it saves its persistence on the way out). */
  public synchronized void stop() {
    if (process != null) {
      stopProcess(process);
      process = null;
    }
  }

  @Override
  public void close() {
    stop();
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
    return "MosquittoLauncher{port=" + port + ", running=" + isRunning() + "}";
  }
}
