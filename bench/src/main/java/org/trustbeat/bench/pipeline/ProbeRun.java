package org.trustbeat.bench.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.trustbeat.server.CloseSchedule;
import org.trustbeat.server.ResultStore;

/**
 * One capacity probe's outcome: the batch times after the backlog (batch 0), and how long after its
 * close each window's result was stored. A window "closes" when the watermark passes the patient's
 * close time ({@link CloseSchedule#closesAt}); Spark learns the new watermark at the end of a batch
 * and fires the timer in the next one, so the delay is counted from the end of the batch before the
 * first batch whose watermark had passed the close, to the end of the batch that stored the result.
 *
 * @param meanBatchMillis mean {@code triggerExecution} of the measured batches
 * @param closingBatches measured batches that closed windows (fired timers)
 * @param meanClosingBatchMillis their mean {@code triggerExecution} (NaN if none): the enclave's
 *     share of the work is here, and the batches that close nothing only append, so the two means
 *     tell a mode's cost apart from the machine's noise better than the overall mean does
 * @param meanOtherBatchMillis mean {@code triggerExecution} of the measured batches that closed
 *     nothing (NaN if none)
 * @param msPerPatient mean batch time over the patient count: what one patient costs per batch
 * @param maxResultDelayMillis the longest close-to-stored delay of any result (NaN if none)
 * @param progressJson every executed batch's {@link StreamingQueryProgress#json()}, batch 0 first:
 *     the raw figures (state operator times, rows) behind the summary, for profiling
 */
record ProbeRun(
    int patients,
    int batches,
    double meanBatchMillis,
    double worstBatchMillis,
    int closingBatches,
    double meanClosingBatchMillis,
    double meanOtherBatchMillis,
    double msPerPatient,
    double maxResultDelayMillis,
    double meanResultDelayMillis,
    long results,
    boolean sustained,
    String why,
    List<String> progressJson) {

  /** Reads the measured batches from the query's progress and the results from the store. */
  static ProbeRun of(
      int patients,
      Duration trigger,
      boolean closed,
      Duration timeout,
      List<StreamingQueryProgress> progress,
      ResultStore store,
      String algorithm,
      CloseSchedule schedule)
      throws IOException {
    TreeMap<Long, StreamingQueryProgress> byBatch = new TreeMap<>();
    for (StreamingQueryProgress p : progress) {
      // Idle triggers (no batch ran) report no addBatch time; keep executed batches only.
      if (p.durationMs().containsKey("addBatch")) {
        byBatch.put(p.batchId(), p);
      }
    }
    double worst = 0;
    double total = 0;
    int batches = 0;
    double closingTotal = 0;
    int closing = 0;
    for (StreamingQueryProgress p : byBatch.tailMap(1L).values()) {
      double ms = p.durationMs().get("triggerExecution");
      worst = Math.max(worst, ms);
      total += ms;
      batches++;
      if (closedWindows(p) > 0) {
        closingTotal += ms;
        closing++;
      }
    }
    double mean = batches == 0 ? Double.NaN : total / batches;

    double maxDelay = Double.NaN;
    double delaySum = 0;
    long results = 0;
    for (StreamingQueryProgress p : byBatch.tailMap(1L).values()) {
      long storedAt = end(p);
      for (ResultStore.StoredResult r : store.batch(algorithm, p.batchId())) {
        long closeAt = schedule.closesAt(r.patient(), r.windowStartMillis());
        long closedAt = closedAt(byBatch, closeAt);
        double delay = storedAt - closedAt;
        maxDelay = Double.isNaN(maxDelay) ? delay : Math.max(maxDelay, delay);
        delaySum += delay;
        results++;
      }
    }
    double meanDelay = results == 0 ? Double.NaN : delaySum / results;
    long t = trigger.toMillis();
    boolean ok = closed && batches > 0 && worst < t && results > 0 && maxDelay <= 2 * t;
    String why =
        !closed
            ? "the windows did not all close within " + timeout.toSeconds() + " s"
            : worst >= t
                ? String.format(Locale.ROOT, "worst batch %.0f ms >= trigger %d ms", worst, t)
                : maxDelay > 2 * t
                    ? String.format(
                        Locale.ROOT,
                        "a result came %.1f s after its close, over" + " two triggers",
                        maxDelay / 1000)
                    : "all "
                        + batches
                        + " batches within the trigger, every result within two triggers";
    return new ProbeRun(
        patients,
        batches,
        mean,
        worst,
        closing,
        closing == 0 ? Double.NaN : closingTotal / closing,
        batches == closing ? Double.NaN : (total - closingTotal) / (batches - closing),
        patients == 0 ? Double.NaN : mean / patients,
        maxDelay,
        meanDelay,
        results,
        ok,
        why,
        byBatch.values().stream().map(StreamingQueryProgress::json).toList());
  }

  static final String FILE = "probe-run.properties";
  static final String PROGRESS_FILE = "progress.jsonl";

  /**
   * Writes the outcome into {@code dir} for the bench JVM ({@link ProbeProcess}): the figures as
   * properties, the progress reports one JSON object per line.
   */
  void store(Path dir) throws IOException {
    Properties p = new Properties();
    p.setProperty("patients", Integer.toString(patients));
    p.setProperty("batches", Integer.toString(batches));
    p.setProperty("mean_batch_ms", Double.toString(meanBatchMillis));
    p.setProperty("worst_batch_ms", Double.toString(worstBatchMillis));
    p.setProperty("closing_batches", Integer.toString(closingBatches));
    p.setProperty("mean_closing_batch_ms", Double.toString(meanClosingBatchMillis));
    p.setProperty("mean_other_batch_ms", Double.toString(meanOtherBatchMillis));
    p.setProperty("ms_per_patient", Double.toString(msPerPatient));
    p.setProperty("max_result_delay_ms", Double.toString(maxResultDelayMillis));
    p.setProperty("mean_result_delay_ms", Double.toString(meanResultDelayMillis));
    p.setProperty("results", Long.toString(results));
    p.setProperty("sustained", Boolean.toString(sustained));
    p.setProperty("why", why);
    // Written before the figures: a figures file always has its progress beside it.
    Files.write(
        dir.resolve(PROGRESS_FILE), progressJson.stream().map(j -> j.replace('\n', ' ')).toList());
    ProbeSpec.writeProperties(
        p, dir.resolve(FILE), "one capacity probe's outcome (trustbeat bench)");
  }

  /**
   * Reads what {@link #store} wrote.
   *
   * @throws IOException naming the file and what is missing
   */
  static ProbeRun load(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    Properties p = ProbeSpec.readProperties(file);
    try {
      return new ProbeRun(
          Integer.parseInt(ProbeSpec.required(p, "patients", file)),
          Integer.parseInt(ProbeSpec.required(p, "batches", file)),
          Double.parseDouble(ProbeSpec.required(p, "mean_batch_ms", file)),
          Double.parseDouble(ProbeSpec.required(p, "worst_batch_ms", file)),
          Integer.parseInt(ProbeSpec.required(p, "closing_batches", file)),
          Double.parseDouble(ProbeSpec.required(p, "mean_closing_batch_ms", file)),
          Double.parseDouble(ProbeSpec.required(p, "mean_other_batch_ms", file)),
          Double.parseDouble(ProbeSpec.required(p, "ms_per_patient", file)),
          Double.parseDouble(ProbeSpec.required(p, "max_result_delay_ms", file)),
          Double.parseDouble(ProbeSpec.required(p, "mean_result_delay_ms", file)),
          Long.parseLong(ProbeSpec.required(p, "results", file)),
          Boolean.parseBoolean(ProbeSpec.required(p, "sustained", file)),
          ProbeSpec.required(p, "why", file),
          Files.readAllLines(dir.resolve(PROGRESS_FILE), StandardCharsets.UTF_8));
    } catch (NumberFormatException e) {
      throw new IOException(file + " holds a malformed figure: " + e.getMessage(), e);
    }
  }

  /** End of the batch before the first batch whose watermark has passed {@code closeAtMillis}. */
  private static long closedAt(TreeMap<Long, StreamingQueryProgress> byBatch, long closeAtMillis) {
    StreamingQueryProgress previous = null;
    for (StreamingQueryProgress p : byBatch.values()) {
      if (watermark(p) >= closeAtMillis) {
        return previous == null ? start(p) : end(previous);
      }
      previous = p;
    }
    return previous == null ? 0 : end(previous);
  }

  /** Timers the state operator fired in the batch: the windows it closed. */
  private static long closedWindows(StreamingQueryProgress p) {
    if (p.stateOperators().length == 0) {
      return 0;
    }
    Long fired = p.stateOperators()[0].customMetrics().get("numExpiredTimers");
    return fired == null ? 0 : fired;
  }

  private static long watermark(StreamingQueryProgress p) {
    String w = p.eventTime().get("watermark");
    return w == null ? Long.MIN_VALUE : Instant.parse(w).toEpochMilli();
  }

  private static long start(StreamingQueryProgress p) {
    return Instant.parse(p.timestamp()).toEpochMilli();
  }

  private static long end(StreamingQueryProgress p) {
    return start(p) + p.durationMs().get("triggerExecution");
  }

  /** One line for the progress output. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "%s; mean %.0f ms, worst %.0f ms over %d batches (%d closing, mean %.0f ms; the"
            + " others %.0f ms), %.4f ms per patient per batch, results %d, close-to-stored delay"
            + " max %.1f s, mean %.1f s (%s)",
        sustained ? "sustained" : "NOT sustained",
        meanBatchMillis,
        worstBatchMillis,
        batches,
        closingBatches,
        meanClosingBatchMillis,
        meanOtherBatchMillis,
        msPerPatient,
        results,
        maxResultDelayMillis / 1000,
        meanResultDelayMillis / 1000,
        why);
  }
}
