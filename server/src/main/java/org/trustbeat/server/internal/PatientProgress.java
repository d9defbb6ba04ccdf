package org.trustbeat.server.internal;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The small per-patient value in Spark state beside the chunk buffer: where closing has reached,
 * and the open windows (those with a close timer). Read and written once per patient per batch in
 * which the patient has input or a window closes; never scanned for the patients without.
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
    int i = Arrays.binarySearch(openWindows, windowStartMillis);
    if (i >= 0) {
      return false;
    }
    int at = -i - 1;
    long[] next = new long[openWindows.length + 1];
    System.arraycopy(openWindows, 0, next, 0, at);
    next[at] = windowStartMillis;
    System.arraycopy(openWindows, at, next, at + 1, openWindows.length - at);
    openWindows = next;
    return true;
  }

  /** Closes the window: it leaves the open set and closing reaches its end. */
  void close(long windowStartMillis, long windowLengthMillis) {
    int i = Arrays.binarySearch(openWindows, windowStartMillis);
    if (i >= 0) {
      long[] next = new long[openWindows.length - 1];
      System.arraycopy(openWindows, 0, next, 0, i);
      System.arraycopy(openWindows, i + 1, next, i, openWindows.length - i - 1);
      openWindows = next;
    }
    closedUpToMillis = Math.max(closedUpToMillis, windowStartMillis + windowLengthMillis);
  }

  @Override
  public String toString() {
    return "PatientProgress{closedUpTo="
        + closedUpToMillis
        + ", openWindows="
        + openWindows.length
        + "}";
  }
}
