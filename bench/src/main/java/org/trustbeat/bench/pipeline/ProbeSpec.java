package org.trustbeat.bench.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;

/**
 * One capacity probe, as the bench hands it to the JVM that runs it ({@link ProbeProcess}): the
 * mode, the job, the patient count and the settings. The workload is derived from these alone
 * (seeded patients), so the probe's JVM builds the same beats the bench would have.
 *
 * @param closes windows closed per patient: 1 (up to the first close) or 2 (one full cycle more)
 * @param timeout how long the probe may run once the job has started
 */
record ProbeSpec(
    HostKind mode,
    HrvJob job,
    int patients,
    int closes,
    Duration trigger,
    Duration closeSpread,
    int stateMemoryMb,
    Duration timeout) {

  static final String FILE = "probe.properties";

  ProbeSpec {
    if (patients < 1 || closes < 1) {
      throw new IllegalArgumentException(
          "a probe needs 1 or more patients and closes; got " + patients + " and " + closes);
    }
  }

  /** Event time the workload covers: the windows, the spread, the watermark delay and slack. */
  static double eventSeconds(Duration closeSpread, int closes) {
    return BenchPipeline.WINDOW.toSeconds() * closes + 30 + closeSpread.toSeconds() + 30 + 20;
  }

  /**
   * The probe's workload: a backlog filling the first window (batch 0), then live slots until the
   * last of its windows has closed for every patient (its close time, the spread, the watermark
   * delay and two slots).
   */
  Workload workload() {
    long window = BenchPipeline.WINDOW.toSeconds();
    int backlog = (int) (window / SimulatedPatient.CHUNK_SECONDS) + 4;
    double live =
        Math.max(
            2 * SimulatedPatient.CHUNK_SECONDS,
            eventSeconds(closeSpread, closes) - backlog * SimulatedPatient.CHUNK_SECONDS);
    return Workload.realTime(patients, backlog, live, BenchPipeline.WINDOW.toMillis());
  }

  void store(Path dir) throws IOException {
    Properties p = new Properties();
    p.setProperty("mode", mode.label());
    p.setProperty("job", job.jobName());
    p.setProperty("patients", Integer.toString(patients));
    p.setProperty("closes", Integer.toString(closes));
    p.setProperty("trigger_ms", Long.toString(trigger.toMillis()));
    p.setProperty("close_spread_ms", Long.toString(closeSpread.toMillis()));
    p.setProperty("state_memory_mb", Integer.toString(stateMemoryMb));
    p.setProperty("timeout_ms", Long.toString(timeout.toMillis()));
    writeProperties(p, dir.resolve(FILE), "one capacity probe (trustbeat bench)");
  }

  /** Writes {@code p} to {@code file} as UTF-8; shared with {@link ProbeRun#store}. */
  static void writeProperties(Properties p, Path file, String comment) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, comment);
    }
  }

  /** Reads the UTF-8 properties {@code file}; shared with {@link ProbeRun#load}. */
  static Properties readProperties(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p;
  }

  /**
   * Reads what {@link #store} wrote.
   *
   * @throws IOException naming the file and the missing or bad property
   */
  static ProbeSpec load(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file + " does not exist: a probe JVM runs a probe the bench prepared, not one by hand");
    }
    Properties p = readProperties(file);
    try {
      return new ProbeSpec(
          HostKind.byLabel(required(p, "mode", file)),
          HrvJob.byName(required(p, "job", file)),
          Integer.parseInt(required(p, "patients", file)),
          Integer.parseInt(required(p, "closes", file)),
          Duration.ofMillis(Long.parseLong(required(p, "trigger_ms", file))),
          Duration.ofMillis(Long.parseLong(required(p, "close_spread_ms", file))),
          Integer.parseInt(required(p, "state_memory_mb", file)),
          Duration.ofMillis(Long.parseLong(required(p, "timeout_ms", file))));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " is not a probe the bench wrote: " + e.getMessage(), e);
    }
  }

  static String required(Properties p, String key, Path file) throws IOException {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IOException(file + " lacks '" + key + "'; it is written by the bench, not by hand");
    }
    return v;
  }
}
