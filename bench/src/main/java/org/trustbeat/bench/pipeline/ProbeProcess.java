package org.trustbeat.bench.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.LoggerFactory;

/**
 * Runs each capacity probe in a JVM of its own, started afresh for the probe and ended after it.
 *
 * <p>Why: probes that shared the bench's JVM did not start equal. A memory profile of three probes
 * at 50 000 patients in one JVM showed the heap G1 had committed grow from 3.4 to 5.1 GB (it never
 * gives it back) and the memory RocksDB held outside the heap from 1.7 to 3.5 GB, from one probe to
 * the next: the resident set went from 5.7 to 9.3 GB (at 100 000 patients from 6.9 to 11.4 GB), so
 * the page cache, which holds the state between batches, shrank for every later mode. Each mode was
 * measured on a different machine. In a fresh JVM every probe has the same memory, an empty state
 * store provider map and no maintenance thread left from a previous query.
 *
 * <p>The probe's JVM gets this JVM's options ({@code -Xmx}, {@code -Djava.io.tmpdir}, Spark's
 * {@code --add-opens}) but no debugger agent, and this JVM's class path. It encodes its own
 * workload (the patients are seeded: the same beats every time), warms up, runs {@link
 * BenchPipeline#probe} and writes a {@link ProbeRun} into its directory. Its output lines reach
 * {@code log} as they come.
 */
final class ProbeProcess {
  /** The main class of the probe JVM when the bench is run without the command line's logging. */
  static final String DEFAULT_MAIN = ProbeMain.class.getName();

  /** Time the probe JVM may take beyond the probe's own timeout: start, keys, encoding, warm-up. */
  private static final Duration SETUP_ALLOWANCE = Duration.ofMinutes(20);

  private static final int ERROR_LINES = 20;

  /** Discarded batch runs before the probe: the JIT compiles Spark's and the job's paths. */
  private static final int WARMUP_RUNS = 3;

  private final String mainClass;
  private final List<String> mainArgs;

  /**
   * @param mainClass a class whose {@code main(dir, mainArgs...)} ends in {@link #runHere}
   * @param mainArgs arguments after the probe directory (for example, a log file)
   */
  ProbeProcess(String mainClass, List<String> mainArgs) {
    this.mainClass = mainClass;
    this.mainArgs = List.copyOf(mainArgs);
  }

  /**
   * Runs {@code spec} in a new JVM with {@code dir} (created, then deleted) as its scratch space.
   *
   * @throws IOException if the probe JVM fails or outlives its time (the message quotes its last
   *     lines); its process tree is ended either way
   */
  ProbeRun run(ProbeSpec spec, Path dir, Consumer<String> log) throws IOException {
    Files.createDirectories(dir);
    spec.store(dir);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(inheritedJvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.add(dir.toString());
    command.addAll(mainArgs);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    Deque<String> last = new ArrayDeque<>();
    try {
      // The probe's output is read on this thread; the deadline is kept by a watchdog that ends
      // the process, which ends the output.
      long limit = spec.timeout().plus(SETUP_ALLOWANCE).toMillis();
      Thread watchdog =
          new Thread(
              () -> {
                try {
                  if (!p.waitFor(limit, TimeUnit.MILLISECONDS)) {
                    destroyTree(p);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "bench-probe-watchdog");
      watchdog.setDaemon(true);
      watchdog.start();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          log.accept(line);
          last.addLast(line);
          if (last.size() > ERROR_LINES) {
            last.removeFirst();
          }
        }
      }
      int code = p.waitFor();
      watchdog.interrupt();
      if (code != 0 || !Files.exists(dir.resolve(ProbeRun.FILE))) {
        throw new IOException(
            String.format(
                Locale.ROOT,
                "the %s probe at %d patients failed in its JVM (exit code %d%s); its last lines:%n%s",
                spec.mode().label(),
                spec.patients(),
                code,
                code == 137 || code == 143
                    ? ", ended after " + limit / 1000 + " s or by the system"
                    : "",
                String.join(System.lineSeparator(), last)));
      }
      return ProbeRun.load(dir);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the probe ran", e);
    } finally {
      destroyTree(p);
      BenchPipeline.deleteTree(dir);
    }
  }

  /**
   * The probe JVM's side: reads the spec from {@code dir}, starts a bench pipeline in a scratch
   * directory of its own, warms the mode and job up with discarded batch runs (as the bench does),
   * runs the probe and stores its outcome in {@code dir}. Progress goes to {@code out}.
   */
  static void runHere(Path dir, Consumer<String> out)
      throws IOException, GeneralSecurityException, StreamingQueryException {
    ProbeSpec spec = ProbeSpec.load(dir);
    LoggerFactory.getLogger(ProbeProcess.class)
        .info(
            "probe JVM {} started: {} {} at {} patients, {} close(s)",
            ProcessHandle.current().pid(),
            spec.job().jobName(),
            spec.mode().label(),
            spec.patients(),
            spec.closes());
    // Scratch space of its own beside the bench's, not inside the probe's directory: the enclave
    // JVM's socket lives below it, and a Unix socket's path has at most 107 bytes.
    Path work = Files.createTempDirectory("trustbeat-probe-");
    try (BenchPipeline pipeline = BenchPipeline.start(work, out)) {
      // As many discarded batch runs as the bench's own warm-up gives the first mode it measures.
      for (int i = 1; i <= WARMUP_RUNS; i++) {
        BenchPipeline.BatchRun warm =
            pipeline.runBatch(
                spec.mode(),
                spec.job(),
                Workload.batch(Load.kb(32), BenchPipeline.WINDOW.toMillis()));
        out.accept(
            String.format(
                Locale.ROOT,
                "  probe JVM %d: warm-up %d (discarded) batch 32 kB %s %s: %.0f ms",
                ProcessHandle.current().pid(),
                i,
                spec.job().jobName(),
                spec.mode().label(),
                warm.elapsedMillis()));
      }
      ProbeRun run =
          pipeline.probe(
              spec.mode(),
              spec.job(),
              spec.workload(),
              spec.trigger(),
              spec.closeSpread(),
              spec.stateMemoryMb(),
              spec.closes(),
              spec.timeout());
      run.store(dir);
    }
  }

  /** This JVM's options without a debugger agent (its port is taken) or JMX port. */
  static List<String> inheritedJvmOptions() {
    return inheritable(ManagementFactory.getRuntimeMXBean().getInputArguments());
  }

  /** {@code options} without those that hold a port, which the probe JVM could not take too. */
  static List<String> inheritable(List<String> options) {
    List<String> out = new ArrayList<>();
    for (String o : options) {
      if (o.startsWith("-agentlib:jdwp")
          || o.startsWith("-Xrunjdwp")
          || o.startsWith("-Dcom.sun.management.jmxremote.port")) {
        continue;
      }
      out.add(o);
    }
    return out;
  }

  private static void destroyTree(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  @Override
  public String toString() {
    return "ProbeProcess{main=" + mainClass + ", args=" + mainArgs.size() + "}";
  }
}
