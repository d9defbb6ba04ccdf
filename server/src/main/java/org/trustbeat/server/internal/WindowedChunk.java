package org.trustbeat.server.internal;

import java.io.Serializable;
import java.sql.Timestamp;
import org.trustbeat.enclave.WindowTask;

/**
 * One chunk envelope assigned to one event-time window it may serve, as a Spark row (a Java bean):
 * as the window's own chunk (its slot overlaps the window) or as context (it overlaps only
 * the 30 s on either side). A chunk that serves several windows becomes one row per window. Only
 * clear header facts and the envelope itself (ciphertext) are here.
 *
 * <p>{@code startMillis} and {@code endMillis} are the chunk's slot {@code [start, end)} from its
 * header (the end is exclusive). {@code eventTime} is the slot's last millisecond, {@code end −
 * 1}, clipped into the window's range with context, so a row is behind the watermark exactly when
 * the watermark has passed that range's end or its own end.
 */
public class WindowedChunk implements Serializable {
  private static final long serialVersionUID = 1L;

  private String patient;
  private long sequenceNumber;
  private long startMillis;
  private long endMillis;
  private long windowStartMillis;
  private boolean own;
  private Timestamp eventTime;
  private byte[] envelope;

  public WindowedChunk() {}

  public static WindowedChunk of(
      String patient, long seq, long startMillis, long endMillis, long windowStartMillis,
      long windowLengthMillis, boolean own, byte[] envelope) {
    WindowedChunk c = new WindowedChunk();
    c.patient = patient;
    c.sequenceNumber = seq;
    c.startMillis = startMillis;
    c.endMillis = endMillis;
    c.windowStartMillis = windowStartMillis;
    c.own = own;
    c.eventTime = new Timestamp(
        Math.min(endMillis - 1,
            windowStartMillis + windowLengthMillis + WindowTask.CONTEXT_MILLIS - 1));
    c.envelope = envelope;
    return c;
  }

  public String getPatient() {
    return patient;
  }

  public void setPatient(String patient) {
    this.patient = patient;
  }

  public long getSequenceNumber() {
    return sequenceNumber;
  }

  public void setSequenceNumber(long sequenceNumber) {
    this.sequenceNumber = sequenceNumber;
  }

  public long getStartMillis() {
    return startMillis;
  }

  public void setStartMillis(long startMillis) {
    this.startMillis = startMillis;
  }

  public long getEndMillis() {
    return endMillis;
  }

  public void setEndMillis(long endMillis) {
    this.endMillis = endMillis;
  }

  public long getWindowStartMillis() {
    return windowStartMillis;
  }

  public void setWindowStartMillis(long windowStartMillis) {
    this.windowStartMillis = windowStartMillis;
  }

  /** Whether the chunk overlaps the window itself; false for a context-only row. */
  public boolean isOwn() {
    return own;
  }

  public void setOwn(boolean own) {
    this.own = own;
  }

  public Timestamp getEventTime() {
    return eventTime;
  }

  public void setEventTime(Timestamp eventTime) {
    this.eventTime = eventTime;
  }

  public byte[] getEnvelope() {
    return envelope;
  }

  public void setEnvelope(byte[] envelope) {
    this.envelope = envelope;
  }

  @Override
  public String toString() {
    return "WindowedChunk{patient=" + patient + ", seq=" + sequenceNumber + ", window="
        + windowStartMillis + (own ? "" : " (context)") + ", bytes=" + (envelope == null ? 0 : envelope.length) + "}";
  }
}
