package org.trustbeat.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustbeat.server.JobMetrics.BatchCounts;
import org.trustbeat.server.internal.WindowRow;

/**
 * The job's {@code foreachBatch} sink, run on the driver: stores the batch's sealed results in one
 * durable segment (idempotent by batch id, so a replayed batch stores nothing twice), publishes
 * them, and records the batch's completeness counters. Logs counts only.
 */
final class ResultSink implements VoidFunction2<Dataset<WindowRow>, Long> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SecureHrvJob.class);

  private final transient ResultStore store;
  private final transient ResultPublisher publisher;
  private final transient JobMetrics metrics;
  private final transient Map<Long, Long> windowsByBatch = new ConcurrentHashMap<>();
  private final String algorithm;
  private final String label;

  ResultSink(
      ResultStore store,
      ResultPublisher publisher,
      JobMetrics metrics,
      String algorithm,
      String label) {
    this.store = store;
    this.publisher = publisher;
    this.metrics = metrics;
    this.algorithm = algorithm;
    this.label = label;
  }

  @Override
  public void call(Dataset<WindowRow> batch, Long batchId) throws IOException {
    List<WindowRow> rows = batch.collectAsList();
    BatchCounts c = new BatchCounts();
    List<ResultStore.StoredResult> results = new ArrayList<>();
    for (WindowRow r : rows) {
      c.enclave = c.enclave.plus(r.completeness());
      c.hostDuplicatesDropped += r.getHostDuplicatesDropped();
      c.lateChunks += r.getLateChunks();
      if (r.getWindowStartMillis() >= 0) {
        c.windowsClosed++;
      }
      if (r.hasResult()) {
        results.add(
            ResultStore.StoredResult.of(
                r.getPatient(), r.getWindowStartMillis(), algorithm, r.getSealedResult()));
      }
    }
    // One durable write per batch; a replayed batch id gets back what its first run stored.
    ResultStore.BatchStored stored = store.putBatch(algorithm, batchId, results);
    if (stored.written()) {
      c.resultsWritten += stored.results().size();
    } else {
      c.resultsAlreadyStored += stored.results().size();
    }
    if (publisher != null) {
      // Publish what the store holds, so a replay re-sends the very same envelopes.
      for (ResultStore.StoredResult r : stored.results()) {
        publisher.publish(r.patient(), r.windowStartMillis(), algorithm, r.sealedResult());
      }
    }
    metrics.addBatch(c);
    windowsByBatch.put(batchId, c.windowsClosed);
    if (!rows.isEmpty()) {
      LOG.info(label + " batch " + batchId + " results: " + c);
    }
  }

  /** Windows closed by batch {@code batchId} (0 if it emitted none); forgets the batch. */
  long takeWindowsClosed(long batchId) {
    Long n = windowsByBatch.remove(batchId);
    return n == null ? 0 : n;
  }
}
