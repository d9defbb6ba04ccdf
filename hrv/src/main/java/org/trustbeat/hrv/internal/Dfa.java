package org.trustbeat.hrv.internal;

/** Detrended fluctuation analysis (HRV-SPEC section 6). */
public final class Dfa {
  private Dfa() {}

  /**
   * The scaling exponent over box sizes {@code sMin … sMax}: the least-squares slope of log10 F(s)
   * against log10 s. Returns {@code null} when some F(s) is zero (a flat series has no fluctuation
   * to scale).
   */
  public static Double alpha(double[] nn, int sMin, int sMax) {
    int n = nn.length;
    double mean = Stats.mean(nn);
    double[] y = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += nn[i] - mean;
      y[i] = sum;
    }
    int sizes = sMax - sMin + 1;
    double[] logS = new double[sizes];
    double[] logF = new double[sizes];
    for (int k = 0; k < sizes; k++) {
      int s = sMin + k;
      double f = fluctuation(y, s);
      if (!(f > 0)) {
        return null;
      }
      logS[k] = Math.log10(s);
      logF[k] = Math.log10(f);
    }
    return Stats.slope(logS, logF);
  }

  /** F(s): root mean square of the residuals of a line fitted in each whole box of size s. */
  static double fluctuation(double[] y, int s) {
    int boxes = y.length / s;
    // The abscissa 0..s-1 is the same in every box, so its sums are computed once.
    double xm = (s - 1) / 2.0;
    double sxx = 0;
    for (int i = 0; i < s; i++) {
      sxx += (i - xm) * (i - xm);
    }
    double total = 0;
    for (int b = 0; b < boxes; b++) {
      int off = b * s;
      double ym = 0;
      for (int i = 0; i < s; i++) {
        ym += y[off + i];
      }
      ym /= s;
      double sxy = 0;
      for (int i = 0; i < s; i++) {
        sxy += (i - xm) * (y[off + i] - ym);
      }
      double slope = sxy / sxx;
      for (int i = 0; i < s; i++) {
        double res = y[off + i] - (ym + slope * (i - xm));
        total += res * res;
      }
    }
    return Math.sqrt(total / ((double) boxes * s));
  }
}
