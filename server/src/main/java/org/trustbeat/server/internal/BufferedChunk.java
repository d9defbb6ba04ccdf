package org.trustbeat.server.internal;

import java.io.Serializable;

/**
 * One element of a patient's chunk buffer in Spark state (list state, Spark's binary row format):
 * the slot from the clear header and the envelope. Stored once per chunk, however many windows it
 * serves; appended when it arrives and rewritten only when a window closes.
 */
public class BufferedChunk implements Serializable {
  private static final long serialVersionUID = 1L;

  private long startMillis;
  private long endMillis;
  private byte[] envelope;

  public BufferedChunk() {}

  static BufferedChunk of(ChunkRow row) {
    BufferedChunk b = new BufferedChunk();
    b.startMillis = row.getStartMillis();
    b.endMillis = row.getEndMillis();
    b.envelope = row.getEnvelope();
    return b;
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

  public byte[] getEnvelope() {
    return envelope;
  }

  public void setEnvelope(byte[] envelope) {
    this.envelope = envelope;
  }

  @Override
  public String toString() {
    return "BufferedChunk{slot=["
        + startMillis
        + ", "
        + endMillis
        + "), bytes="
        + (envelope == null ? 0 : envelope.length)
        + "}";
  }
}
