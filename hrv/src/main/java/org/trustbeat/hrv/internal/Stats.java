package org.trustbeat.hrv.internal;

import java.util.Arrays;

/** Descriptive statistics with the conventions of HRV-SPEC (sample std, divisor N − 1). */
public final class Stats {
  private Stats() {}

  public static double mean(double[] x, int n) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += x[i];
    }
    return sum / n;
  }

  public static double mean(double[] x) {
    return mean(x, x.length);
  }

  /** Sample standard deviation (divisor n − 1) by two passes, for accuracy; NaN when n < 2. */
  public static double sampleStd(double[] x, int n) {
    if (n < 2) {
      return Double.NaN;
    }
    double m = mean(x, n);
    double ss = 0;
    for (int i = 0; i < n; i++) {
      double d = x[i] - m;
      ss += d * d;
    }
    return Math.sqrt(ss / (n - 1));
  }

  public static double sampleStd(double[] x) {
    return sampleStd(x, x.length);
  }

  /** Median: the mean of the two middle values when n is even. */
  public static double median(double[] x, int n) {
    double[] s = Arrays.copyOf(x, n);
    Arrays.sort(s);
    int mid = n / 2;
    return n % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2.0;
  }

  /** Least-squares slope of y against x. */
  public static double slope(double[] x, double[] y) {
    double mx = mean(x);
    double my = mean(y);
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < x.length; i++) {
      double dx = x[i] - mx;
      sxy += dx * (y[i] - my);
      sxx += dx * dx;
    }
    return sxy / sxx;
  }
}
