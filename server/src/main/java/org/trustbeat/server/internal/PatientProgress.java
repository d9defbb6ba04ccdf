package org.trustbeat.server.internal;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The small per-patient value in Spark state beside the chunk buffer: where closing has reached,
 * the open windows (those with a close timer) and which of them have chunks of their own. Read and
 * written once per patient per batch in which the patient has input or a window closes; never
 * scanned for the patients without.
 *
 * <h2>Security guarantees</h2>
 *
 * Window times only, which the clear chunk headers already show.
 */
public class PatientProgress implements Serializable {
  private static final long serialVersionUID = 1L;

  /** {@link #getClosedUpToMillis()} before any window closed. */
  public static final long NOTHING_CLOSED = Long.MIN_VALUE;

  private long closedUpToMillis = NOTHING_CLOSED;

  /** Starts of the open windows, ascending; each has a close timer registered. */
  private long[] openWindows = new long[0];

  /**
   * Starts of the open windows that have a chunk of their own (not only context), ascending: a
   * window not in it closes without reading the buffer.
   */
  private long[] ownWindows = new long[0];

  public PatientProgress() {}

  public long getClosedUpToMillis() {
    return closedUpToMillis;
  }

  public void setClosedUpToMillis(long closedUpToMillis) {
    this.closedUpToMillis = closedUpToMillis;
  }

  public long[] getOpenWindows() {
    return openWindows;
  }

  public void setOpenWindows(long[] openWindows) {
    this.openWindows = openWindows == null ? new long[0] : openWindows;
  }

  public long[] getOwnWindows() {
    return ownWindows;
  }

  public void setOwnWindows(long[] ownWindows) {
    this.ownWindows = ownWindows == null ? new long[0] : ownWindows;
  }

  /**
   * Whether a window starting at {@code windowStartMillis} has closed (or lies before one that
   * did).
   */
  boolean isClosed(long windowStartMillis) {
    return closedUpToMillis != NOTHING_CLOSED && windowStartMillis < closedUpToMillis;
  }

  boolean isOpen(long windowStartMillis) {
    return Arrays.binarySearch(openWindows, windowStartMillis) >= 0;
  }

  /** Marks the window open; false if it already was. */
  boolean open(long windowStartMillis) {
    long[] next = inserted(openWindows, windowStartMillis);
    if (next == openWindows) {
      return false;
    }
    openWindows = next;
    return true;
  }

  /** Whether the window has a chunk of its own (it must be open to have one recorded). */
  boolean hasOwn(long windowStartMillis) {
    return Arrays.binarySearch(ownWindows, windowStartMillis) >= 0;
  }

  /** Records that the open window has a chunk of its own; false if it already had one. */
  boolean markOwn(long windowStartMillis) {
    long[] next = inserted(ownWindows, windowStartMillis);
    if (next == ownWindows) {
      return false;
    }
    ownWindows = next;
    return true;
  }

  /** Closes the window: it leaves the open set and closing reaches its end. */
  void close(long windowStartMillis, long windowLengthMillis) {
    openWindows = removed(openWindows, windowStartMillis);
    ownWindows = removed(ownWindows, windowStartMillis);
    closedUpToMillis = Math.max(closedUpToMillis, windowStartMillis + windowLengthMillis);
  }

  /** {@code sorted} with {@code value} added in order, or {@code sorted} itself if present. */
  private static long[] inserted(long[] sorted, long value) {
    int i = Arrays.binarySearch(sorted, value);
    if (i >= 0) {
      return sorted;
    }
    int at = -i - 1;
    long[] next = new long[sorted.length + 1];
    System.arraycopy(sorted, 0, next, 0, at);
    next[at] = value;
    System.arraycopy(sorted, at, next, at + 1, sorted.length - at);
    return next;
  }

  /** {@code sorted} without {@code value}, or {@code sorted} itself if absent. */
  private static long[] removed(long[] sorted, long value) {
    int i = Arrays.binarySearch(sorted, value);
    if (i < 0) {
      return sorted;
    }
    long[] next = new long[sorted.length - 1];
    System.arraycopy(sorted, 0, next, 0, i);
    System.arraycopy(sorted, i + 1, next, i, sorted.length - i - 1);
    return next;
  }

  @Override
  public String toString() {
    return "PatientProgress{closedUpTo="
        + closedUpToMillis
        + ", openWindows="
        + openWindows.length
        + ", withOwnChunks="
        + ownWindows.length
        + "}";
  }
}
