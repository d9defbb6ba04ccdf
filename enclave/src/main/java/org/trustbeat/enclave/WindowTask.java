package org.trustbeat.enclave;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.trustbeat.protocol.ChunkSlot;

/**
 * One closed event-time window of one patient, as the untrusted host hands it to the enclave: the
 * chunk envelopes whose header slot overlaps the window or its context, the 30 s on each side
 * (HRV-SPEC section 3), in any order, possibly duplicated or tampered with — the enclave checks.
 * Holds ciphertext only; nothing from earlier windows.
 */
public final class WindowTask {
  /** Context on each side of a window, in ms: the chunks overlapping it serve as neighbours. */
  public static final long CONTEXT_MILLIS = 30_000;

  private final String patient;
  private final long windowStartMillis;
  private final long windowLengthMillis;
  private final List<byte[]> chunks;

  private WindowTask(
      String patient, long windowStartMillis, long windowLengthMillis, List<byte[]> chunks) {
    this.patient = patient;
    this.windowStartMillis = windowStartMillis;
    this.windowLengthMillis = windowLengthMillis;
    this.chunks = chunks;
  }

  /**
   * @param windowStartMillis epoch ms, a multiple of {@code windowLengthMillis}: windows are the
   *     tumbling windows {@code [k·L, (k+1)·L)} that the analysis (HRV-SPEC) and Spark both use
   * @param chunks the envelopes overlapping {@code [start − 30 s, start + L + 30 s)}
   * @throws IllegalArgumentException if the length is not positive or the start is not aligned
   */
  public static WindowTask of(
      String patient, long windowStartMillis, long windowLengthMillis, List<byte[]> chunks) {
    Objects.requireNonNull(patient, "patient");
    if (windowLengthMillis <= 0) {
      throw new IllegalArgumentException(
          "window length must be positive, was " + windowLengthMillis);
    }
    if (windowStartMillis < 0 || windowStartMillis % windowLengthMillis != 0) {
      throw new IllegalArgumentException(
          "window start "
              + windowStartMillis
              + " is not a non-negative multiple of the window length "
              + windowLengthMillis
              + " ms; use tumbling windows aligned to the epoch (no offset)");
    }
    List<byte[]> copy = new ArrayList<>(chunks.size());
    for (byte[] c : chunks) {
      copy.add(c.clone());
    }
    return new WindowTask(patient, windowStartMillis, windowLengthMillis, List.copyOf(copy));
  }

  /**
   * The first window (index {@code k}, start {@code k·L}) whose range with context, {@code [k·L −
   * 30 s, (k+1)·L + 30 s)}, a chunk of slot {@code slot} may serve. The enclave counts a chunk
   * outside that range as {@link RejectReason#OUTSIDE_WINDOW}.
   */
  public static long firstWindowServed(ChunkSlot slot, long windowLengthMillis) {
    return firstWindowServed(slot.startMillis(), windowLengthMillis);
  }

  /** {@link #firstWindowServed(ChunkSlot, long)} of a slot starting at {@code slotStartMillis}. */
  public static long firstWindowServed(long slotStartMillis, long windowLengthMillis) {
    return Math.floorDiv(slotStartMillis - CONTEXT_MILLIS, windowLengthMillis);
  }

  /**
   * The last window whose range with context a chunk of slot {@code slot} may serve. The slot's end
   * is exclusive, so its last millisecond, {@code end − 1}, decides.
   */
  public static long lastWindowServed(ChunkSlot slot, long windowLengthMillis) {
    return lastWindowServed(slot.endMillis(), windowLengthMillis);
  }

  /**
   * {@link #lastWindowServed(ChunkSlot, long)} of a slot ending (exclusive) at {@code
   * slotEndMillis}.
   */
  public static long lastWindowServed(long slotEndMillis, long windowLengthMillis) {
    return Math.floorDiv(slotEndMillis - 1 + CONTEXT_MILLIS, windowLengthMillis);
  }

  /**
   * Whether a chunk of slot {@code slot} overlaps the range with context of the window starting at
   * {@code windowStartMillis}: the half-open ranges {@code [slot start, slot end)} and {@code
   * [start − 30 s, start + L + 30 s)} intersect. Exactly the windows from {@link
   * #firstWindowServed} to {@link #lastWindowServed}.
   */
  public static boolean serves(ChunkSlot slot, long windowStartMillis, long windowLengthMillis) {
    return serves(slot.startMillis(), slot.endMillis(), windowStartMillis, windowLengthMillis);
  }

  /**
   * {@link #serves(ChunkSlot, long, long)} of the slot {@code [slotStartMillis, slotEndMillis)}.
   */
  public static boolean serves(
      long slotStartMillis, long slotEndMillis, long windowStartMillis, long windowLengthMillis) {
    return slotEndMillis > windowStartMillis - CONTEXT_MILLIS
        && slotStartMillis < windowStartMillis + windowLengthMillis + CONTEXT_MILLIS;
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

  /** The chunk envelopes, own and context; the arrays must not be modified. */
  public List<byte[]> chunks() {
    return chunks;
  }

  @Override
  public String toString() {
    long bytes = chunks.stream().mapToLong(c -> c.length).sum();
    return "WindowTask{patient="
        + patient
        + ", start="
        + windowStartMillis
        + ", chunks="
        + chunks.size()
        + ", bytes="
        + bytes
        + "}";
  }
}
