package org.trustbeat.server;

import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per micro-batch of one query: batch id, input rows, duration, windows closed and
 * rows dropped behind the watermark. Counts and sizes only.
 */
final class ProgressLog extends StreamingQueryListener {
  private static final Logger LOG = LoggerFactory.getLogger(SecureHrvJob.class);

  private final String queryName;
  private final String label;
  private final ResultSink sink;
  private final JobMetrics metrics;

  ProgressLog(String queryName, String label, ResultSink sink, JobMetrics metrics) {
    this.queryName = queryName;
    this.label = label;
    this.sink = sink;
    this.metrics = metrics;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress p = event.progress();
    if (!queryName.equals(p.name())) {
      return;
    }
    long late = record(p, metrics);
    Long duration = p.durationMs().get("triggerExecution");
    LOG.info(
        label
            + " batch "
            + p.batchId()
            + ": input rows "
            + p.numInputRows()
            + ", "
            + (duration == null ? "?" : duration)
            + " ms, windows closed "
            + sink.takeWindowsClosed(p.batchId())
            + ", late rows dropped "
            + late);
  }

  /** Records the rows the batch dropped behind the watermark; returns their number. */
  static long record(StreamingQueryProgress p, JobMetrics metrics) {
    long late = 0;
    for (StateOperatorProgress op : p.stateOperators()) {
      late += op.numRowsDroppedByWatermark();
    }
    metrics.recordLateDroppedByWatermark(p.batchId(), late);
    Long duration = p.durationMs().get("triggerExecution");
    if (duration != null) {
      metrics.recordBatchDuration(p.batchId(), duration);
    }
    return late;
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}
}
