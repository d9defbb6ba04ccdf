package org.trustbeat.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.trustbeat.app.console.KeyReleases;
import org.trustbeat.app.console.LiveConsole;
import org.trustbeat.app.console.Logs;
import org.trustbeat.edge.GatewayStats;
import org.trustbeat.server.JobMetrics;

/**
 * What {@code trustbeat demo}'s live console shows: the label, the sensors' and Spark's progress,
 * results, gaps and rejections, the key broker's releases, the log file and each patient's latest
 * result. Counts and the numbers patients already opened only.
 */
final class DemoStatus implements LiveConsole.Status {
  private static final int TABLE_ROWS = 10;

  private final String label;
  private final int patients;
  private final double speed;
  private final long triggerSeconds;
  private final long durationSeconds;
  private final long startedNanos = System.nanoTime();
  private final Supplier<GatewayStats> gateways;
  private final LongSupplier landed;
  private final JobMetrics job;
  private final LiveResults results;
  private final KeyReleases keys;
  private volatile String phase;

  DemoStatus(
      String label,
      int patients,
      double speed,
      long triggerSeconds,
      long durationSeconds,
      Supplier<GatewayStats> gateways,
      LongSupplier landed,
      JobMetrics job,
      LiveResults results,
      KeyReleases keys) {
    this.label = label;
    this.patients = patients;
    this.speed = speed;
    this.triggerSeconds = triggerSeconds;
    this.durationSeconds = durationSeconds;
    this.gateways = gateways;
    this.landed = landed;
    this.job = job;
    this.results = results;
    this.keys = keys;
  }

  /** The sensors have stopped: the rest of the run only waits for the job to catch up. */
  void sensorsStopped() {
    phase = "sensors stopped at " + elapsed() + "; the job takes in their last chunks";
  }

  @Override
  public List<String> block() {
    GatewayStats g = gateways.get();
    List<String> lines = new ArrayList<>();
    lines.add("TrustBeat demo " + label + "   " + clock());
    lines.add(
        String.format(
            Locale.ROOT,
            "  patients  %d streaming at %.0f×: %d beats sealed in %d chunks, %d published, %d landed",
            patients,
            speed,
            g.beatsAccepted(),
            g.chunksSealed(),
            g.chunksPublished(),
            landed.getAsLong()));
    lines.add(
        String.format(
            Locale.ROOT,
            "  spark     %d micro-batches, the last took %s (trigger %d s); %d windows closed",
            job.batches(),
            batchTime(),
            triggerSeconds,
            job.windowsClosed()));
    lines.add(
        String.format(
            Locale.ROOT,
            "  results   %d opened by patients; gaps: %d sequence numbers in windows, %d between;"
                + " %d windows missing",
            results.windows(),
            results.sequenceGaps(),
            results.uncoveredSequences(),
            results.missingWindows()));
    lines.add(
        String.format(
            Locale.ROOT,
            "  rejected  %d chunks by the enclave, %d late; %d results refused by patients",
            job.rejectedTotal(),
            job.lateChunks(),
            results.refused()));
    lines.add("  keys      " + keys.summary());
    lines.add("  log       " + Logs.file());
    List<LiveResults.Row> rows = results.latest(TABLE_ROWS);
    Set<String> labels = new TreeSet<>();
    rows.forEach(r -> labels.add(r.label()));
    lines.add("");
    lines.add(
        "  latest results"
            + (labels.isEmpty() ? " (none yet)" : ", each labelled " + String.join(" ", labels)));
    lines.add("  " + LiveResults.Row.HEADER);
    for (LiveResults.Row r : rows) {
      lines.add("  " + r.cells());
    }
    return lines;
  }

  @Override
  public String line() {
    GatewayStats g = gateways.get();
    return String.format(
        Locale.ROOT,
        "status %s %s: %d beats sealed in %d chunks, %d published, %d landed; %d micro-batches,"
            + " last %s (trigger %d s); %d windows closed; %d results opened; gaps %d+%d;"
            + " rejected %d; %s",
        label,
        clock(),
        g.beatsAccepted(),
        g.chunksSealed(),
        g.chunksPublished(),
        landed.getAsLong(),
        job.batches(),
        batchTime(),
        triggerSeconds,
        job.windowsClosed(),
        results.windows(),
        results.sequenceGaps(),
        results.uncoveredSequences(),
        job.rejectedTotal(),
        keys.summary());
  }

  private String batchTime() {
    long ms = job.lastBatchMillis();
    return ms < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  private String clock() {
    String p = phase;
    if (p != null) {
      return p;
    }
    return durationSeconds == 0
        ? elapsed() + " (Ctrl-C stops)"
        : String.format(
            Locale.ROOT, "%s of %d:%02d", elapsed(), durationSeconds / 60, durationSeconds % 60);
  }

  private String elapsed() {
    long s = (System.nanoTime() - startedNanos) / 1_000_000_000L;
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
