package org.trustbeat.server;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.trustbeat.enclave.WindowTask;

/**
 * When each patient's windows close. Windows stay epoch-aligned (HRV-SPEC section 3): window {@code
 * [s, s + L)} is due once event time reaches {@code s + L + 30 s} (its context after it). With many
 * patients every window would then close in the same micro-batch, so each patient's close is moved
 * by a fixed offset in {@code [0, spread)} derived from the pseudonym alone: the closes of one
 * window boundary spread evenly over {@code spread} of event time, and a result arrives at most
 * {@code spread} later than it could. Boundaries and contents do not move.
 *
 * <p>The offset is a function of the pseudonym, never of its data, so it tells the host nothing it
 * does not already know; it is the same in every JVM (no {@code String.hashCode} seed, no
 * randomness) so a restarted job closes windows where the first one would have.
 */
public final class CloseSchedule implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long windowLengthMillis;
  private final long spreadMillis;

  public CloseSchedule(long windowLengthMillis, long spreadMillis) {
    if (windowLengthMillis <= 0) {
      throw new IllegalArgumentException(
          "window length must be positive, was " + windowLengthMillis);
    }
    if (spreadMillis < 0) {
      throw new IllegalArgumentException("close spread must be 0 or more, was " + spreadMillis);
    }
    this.windowLengthMillis = windowLengthMillis;
    this.spreadMillis = spreadMillis;
  }

  public long windowLengthMillis() {
    return windowLengthMillis;
  }

  public long spreadMillis() {
    return spreadMillis;
  }

  /** The patient's fixed close offset in {@code [0, spread)}; 0 without a spread. */
  public long offsetOf(String patient) {
    if (spreadMillis == 0) {
      return 0;
    }
    // FNV-1a over the UTF-8 pseudonym, then a 64-bit finaliser so close pseudonyms spread well.
    long h = 0xcbf29ce484222325L;
    for (byte b : patient.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return Math.floorMod(h, spreadMillis);
  }

  /**
   * The event time at which the window is due without a spread: its end plus the context after it.
   * A chunk that serves the window can have event time up to just before this.
   */
  public long dueAt(long windowStartMillis) {
    return windowStartMillis + windowLengthMillis + WindowTask.CONTEXT_MILLIS;
  }

  /** The event time at which {@code patient}'s window closes: due time plus the offset. */
  public long closesAt(String patient, long windowStartMillis) {
    return dueAt(windowStartMillis) + offsetOf(patient);
  }

  /** The window whose close for {@code patient} is at {@code closeMillis} (inverse of closesAt). */
  public long windowClosingAt(String patient, long closeMillis) {
    return closeMillis - offsetOf(patient) - windowLengthMillis - WindowTask.CONTEXT_MILLIS;
  }

  @Override
  public String toString() {
    return "CloseSchedule{window=" + windowLengthMillis + " ms, spread=" + spreadMillis + " ms}";
  }
}
