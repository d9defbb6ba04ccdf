package org.trustbeat.hrv;

/**
 * Turns RR intervals into NN intervals by HRV-SPEC section 2: a range check (300–2000 ms, finite)
 * and a 20 % change check against the last accepted interval.
 */
public final class RrCleaner {
  public static final double MIN_RR_MS = 300.0;
  public static final double MAX_RR_MS = 2000.0;
  public static final double MAX_RELATIVE_CHANGE = 0.20;

  private RrCleaner() {}

  /** Returns, for each interval in order, whether it is accepted as an NN interval. */
  public static boolean[] accept(double[] rrMs) {
    return accept(rrMs, Double.NaN);
  }

  /**
   * Like {@link #accept(double[])}, continuing a stream whose last accepted interval was {@code
   * lastAccepted} (NaN when there was none): cleaning carries across window boundaries.
   */
  public static boolean[] accept(double[] rrMs, double lastAccepted) {
    boolean[] accepted = new boolean[rrMs.length];
    double last = lastAccepted;
    for (int i = 0; i < rrMs.length; i++) {
      double rr = rrMs[i];
      // The negated comparison also rejects NaN, which fails every comparison.
      if (!(rr >= MIN_RR_MS && rr <= MAX_RR_MS)) {
        continue;
      }
      if (!Double.isNaN(last) && Math.abs(rr - last) / last > MAX_RELATIVE_CHANGE) {
        continue;
      }
      accepted[i] = true;
      last = rr;
    }
    return accepted;
  }
}
