package org.trustbeat.server;

import java.util.Map;
import java.util.TreeMap;
import org.trustbeat.protocol.Completeness;

/**
 * Running totals of a {@link SecureHrvJob}: counts only, never content. Thread-safe. Totals count
 * what the sink saw, so a batch replayed after a restart counts again; the result store itself
 * never holds a window twice.
 */
public final class JobMetrics {
  private long batches;
  private long windowsClosed;
  private long resultsWritten;
  private long resultsAlreadyStored;

  /** The enclave's counters, summed over every window the sink saw. */
  private Completeness enclave = Completeness.NONE;

  private long hostDuplicatesDropped;
  private long lateChunks;
  private final Map<Long, Long> lateByBatch = new TreeMap<>();
  private long lastBatchMillis = -1;

  synchronized void addBatch(BatchCounts c) {
    batches++;
    windowsClosed += c.windowsClosed;
    resultsWritten += c.resultsWritten;
    resultsAlreadyStored += c.resultsAlreadyStored;
    enclave = enclave.plus(c.enclave);
    hostDuplicatesDropped += c.hostDuplicatesDropped;
    lateChunks += c.lateChunks;
  }

  /**
   * Idempotent per batch: progress may be reported by the listener and read back from the query.
   */
  synchronized void recordLateDroppedByWatermark(long batchId, long n) {
    lateByBatch.put(batchId, n);
  }

  /** The time Spark reported for a micro-batch (triggerExecution), from query progress. */
  synchronized void recordBatchDuration(long batchId, long millis) {
    lastBatchMillis = millis;
  }

  /**
   * How long the latest micro-batch took, in ms (for comparing with the trigger); -1 before any.
   */
  public synchronized long lastBatchMillis() {
    return lastBatchMillis;
  }

  /** Micro-batches whose results the sink handled. */
  public synchronized long batches() {
    return batches;
  }

  public synchronized long windowsClosed() {
    return windowsClosed;
  }

  /** Results newly written to the result store. */
  public synchronized long resultsWritten() {
    return resultsWritten;
  }

  /** Results of a replayed batch whose window was already stored (and so left untouched). */
  public synchronized long resultsAlreadyStored() {
    return resultsAlreadyStored;
  }

  /** The enclave's counters summed over every window (context chunks are not carried: 0). */
  public synchronized Completeness completeness() {
    return enclave;
  }

  public synchronized long chunksSeen() {
    return enclave.chunksSeen();
  }

  /** Duplicates the enclave dropped by sequence number. */
  public synchronized long duplicatesDropped() {
    return enclave.duplicatesDropped();
  }

  /** Byte-identical duplicate envelopes the host dropped before the enclave. */
  public synchronized long hostDuplicatesDropped() {
    return hostDuplicatesDropped;
  }

  public synchronized long sequenceGaps() {
    return enclave.sequenceGaps();
  }

  /** Chunk rows for windows that had already closed, dropped by the grouped stage. */
  public synchronized long lateChunks() {
    return lateChunks;
  }

  /** Chunk rows Spark dropped for being behind the watermark (from query progress). */
  public synchronized long lateDroppedByWatermark() {
    return lateByBatch.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Rejected chunks by reason name ({@code org.trustbeat.enclave.RejectReason}). */
  public synchronized Map<String, Long> rejected() {
    return new TreeMap<>(enclave.rejected());
  }

  public synchronized long rejectedTotal() {
    return enclave.rejectedTotal();
  }

  @Override
  public synchronized String toString() {
    return "JobMetrics{batches="
        + batches
        + ", windows="
        + windowsClosed
        + ", written="
        + resultsWritten
        + ", alreadyStored="
        + resultsAlreadyStored
        + ", chunks="
        + enclave.chunksSeen()
        + ", duplicates="
        + enclave.duplicatesDropped()
        + ", hostDuplicates="
        + hostDuplicatesDropped
        + ", gaps="
        + enclave.sequenceGaps()
        + ", rejected="
        + enclave.rejected()
        + ", late="
        + lateChunks
        + ", lateByWatermark="
        + lateDroppedByWatermark()
        + "}";
  }

  /** The counters of one micro-batch. */
  static final class BatchCounts {
    long windowsClosed;
    long resultsWritten;
    long resultsAlreadyStored;

    /** The enclave's counters, summed over the batch's windows. */
    Completeness enclave = Completeness.NONE;

    long hostDuplicatesDropped;
    long lateChunks;

    @Override
    public String toString() {
      return "windows="
          + windowsClosed
          + " written="
          + resultsWritten
          + " alreadyStored="
          + resultsAlreadyStored
          + " chunks="
          + enclave.chunksSeen()
          + " duplicates="
          + enclave.duplicatesDropped()
          + " hostDuplicates="
          + hostDuplicatesDropped
          + " gaps="
          + enclave.sequenceGaps()
          + " rejected="
          + enclave.rejected()
          + " late="
          + lateChunks;
    }
  }
}
