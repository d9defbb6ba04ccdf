package org.trustbeat.hrv.internal;

/**
 * Welch power spectral density as HRV-SPEC section 5 defines it, equal to {@code
 * scipy.signal.welch(x, fs, window='hann', nperseg=min(1200, len(x)), noverlap=nperseg // 2,
 * detrend='constant', scaling='density')}.
 */
public final class Welch {
  /** 300 s at 4 Hz, as Kubios uses: a 5-min window's spectrum uses all of its data. */
  public static final int MAX_SEGMENT = 1200;

  private final double[] frequencies;
  private final double[] density;

  private Welch(double[] frequencies, double[] density) {
    this.frequencies = frequencies;
    this.density = density;
  }

  public static Welch of(double[] x, double fs) {
    return of(x, fs, Double.POSITIVE_INFINITY);
  }

  /**
   * The density at the bins below {@code maxHz} only, each equal to the full computation's: what
   * the HRV bands need (they end at 0.4 Hz of a 2-Hz range), at a fraction of the work. {@link
   * #bandPower} and {@link #peak} are then right for bands that end at or below {@code maxHz}.
   */
  public static Welch of(double[] x, double fs, double maxHz) {
    int nperseg = Math.min(MAX_SEGMENT, x.length);
    int noverlap = nperseg / 2;
    int step = nperseg - noverlap;
    int segments = (x.length - noverlap) / step;
    double[] window = hannPeriodic(nperseg);
    double sumSq = 0;
    for (double w : window) {
      sumSq += w * w;
    }
    double scale = 1.0 / (fs * sumSq);
    int allBins = nperseg / 2 + 1;
    // Rounded exactly as numpy's rfftfreq does (k · (1 / (n · (1/fs)))), so that a bin lying on a
    // band edge such as 0.4 Hz falls on the same side of it as in scipy.
    double binWidth = 1.0 / (nperseg * (1.0 / fs));
    int bins = 0;
    while (bins < allBins && bins * binWidth < maxHz) {
      bins++;
    }
    bins = Math.max(1, bins);
    boolean partial = bins < allBins;
    double[] psd = new double[bins];
    double[] seg = new double[nperseg];
    double[] re = new double[nperseg];
    double[] im = new double[nperseg];
    for (int s = 0; s < segments; s++) {
      int off = s * step;
      double mean = 0;
      for (int i = 0; i < nperseg; i++) {
        mean += x[off + i];
      }
      mean /= nperseg;
      for (int i = 0; i < nperseg; i++) {
        seg[i] = (x[off + i] - mean) * window[i];
      }
      if (partial) {
        Fft.lowBins(seg, bins, re, im);
      } else {
        System.arraycopy(seg, 0, re, 0, nperseg);
        java.util.Arrays.fill(im, 0);
        Fft.transform(re, im);
      }
      for (int k = 0; k < bins; k++) {
        double p = (re[k] * re[k] + im[k] * im[k]) * scale;
        boolean unpaired = k == 0 || (nperseg % 2 == 0 && k == allBins - 1);
        psd[k] += unpaired ? p : 2 * p;
      }
    }
    double[] freq = new double[bins];
    for (int k = 0; k < bins; k++) {
      psd[k] /= segments;
      freq[k] = k * binWidth;
    }
    return new Welch(freq, psd);
  }

  /** The periodic Hann window of scipy's {@code get_window('hann', n)}. */
  static double[] hannPeriodic(int n) {
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
    }
    return w;
  }

  public double[] frequencies() {
    return frequencies.clone();
  }

  public double[] density() {
    return density.clone();
  }

  /**
   * Trapezoidal integral of the PSD over the bins with {@code lo ≤ f < hi}; 0 with under 2 bins.
   */
  public double bandPower(double lo, double hi) {
    double sum = 0;
    int prev = -1;
    for (int k = 0; k < frequencies.length; k++) {
      if (frequencies[k] >= lo && frequencies[k] < hi) {
        if (prev >= 0) {
          sum += (frequencies[k] - frequencies[prev]) * (density[k] + density[prev]) / 2;
        }
        prev = k;
      }
    }
    return sum;
  }

  /** Frequency of the largest PSD bin with {@code lo ≤ f < hi}, the first on ties; NaN if none. */
  public double peak(double lo, double hi) {
    double best = Double.NaN;
    double bestPower = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < frequencies.length; k++) {
      if (frequencies[k] >= lo && frequencies[k] < hi && density[k] > bestPower) {
        bestPower = density[k];
        best = frequencies[k];
      }
    }
    return best;
  }
}
