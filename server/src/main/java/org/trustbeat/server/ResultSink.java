package org.trustbeat.server;

import java.io.IOException;
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
 * The job's {@code foreachBatch} sink, run on the driver: stores each sealed result (idempotent,
 * so a replayed batch rewrites nothing), publishes it, and records the batch's completeness
 * counters. Logs counts only.
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

  ResultSink(ResultStore store, ResultPublisher publisher, JobMetrics metrics, String algorithm, String label) {
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
    for (WindowRow r : rows) {
      c.chunksSeen += r.getChunksSeen();
      c.duplicatesDropped += r.getDuplicatesDropped();
      c.hostDuplicatesDropped += r.getHostDuplicatesDropped();
      c.sequenceGaps += r.getSequenceGaps();
      c.lateChunks += r.getLateChunks();
      if (r.getRejected() != null) {
        r.getRejected().forEach((k, v) -> c.rejected.merge(k, v.longValue(), Long::sum));
      }
      if (r.getWindowStartMillis() >= 0) {
        c.windowsClosed++;
      }
      if (!r.hasResult()) {
        continue;
      }
      ResultStore.Stored stored =
          store.putIfAbsent(r.getPatient(), r.getWindowStartMillis(), algorithm, r.getSealedResult());
      if (stored.written()) {
        c.resultsWritten++;
      } else {
        c.resultsAlreadyStored++;
      }
      if (publisher != null) {
        // Publish what the store holds, so a replay re-sends the very same envelope.
        publisher.publish(r.getPatient(), r.getWindowStartMillis(), algorithm, stored.bytes());
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
