package org.trustbeat.server.internal;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.protocol.Completeness;

/**
 * What the grouped stage emits, as a Spark row (a Java bean): one closed window's sealed result and
 * clear completeness counters, or (with no result) only the counters of chunks the host dropped
 * (late, or identical duplicates) when no window closed.
 */
public class WindowRow implements Serializable {
  private static final long serialVersionUID = 1L;

  private String patient;
  private long windowStartMillis = -1;
  private long windowLengthMillis;
  private byte[] sealedResult;
  private long chunksSeen;
  private long duplicatesDropped;
  private long sequenceGaps;
  private Map<String, Integer> rejected = new TreeMap<>();
  private long lateChunks;
  private long hostDuplicatesDropped;

  public WindowRow() {}

  static WindowRow ofOutcome(WindowOutcome o, long windowLengthMillis) {
    WindowRow r = new WindowRow();
    r.patient = o.patient();
    r.windowStartMillis = o.windowStartMillis();
    r.windowLengthMillis = windowLengthMillis;
    r.sealedResult = o.sealedResult();
    Completeness c = o.completeness();
    r.chunksSeen = c.chunksSeen();
    r.duplicatesDropped = c.duplicatesDropped();
    r.sequenceGaps = c.sequenceGaps();
    c.rejected().forEach((reason, n) -> r.rejected.put(reason, n.intValue()));
    return r;
  }

  static WindowRow countersOnly(String patient) {
    WindowRow r = new WindowRow();
    r.patient = patient;
    return r;
  }

  /** Whether this row carries a sealed result to store and publish. */
  public boolean hasResult() {
    return sealedResult != null && sealedResult.length > 0;
  }

  public long rejectedTotal() {
    return completeness().rejectedTotal();
  }

  /**
   * The enclave's counters this row carries (the row has no context chunks: 0). Not a bean
   * property, so Spark's row encoding is unchanged.
   */
  public Completeness completeness() {
    Completeness.Builder c =
        Completeness.builder()
            .setChunksSeen(chunksSeen)
            .setDuplicatesDropped(duplicatesDropped)
            .setSequenceGaps(sequenceGaps);
    if (rejected != null) {
      rejected.forEach((reason, n) -> c.addRejected(reason, n));
    }
    return c.build();
  }

  public String getPatient() {
    return patient;
  }

  public void setPatient(String patient) {
    this.patient = patient;
  }

  public long getWindowStartMillis() {
    return windowStartMillis;
  }

  public void setWindowStartMillis(long windowStartMillis) {
    this.windowStartMillis = windowStartMillis;
  }

  public long getWindowLengthMillis() {
    return windowLengthMillis;
  }

  public void setWindowLengthMillis(long windowLengthMillis) {
    this.windowLengthMillis = windowLengthMillis;
  }

  public byte[] getSealedResult() {
    return sealedResult;
  }

  public void setSealedResult(byte[] sealedResult) {
    this.sealedResult = sealedResult;
  }

  public long getChunksSeen() {
    return chunksSeen;
  }

  public void setChunksSeen(long chunksSeen) {
    this.chunksSeen = chunksSeen;
  }

  public long getDuplicatesDropped() {
    return duplicatesDropped;
  }

  public void setDuplicatesDropped(long duplicatesDropped) {
    this.duplicatesDropped = duplicatesDropped;
  }

  public long getSequenceGaps() {
    return sequenceGaps;
  }

  public void setSequenceGaps(long sequenceGaps) {
    this.sequenceGaps = sequenceGaps;
  }

  /** Rejected chunks by {@link RejectReason} name; reasons with no rejection are absent. */
  public Map<String, Integer> getRejected() {
    return rejected;
  }

  public void setRejected(Map<String, Integer> rejected) {
    this.rejected = rejected;
  }

  public long getLateChunks() {
    return lateChunks;
  }

  public void setLateChunks(long lateChunks) {
    this.lateChunks = lateChunks;
  }

  public long getHostDuplicatesDropped() {
    return hostDuplicatesDropped;
  }

  public void setHostDuplicatesDropped(long hostDuplicatesDropped) {
    this.hostDuplicatesDropped = hostDuplicatesDropped;
  }

  @Override
  public String toString() {
    return "WindowRow{patient="
        + patient
        + ", start="
        + windowStartMillis
        + ", result="
        + (sealedResult == null ? 0 : sealedResult.length)
        + " bytes, chunks="
        + chunksSeen
        + ", duplicates="
        + duplicatesDropped
        + ", gaps="
        + sequenceGaps
        + ", rejected="
        + rejected
        + ", late="
        + lateChunks
        + ", hostDuplicates="
        + hostDuplicatesDropped
        + "}";
  }
}
