package org.trustbeat.hrv;

/**
 * Turns RR intervals into NN intervals by HRV-SPEC (version 2) section 2: a range check (300–2000
 * ms, finite), then a 20 % check against the median of the interval's in-range neighbours (up to
 * five before and five after, within 30 s of its beat).
 *
 * <p>Each decision depends only on raw values near the beat, never on another decision. That is why
 * the rule cannot get stuck after one premature beat or a genuine rate step (version 1's "last
 * accepted" rule did, for hours on real recordings), and why a window can be cleaned from its own
 * beats plus 30 s of context without any state carried from earlier windows.
 */
public final class RrCleaner {
  public static final double MIN_RR_MS = 300.0;
  public static final double MAX_RR_MS = 2000.0;
  public static final double MAX_RELATIVE_CHANGE = 0.20;

  /** Neighbours are taken up to this many positions before and after the interval. */
  public static final int NEIGHBOURS_PER_SIDE = 5;

  /** ... and only when their beats lie within this many seconds of the interval's beat. */
  public static final double NEIGHBOUR_SPAN_S = 30.0;

  /** Relative distance from the 20 % edges within which the exact median test decides. */
  private static final double FAST_PATH_MARGIN = 1e-9;

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
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = lo; j <= hi; j++) {
        if (j != i && inRange[j] && Math.abs(tSeconds[j] - tSeconds[i]) <= NEIGHBOUR_SPAN_S) {
          double v = rrMs[j];
          neighbours[count++] = v;
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
      if (count == 0) {
        accepted[i] = true;
        continue;
      }
      // The median lies within [min, max]. When all neighbours are comfortably within 20 % of
      // rr_i (most beats), so is the median and rr_i is accepted without sorting; the margin
      // keeps rounding near the 20 % edge to the exact rule below.
      double rr = rrMs[i];
      if (min > rr / (1 + MAX_RELATIVE_CHANGE) * (1 + FAST_PATH_MARGIN)
          && max < rr / (1 - MAX_RELATIVE_CHANGE) * (1 - FAST_PATH_MARGIN)) {
        accepted[i] = true;
        continue;
      }
      java.util.Arrays.sort(neighbours, 0, count);
      double ref =
          count % 2 == 1
              ? neighbours[count / 2]
              : (neighbours[count / 2 - 1] + neighbours[count / 2]) / 2.0;
      accepted[i] = !(Math.abs(rr - ref) / ref > MAX_RELATIVE_CHANGE);
    }
    return accepted;
  }

  /** Finite and within {@code [300, 2000]} ms; the negated comparison also rejects NaN. */
  static boolean inRange(double rr) {
    return rr >= MIN_RR_MS && rr <= MAX_RR_MS;
  }
}
