package org.trustbeat.bench.pipeline;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
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
    for (StreamingQueryProgress p : byBatch.tailMap(1L).values()) {
      double ms = p.durationMs().get("triggerExecution");
      worst = Math.max(worst, ms);
      total += ms;
      batches++;
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
        patients == 0 ? Double.NaN : mean / patients,
        maxDelay,
        meanDelay,
        results,
        ok,
        why,
        byBatch.values().stream().map(StreamingQueryProgress::json).toList());
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
        "%s; mean %.0f ms, worst %.0f ms over %d batches, %.4f ms per"
            + " patient per batch, results %d, close-to-stored delay max %.1f s, mean %.1f s (%s)",
        sustained ? "sustained" : "NOT sustained",
        meanBatchMillis,
        worstBatchMillis,
        batches,
        msPerPatient,
        results,
        maxResultDelayMillis / 1000,
        meanResultDelayMillis / 1000,
        why);
  }
}
