package org.trustbeat.protocol;

import java.util.Arrays;

/**
 * An immutable run of RR samples: for each beat, the event time {@code tSeconds} of the beat that
 * ends the interval (seconds since the Unix epoch) and the interval {@code rrMs} in milliseconds.
 *
 * <p>Values are kept as doubles and travel as their exact IEEE-754 bits, so replaying a recorded
 * file gives bit-identical numbers in every execution mode. Equality is bitwise for the same
 * reason.
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #toString()} prints only the count: samples are health data and must not reach logs.
 */
public final class RrSamples {
  private static final RrSamples EMPTY = new RrSamples(new double[0], new double[0]);

  private final double[] tSeconds;
  private final double[] rrMs;

  private RrSamples(double[] tSeconds, double[] rrMs) {
    this.tSeconds = tSeconds;
    this.rrMs = rrMs;
  }

  public static RrSamples empty() {
    return EMPTY;
  }

  /**
   * Copies the two parallel arrays.
   *
   * @throws IllegalArgumentException if the lengths differ or a value is NaN or infinite; the
   *     message gives the index, never the value
   */
  public static RrSamples of(double[] tSeconds, double[] rrMs) {
    if (tSeconds.length != rrMs.length) {
      throw new IllegalArgumentException(
          "tSeconds has "
              + tSeconds.length
              + " values but rrMs has "
              + rrMs.length
              + "; pass one time per interval");
    }
    for (int i = 0; i < tSeconds.length; i++) {
      if (!Double.isFinite(tSeconds[i]) || !Double.isFinite(rrMs[i])) {
        throw new IllegalArgumentException(
            "sample " + i + " is NaN or infinite; drop or repair it before sealing");
      }
    }
    return new RrSamples(tSeconds.clone(), rrMs.clone());
  }

  public static Builder builder() {
    return new Builder();
  }

  public int size() {
    return tSeconds.length;
  }

  public boolean isEmpty() {
    return tSeconds.length == 0;
  }

  public double tSeconds(int index) {
    return tSeconds[index];
  }

  public double rrMs(int index) {
    return rrMs[index];
  }

  /** A copy of the event times, seconds since the epoch. */
  public double[] tSecondsArray() {
    return tSeconds.clone();
  }

  /** A copy of the intervals, milliseconds. */
  public double[] rrMsArray() {
    return rrMs.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RrSamples
        && Arrays.equals(tSeconds, ((RrSamples) o).tSeconds)
        && Arrays.equals(rrMs, ((RrSamples) o).rrMs);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(tSeconds) + Arrays.hashCode(rrMs);
  }

  @Override
  public String toString() {
    return "RrSamples{count=" + tSeconds.length + "}";
  }

  /** Accumulates samples, for gateways that batch a stream into chunks. Not thread-safe. */
  public static final class Builder {
    private double[] t = new double[64];
    private double[] rr = new double[64];
    private int size;

    private Builder() {}

    public Builder add(double tSeconds, double rrMs) {
      if (size == t.length) {
        t = Arrays.copyOf(t, size * 2);
        rr = Arrays.copyOf(rr, size * 2);
      }
      t[size] = tSeconds;
      rr[size] = rrMs;
      size++;
      return this;
    }

    public int size() {
      return size;
    }

    /**
     * @throws IllegalArgumentException as {@link RrSamples#of}
     */
    public RrSamples build() {
      return of(Arrays.copyOf(t, size), Arrays.copyOf(rr, size));
    }
  }
}
