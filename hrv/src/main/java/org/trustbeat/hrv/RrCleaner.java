package org.trustbeat.hrv;

/**
 * Turns RR intervals into NN intervals by HRV-SPEC (version 2) section 2: a range check
 * (300–2000 ms, finite), then a 20 % check against the median of the interval's in-range
 * neighbours (up to five before and five after, within 30 s of its beat).
 *
 * <p>Each decision depends only on raw values near the beat, never on another decision. That is
 * why the rule cannot get stuck after one premature beat or a genuine rate step (version 1's
 * "last accepted" rule did, for hours on real recordings), and why a window can be cleaned from
 * its own beats plus 30 s of context without any state carried from earlier windows.
 */
public final class RrCleaner {
  public static final double MIN_RR_MS = 300.0;
  public static final double MAX_RR_MS = 2000.0;
  public static final double MAX_RELATIVE_CHANGE = 0.20;
  /** Neighbours are taken up to this many positions before and after the interval. */
  public static final int NEIGHBOURS_PER_SIDE = 5;
  /** ... and only when their beats lie within this many seconds of the interval's beat. */
  public static final double NEIGHBOUR_SPAN_S = 30.0;

  private RrCleaner() {}

  /**
   * Returns, for each interval in stream order, whether it is accepted as an NN interval.
   *
   * @param tSeconds the time of the beat ending each interval
   * @param rrMs the intervals, same length
   */
  public static boolean[] accept(double[] tSeconds, double[] rrMs) {
    if (tSeconds.length != rrMs.length) {
      throw new IllegalArgumentException(
          tSeconds.length + " times for " + rrMs.length + " intervals; pass one time per interval");
    }
    return accept(tSeconds, rrMs, rrMs.length);
  }

  /** {@link #accept(double[], double[])} over the first {@code n} entries of both arrays. */
  static boolean[] accept(double[] tSeconds, double[] rrMs, int n) {
    boolean[] inRange = new boolean[n];
    for (int i = 0; i < n; i++) {
      inRange[i] = inRange(rrMs[i]);
    }
    boolean[] accepted = new boolean[n];
    double[] neighbours = new double[2 * NEIGHBOURS_PER_SIDE];
    for (int i = 0; i < n; i++) {
      if (!inRange[i]) {
        continue;
      }
      int count = 0;
      int lo = Math.max(0, i - NEIGHBOURS_PER_SIDE);
      int hi = Math.min(n - 1, i + NEIGHBOURS_PER_SIDE);
      for (int j = lo; j <= hi; j++) {
        if (j != i && inRange[j] && Math.abs(tSeconds[j] - tSeconds[i]) <= NEIGHBOUR_SPAN_S) {
          count = insertSorted(neighbours, count, rrMs[j]);
        }
      }
      if (count == 0) {
        accepted[i] = true;
        continue;
      }
      double ref =
          count % 2 == 1
              ? neighbours[count / 2]
              : (neighbours[count / 2 - 1] + neighbours[count / 2]) / 2.0;
      accepted[i] = !(Math.abs(rrMs[i] - ref) / ref > MAX_RELATIVE_CHANGE);
    }
    return accepted;
  }

  /** Finite and within {@code [300, 2000]} ms; the negated comparison also rejects NaN. */
  static boolean inRange(double rr) {
    return rr >= MIN_RR_MS && rr <= MAX_RR_MS;
  }

  /** Inserts {@code v} into the sorted prefix {@code a[0, count)}; returns the new count. */
  private static int insertSorted(double[] a, int count, double v) {
    int k = count;
    while (k > 0 && a[k - 1] > v) {
      a[k] = a[k - 1];
      k--;
    }
    a[k] = v;
    return count + 1;
  }
}
