package org.trustbeat.hrv.internal;

import org.trustbeat.hrv.HrvMetrics;
import org.trustbeat.hrv.Metric;

/** Time-domain metrics of HRV-SPEC section 4. */
public final class TimeDomain {
  /** Histogram bin width of the triangular index: 1/128 s, the classic 128 Hz sampling grid. */
  static final double HTI_BIN_MS = 1000.0 / 128.0;

  private TimeDomain() {}

  /** The sdnn job's numbers: n_nn, mean_nn, sdnn. */
  public static void basic(WindowBeats w, HrvMetrics.Builder out) {
    double[] nn = w.nn();
    int n = nn.length;
    out.put(Metric.N_NN, (double) n);
    out.put(Metric.MEAN_NN, n >= 1 ? Stats.mean(nn) : null);
    out.put(Metric.SDNN, n >= 2 ? Stats.sampleStd(nn) : null);
  }

  public static void compute(WindowBeats w, HrvMetrics.Builder out) {
    basic(w, out);
    double[] nn = w.nn();
    int n = nn.length;
    out.put(Metric.MEDIAN_NN, n >= 1 ? Stats.median(nn, n) : null);

    double[] d = diffs(w);
    int m = d.length;
    if (m >= 1) {
      double sq = 0;
      for (double v : d) {
        sq += v * v;
      }
      out.put(Metric.RMSSD, Math.sqrt(sq / m));
    } else {
      out.put(Metric.RMSSD, null);
    }
    out.put(Metric.SDSD, m >= 2 ? Stats.sampleStd(d) : null);
    int nn50 = 0;
    int nn20 = 0;
    for (double v : d) {
      double a = Math.abs(v);
      if (a > 50) {
        nn50++;
      }
      if (a > 20) {
        nn20++;
      }
    }
    out.put(Metric.NN50, (double) nn50);
    out.put(Metric.PNN50, m >= 1 ? 100.0 * nn50 / m : null);
    out.put(Metric.NN20, (double) nn20);
    out.put(Metric.PNN20, m >= 1 ? 100.0 * nn20 / m : null);
    out.put(Metric.CVNN, n >= 2 ? Stats.sampleStd(nn) / Stats.mean(nn) : null);
    if (n == 0) {
      // A window with beats but no NN interval is still reported: every rate is absent.
      out.put(Metric.MEAN_HR, null).put(Metric.STD_HR, null).put(Metric.MIN_HR, null);
      out.put(Metric.MAX_HR, null).put(Metric.HTI, null);
      return;
    }
    double[] hr = new double[n];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      hr[i] = 60000.0 / nn[i];
      min = Math.min(min, hr[i]);
      max = Math.max(max, hr[i]);
    }
    out.put(Metric.MEAN_HR, Stats.mean(hr));
    out.put(Metric.STD_HR, n >= 2 ? Stats.sampleStd(hr) : null);
    out.put(Metric.MIN_HR, min);
    out.put(Metric.MAX_HR, max);
    out.put(Metric.HTI, triangularIndex(nn));
  }

  /** Differences {@code d_j = NN_{j+1} − NN_j} over successive pairs. */
  static double[] diffs(WindowBeats w) {
    double[] x = w.pairFirst();
    double[] y = w.pairSecond();
    double[] d = new double[x.length];
    for (int j = 0; j < d.length; j++) {
      d[j] = y[j] - x[j];
    }
    return d;
  }

  /**
   * n / (count of the fullest bin); bins are [k·w, (k+1)·w) with w = 7.8125 ms. NN intervals lie in
   * [300, 2000] ms after cleaning, so a fixed array of bins covers them all.
   */
  static double triangularIndex(double[] nn) {
    int[] counts = new int[(int) Math.floor(2000.0 / HTI_BIN_MS) + 1];
    int maxCount = 0;
    for (double v : nn) {
      int c = ++counts[(int) Math.floor(v / HTI_BIN_MS)];
      maxCount = Math.max(maxCount, c);
    }
    return (double) nn.length / maxCount;
  }
}
