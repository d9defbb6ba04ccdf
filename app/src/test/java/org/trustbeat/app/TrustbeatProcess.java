package org.trustbeat.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One {@code trustbeat} command (or another program) run as an OS process of its own, as an
 * operator runs the parts of a deployment: the test JVM's class path and the launcher's JVM
 * options, standard output and error in files, {@link #stop()} sends SIGTERM.
 */
final class TrustbeatProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path out;
  private final Path err;

  private TrustbeatProcess(String name, Process process, Path out, Path err) {
    this.name = name;
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /**
   * Starts {@code trustbeat ARGS...}; its output goes to {@code logDir/NAME.out} and {@code .err}.
   */
  static TrustbeatProcess trustbeat(Path logDir, String name, String... args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-XX:+UseSerialGC",
                "-Djava.awt.headless=true"));
    cmd.addAll(List.of(SparkSessions.JAVA_OPTIONS.split(" ")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    return start(logDir, name, cmd);
  }

  /**
   * Starts a class of the test class path in a JVM of its own (e.g. Spark's standalone master),
   * with extra environment variables.
   */
  static TrustbeatProcess java(
      Path logDir, String name, java.util.Map<String, String> env, String mainClass, String... args)
      throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC"));
    cmd.addAll(List.of(SparkSessions.JAVA_OPTIONS.split(" ")));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    cmd.addAll(List.of(args));
    return start(logDir, name, cmd, env);
  }

  /** Starts any program. */
  static TrustbeatProcess start(Path logDir, String name, List<String> command) throws IOException {
    return start(logDir, name, command, java.util.Map.of());
  }

  private static TrustbeatProcess start(
      Path logDir, String name, List<String> command, java.util.Map<String, String> env)
      throws IOException {
    Path out = logDir.resolve(name + ".out");
    Path err = logDir.resolve(name + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().putAll(env);
    return new TrustbeatProcess(name, pb.start(), out, err);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    }
  }

  String out() throws IOException {
    return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
  }

  String err() throws IOException {
    return Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "";
  }

  /** Waits until standard output and error together satisfy {@code ready}. */
  void await(String what, Predicate<String> ready, Duration timeout)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (ready.test(out() + err())) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            name
                + " exited with "
                + process.exitValue()
                + " before "
                + what
                + "; stdout: "
                + out()
                + " stderr: "
                + tail(err()));
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        name
            + ": no "
            + what
            + " within "
            + timeout
            + "; stdout: "
            + out()
            + " stderr: "
            + tail(err()));
  }

  /** Waits for the process to end by itself; returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still running after " + timeout + "; stdout: " + out());
    }
    return process.exitValue();
  }

  /** SIGTERM, then waits for the exit; returns its code. */
  int stop() throws InterruptedException, IOException {
    process.destroy();
    return awaitExit(Duration.ofSeconds(60));
  }

  boolean isAlive() {
    return process.isAlive();
  }

  private static String tail(String s) {
    return s.length() > 3000 ? "…" + s.substring(s.length() - 3000) : s;
  }

  /** Kills what is left (a failed test); a clean test has stopped it already. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return "TrustbeatProcess{" + name + "}";
  }
}
