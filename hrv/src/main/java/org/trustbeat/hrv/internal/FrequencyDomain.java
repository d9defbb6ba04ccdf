package org.trustbeat.hrv.internal;

import org.trustbeat.hrv.HrvMetrics;
import org.trustbeat.hrv.Metric;

/** Frequency-domain metrics of HRV-SPEC section 5: spline resampling at 4 Hz, then Welch. */
public final class FrequencyDomain {
  public static final double FS = 4.0;
  public static final double MIN_SPAN_S = 120.0;
  public static final int MIN_BEATS = 100;
  public static final double VLF_LO = 0.0033;
  public static final double LF_LO = 0.04;
  public static final double HF_LO = 0.15;
  public static final double HF_HI = 0.40;

  private static final Metric[] ALL = {
    Metric.VLF,
    Metric.LF,
    Metric.HF,
    Metric.TOTAL_POWER,
    Metric.LF_HF,
    Metric.LF_NU,
    Metric.HF_NU,
    Metric.LF_PEAK,
    Metric.HF_PEAK
  };

  private FrequencyDomain() {}

  /**
   * The spectrum of the window's NN series, or {@code null} when the spec leaves the frequency
   * metrics absent (span under 120 s, fewer than 100 beats) or the times are not increasing.
   */
  public static Welch spectrum(WindowBeats w) {
    return spectrum(w, Double.POSITIVE_INFINITY);
  }

  /**
   * {@link #spectrum} at the bins below {@code maxHz} only (the metrics need none above 0.4 Hz).
   */
  static Welch spectrum(WindowBeats w, double maxHz) {
    double[] t = w.nnTimes();
    double[] nn = w.nn();
    int n = nn.length;
    if (n < MIN_BEATS || !(t[n - 1] - t[0] >= MIN_SPAN_S) || !strictlyIncreasing(t)) {
      return null;
    }
    double[] grid = resamplingGrid(t[0], t[n - 1]);
    double[] x = CubicSpline.notAKnot(t, nn).evaluateSorted(grid);
    return Welch.of(x, FS, maxHz);
  }

  /** The grid {@code t_first + k/4}, {@code k = 0 … floor(4·(t_last − t_first))}. */
  static double[] resamplingGrid(double first, double last) {
    int count = (int) Math.floor(FS * (last - first)) + 1;
    double[] grid = new double[count];
    for (int k = 0; k < count; k++) {
      grid[k] = first + k / FS;
    }
    return grid;
  }

  private static boolean strictlyIncreasing(double[] t) {
    for (int i = 1; i < t.length; i++) {
      if (!(t[i] > t[i - 1])) {
        return false;
      }
    }
    return true;
  }

  /** The hrv-bands job's numbers: lf, hf, lf_hf. */
  public static void bands(WindowBeats w, HrvMetrics.Builder out) {
    Welch psd = spectrum(w, HF_HI);
    if (psd == null) {
      out.put(Metric.LF, null).put(Metric.HF, null).put(Metric.LF_HF, null);
      return;
    }
    double lf = psd.bandPower(LF_LO, HF_LO);
    double hf = psd.bandPower(HF_LO, HF_HI);
    out.put(Metric.LF, lf).put(Metric.HF, hf).put(Metric.LF_HF, hf == 0 ? null : lf / hf);
  }

  public static void compute(WindowBeats w, HrvMetrics.Builder out) {
    Welch psd = spectrum(w, HF_HI);
    if (psd == null) {
      for (Metric m : ALL) {
        out.put(m, null);
      }
      return;
    }
    double vlf = psd.bandPower(VLF_LO, LF_LO);
    double lf = psd.bandPower(LF_LO, HF_LO);
    double hf = psd.bandPower(HF_LO, HF_HI);
    out.put(Metric.VLF, vlf);
    out.put(Metric.LF, lf);
    out.put(Metric.HF, hf);
    out.put(Metric.TOTAL_POWER, vlf + lf + hf);
    out.put(Metric.LF_HF, hf == 0 ? null : lf / hf);
    double lfhf = lf + hf;
    out.put(Metric.LF_NU, lfhf == 0 ? null : 100 * lf / lfhf);
    out.put(Metric.HF_NU, lfhf == 0 ? null : 100 * hf / lfhf);
    // A NaN peak (band without a bin) becomes null through the builder.
    out.put(Metric.LF_PEAK, psd.peak(LF_LO, HF_LO));
    out.put(Metric.HF_PEAK, psd.peak(HF_LO, HF_HI));
  }
}
