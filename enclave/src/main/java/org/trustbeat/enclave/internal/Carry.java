package org.trustbeat.enclave.internal;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What one window hands to the patient's next: the last accepted RR interval (so cleaning continues
 * exactly as over a whole file), the last sequence number seen (so gaps across the boundary are
 * counted), and what it was made for (patient, job, window end), which the next window checks.
 *
 * <p>Plain layout, big-endian: {@code 'T' 'K'} magic, version 1, patient (1-byte length + ASCII),
 * job id (1-byte length + ASCII), window end (8, epoch ms), last sequence number (8, -1 for none),
 * last accepted RR (8, IEEE-754 bits, NaN for none). In the sealed modes these bytes are encrypted
 * with the patient's data AEAD under {@link #associatedData}; in plain mode they travel in clear.
 */
public final class Carry {
  static final String PURPOSE = "trustbeat.carry.v1";
  private static final int VERSION = 1;

  private final String patient;
  private final String jobId;
  private final long windowEndMillis;
  private final long lastSequence;
  private final double lastAcceptedRrMs;

  Carry(String patient, String jobId, long windowEndMillis, long lastSequence, double lastAcceptedRrMs) {
    this.patient = patient;
    this.jobId = jobId;
    this.windowEndMillis = windowEndMillis;
    this.lastSequence = lastSequence;
    this.lastAcceptedRrMs = lastAcceptedRrMs;
  }

  /** The associated data naming the carry's purpose, version, patient and job. */
  static byte[] associatedData(String patient, String jobId) {
    return (PURPOSE + "/" + patient + "/" + jobId).getBytes(StandardCharsets.US_ASCII);
  }

  String patient() {
    return patient;
  }

  String jobId() {
    return jobId;
  }

  long windowEndMillis() {
    return windowEndMillis;
  }

  /** Largest sequence number accepted so far, or -1. */
  long lastSequence() {
    return lastSequence;
  }

  /** NaN when no interval has been accepted yet. */
  double lastAcceptedRrMs() {
    return lastAcceptedRrMs;
  }

  byte[] encode() {
    byte[] p = patient.getBytes(StandardCharsets.US_ASCII);
    byte[] j = jobId.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(3 + 1 + p.length + 1 + j.length + 24);
    b.put((byte) 'T').put((byte) 'K').put((byte) VERSION);
    b.put((byte) p.length).put(p).put((byte) j.length).put(j);
    b.putLong(windowEndMillis).putLong(lastSequence).putLong(Double.doubleToRawLongBits(lastAcceptedRrMs));
    return b.array();
  }

  /** Returns null when the bytes are not a carry of this version. */
  static Carry decode(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.get() != 'T' || b.get() != 'K' || b.get() != VERSION) {
        return null;
      }
      String patient = text(b);
      String jobId = text(b);
      Carry c = new Carry(patient, jobId, b.getLong(), b.getLong(), Double.longBitsToDouble(b.getLong()));
      return b.hasRemaining() ? null : c;
    } catch (BufferUnderflowException e) {
      return null;
    }
  }

  private static String text(ByteBuffer b) {
    byte[] raw = new byte[b.get() & 0xff];
    b.get(raw);
    return new String(raw, StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "Carry{patient=" + patient + ", jobId=" + jobId + ", windowEnd=" + windowEndMillis + "}";
  }
}
