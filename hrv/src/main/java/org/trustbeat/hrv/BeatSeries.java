package org.trustbeat.hrv;

import java.util.Arrays;

/**
 * An immutable beat stream: {@code (t_i, rr_i)} pairs in arrival order, as HRV-SPEC section 1
 * defines them. {@code t_i} is the time in seconds of the beat that ends interval {@code rr_i}
 * (seconds since the Unix epoch for streams, since the start of the recording for files); {@code
 * rr_i} is in milliseconds and may be any double, including artifacts and non-finite values:
 * rejecting those is the cleaning step's job, not the container's.
 */
public final class BeatSeries {
  private final double[] times;
  private final double[] rrMs;

  private BeatSeries(double[] times, double[] rrMs) {
    this.times = times;
    this.rrMs = rrMs;
  }

  /** Copies both arrays; they must have the same length. */
  public static BeatSeries of(double[] timesSeconds, double[] rrMs) {
    if (timesSeconds.length != rrMs.length) {
      throw new IllegalArgumentException(
          "times and RR values differ in length ("
              + timesSeconds.length
              + " vs "
              + rrMs.length
              + "); pass one time per RR interval");
    }
    for (int i = 0; i < timesSeconds.length; i++) {
      if (!Double.isFinite(timesSeconds[i])) {
        throw new IllegalArgumentException(
            "beat " + i + " has no finite time; every beat needs a real timestamp in seconds");
      }
    }
    return new BeatSeries(timesSeconds.clone(), rrMs.clone());
  }

  /**
   * Builds the series of a plain RR recording: {@code t_i} is the cumulative sum of the RR values
   * in seconds, so {@code t_1 = rr_1 / 1000}.
   */
  public static BeatSeries fromRrMs(double[] rrMs) {
    double[] t = new double[rrMs.length];
    double sum = 0;
    for (int i = 0; i < rrMs.length; i++) {
      sum += rrMs[i] / 1000.0;
      t[i] = sum;
    }
    return new BeatSeries(t, rrMs.clone());
  }

  public int size() {
    return rrMs.length;
  }

  public double time(int i) {
    return times[i];
  }

  public double rr(int i) {
    return rrMs[i];
  }

  public double[] times() {
    return times.clone();
  }

  public double[] rrMs() {
    return rrMs.clone();
  }

  /** Package-private views for the analyzer's hot path; never handed out. */
  double[] timesView() {
    return times;
  }

  double[] rrView() {
    return rrMs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BeatSeries b
        && Arrays.equals(times, b.times)
        && Arrays.equals(rrMs, b.rrMs);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(times) + Arrays.hashCode(rrMs);
  }

  /** Prints the size only: a beat series is patient data. */
  @Override
  public String toString() {
    return "BeatSeries{beats=" + rrMs.length + "}";
  }
}
