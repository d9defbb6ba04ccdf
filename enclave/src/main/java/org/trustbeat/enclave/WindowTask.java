package org.trustbeat.enclave;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One closed event-time window of one patient, as the untrusted host hands it to the enclave: the
 * chunk envelopes whose header places them in the window (any order, possibly duplicated or
 * tampered with — the enclave checks) and the sealed cleaning carry of the patient's previous
 * window. Holds ciphertext only.
 */
public final class WindowTask {
  private final String patient;
  private final long windowStartMillis;
  private final long windowLengthMillis;
  private final List<byte[]> chunks;
  private final byte[] carry;

  private WindowTask(
      String patient, long windowStartMillis, long windowLengthMillis, List<byte[]> chunks, byte[] carry) {
    this.patient = patient;
    this.windowStartMillis = windowStartMillis;
    this.windowLengthMillis = windowLengthMillis;
    this.chunks = chunks;
    this.carry = carry;
  }

  /**
   * @param windowStartMillis epoch ms, a multiple of {@code windowLengthMillis}: windows are the
   *     tumbling windows {@code [k·L, (k+1)·L)} that the analysis (HRV-SPEC) and Spark both use
   * @param carry the sealed carry the enclave returned with the patient's previous window, or null
   *     when there is none (first window, or the previous one is in the same batch)
   * @throws IllegalArgumentException if the length is not positive or the start is not aligned
   */
  public static WindowTask of(
      String patient, long windowStartMillis, long windowLengthMillis, List<byte[]> chunks, byte[] carry) {
    Objects.requireNonNull(patient, "patient");
    if (windowLengthMillis <= 0) {
      throw new IllegalArgumentException("window length must be positive, was " + windowLengthMillis);
    }
    if (windowStartMillis < 0 || windowStartMillis % windowLengthMillis != 0) {
      throw new IllegalArgumentException(
          "window start " + windowStartMillis + " is not a non-negative multiple of the window length "
              + windowLengthMillis + " ms; use tumbling windows aligned to the epoch (no offset)");
    }
    List<byte[]> copy = new ArrayList<>(chunks.size());
    for (byte[] c : chunks) {
      copy.add(c.clone());
    }
    return new WindowTask(
        patient, windowStartMillis, windowLengthMillis, List.copyOf(copy), carry == null ? null : carry.clone());
  }

  public String patient() {
    return patient;
  }

  public long windowStartMillis() {
    return windowStartMillis;
  }

  public long windowLengthMillis() {
    return windowLengthMillis;
  }

  /** The chunk envelopes; the arrays must not be modified. */
  public List<byte[]> chunks() {
    return chunks;
  }

  /** The sealed carry, or null. */
  public byte[] carry() {
    return carry == null ? null : carry.clone();
  }

  @Override
  public String toString() {
    long bytes = chunks.stream().mapToLong(c -> c.length).sum();
    return "WindowTask{patient=" + patient + ", start=" + windowStartMillis + ", chunks=" + chunks.size()
        + ", bytes=" + bytes + ", carry=" + (carry != null) + "}";
  }
}
