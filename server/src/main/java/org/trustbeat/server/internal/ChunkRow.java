package org.trustbeat.server.internal;

import java.io.Serializable;
import java.sql.Timestamp;

/**
 * One chunk envelope as a Spark row (a Java bean) after the parse stage: clear header facts and the
 * envelope itself (ciphertext, or a plain chunk in {@code plain} mode). One row per chunk, whatever
 * the number of windows it serves: the grouped stage works out which windows it serves.
 *
 * <p>{@code startMillis} and {@code endMillis} are the chunk's slot {@code [start, end)} from its
 * header. {@code eventTime} is the slot's last millisecond, {@code end − 1}: a chunk is behind the
 * watermark once the watermark has passed everything it holds.
 */
public class ChunkRow implements Serializable {
  private static final long serialVersionUID = 1L;

  private String patient;
  private long sequenceNumber;
  private long startMillis;
  private long endMillis;
  private Timestamp eventTime;
  private byte[] envelope;

  public ChunkRow() {}

  public static ChunkRow of(
      String patient, long seq, long startMillis, long endMillis, byte[] envelope) {
    ChunkRow c = new ChunkRow();
    c.patient = patient;
    c.sequenceNumber = seq;
    c.startMillis = startMillis;
    c.endMillis = endMillis;
    c.eventTime = new Timestamp(endMillis - 1);
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
    return "ChunkRow{patient="
        + patient
        + ", seq="
        + sequenceNumber
        + ", slot=["
        + startMillis
        + ", "
        + endMillis
        + "), bytes="
        + (envelope == null ? 0 : envelope.length)
        + "}";
  }
}
