package org.trustbeat.app;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone cluster from Spark's own classes ({@code
 * org.apache.spark.deploy.master.Master} and two {@code …worker.Worker}s), every process bound to
 * 127.0.0.1, each an OS process of its own. Workers start executors from {@code SPARK_HOME/jars};
 * that directory is made of links to the test's class path, the jars Maven fetched.
 */
final class StandaloneCluster implements AutoCloseable {
  private final List<TrustbeatProcess> processes = new ArrayList<>();
  private final List<Path> workDirs = new ArrayList<>();
  private final Path logDir;
  private String url;

  private StandaloneCluster(Path logDir) {
    this.logDir = logDir;
  }

  static StandaloneCluster start(Path dir, int workers) throws IOException, InterruptedException {
    StandaloneCluster c = new StandaloneCluster(dir);
    Path jars = Files.createDirectories(dir.resolve("spark-home/jars"));
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(e).toAbsolutePath();
      if (Files.isRegularFile(p) && !Files.exists(jars.resolve(p.getFileName()))) {
        Files.createSymbolicLink(jars.resolve(p.getFileName()), p);
      }
    }
    Map<String, String> env =
        Map.of("SPARK_HOME", dir.resolve("spark-home").toString(), "SPARK_SCALA_VERSION", "2.13");
    int port = TrustbeatProcess.freePort();
    c.processes.add(
        TrustbeatProcess.java(
            dir,
            "spark-master",
            env,
            "org.apache.spark.deploy.master.Master",
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--webui-port",
            String.valueOf(TrustbeatProcess.freePort())));
    c.url = "spark://127.0.0.1:" + port;
    for (int i = 1; i <= workers; i++) {
      Path work = Files.createDirectories(dir.resolve("spark-worker-" + i));
      c.workDirs.add(work);
      c.processes.add(
          TrustbeatProcess.java(
              dir,
              "spark-worker-" + i,
              env,
              "org.apache.spark.deploy.worker.Worker",
              "--host",
              "127.0.0.1",
              "--cores",
              "1",
              "--memory",
              "2g",
              "--work-dir",
              work.toString(),
              "--webui-port",
              String.valueOf(TrustbeatProcess.freePort()),
              c.url));
    }
    return c;
  }

  /** {@code spark://127.0.0.1:PORT}. */
  String url() {
    return url;
  }

  /** Waits until the master accepts connections (workers register by themselves). */
  void awaitMaster(java.time.Duration timeout) throws InterruptedException {
    int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(250);
      }
    }
    throw new AssertionError("the Spark master did not listen on " + url);
  }

  /**
   * The cluster's directory: {@link #logs()}, {@link #workDirs()} and {@code spark-home} (links to
   * the class path's jars).
   */
  Path dir() {
    return logDir;
  }

  /** The workers' work directories: executors' logs and files. */
  List<Path> workDirs() {
    return workDirs;
  }

  /** The master's and workers' own output files. */
  List<Path> logs() {
    List<Path> out = new ArrayList<>();
    for (String n : List.of("spark-master", "spark-worker-1", "spark-worker-2")) {
      out.add(logDir.resolve(n + ".out"));
      out.add(logDir.resolve(n + ".err"));
    }
    return out;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    for (int i = processes.size() - 1; i >= 0; i--) {
      try (TrustbeatProcess p = processes.get(i)) {
        if (p.isAlive()) {
          p.stop();
        }
      }
    }
  }
}
