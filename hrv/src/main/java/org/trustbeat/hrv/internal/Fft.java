package org.trustbeat.hrv.internal;

/**
 * Discrete Fourier transform of any length: iterative radix-2 for powers of two, Bluestein's
 * chirp-z for other lengths (Welch segments need not be a power of two). Forward transform
 * {@code X_k = Σ x_n e^{-2πikn/N}}, no scaling.
 */
public final class Fft {
  private Fft() {}

  /** Transforms {@code re, im} in place. */
  public static void transform(double[] re, double[] im) {
    int n = re.length;
    if (im.length != n) {
      throw new IllegalArgumentException("real and imaginary parts differ in length");
    }
    if (n <= 1) {
      return;
    }
    if (Integer.bitCount(n) == 1) {
      radix2(re, im, false);
    } else {
      bluestein(re, im);
    }
  }

  private static void radix2(double[] re, double[] im, boolean inverse) {
    int n = re.length;
    int levels = Integer.numberOfTrailingZeros(n);
    for (int i = 0; i < n; i++) {
      int j = Integer.reverse(i) >>> (32 - levels);
      if (j > i) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    double sign = inverse ? 1 : -1;
    // Twiddles from a table rather than by repeated multiplication, to keep rounding at ~1 ulp.
    double[] cos = new double[n / 2];
    double[] sin = new double[n / 2];
    for (int i = 0; i < n / 2; i++) {
      double a = 2 * Math.PI * i / n;
      cos[i] = Math.cos(a);
      sin[i] = sign * Math.sin(a);
    }
    for (int size = 2; size <= n; size <<= 1) {
      int half = size >>> 1;
      int step = n / size;
      for (int start = 0; start < n; start += size) {
        for (int k = 0; k < half; k++) {
          int a = start + k;
          int b = a + half;
          double wr = cos[k * step];
          double wi = sin[k * step];
          double tr = re[b] * wr - im[b] * wi;
          double ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }

  private static void bluestein(double[] re, double[] im) {
    int n = re.length;
    int m = Integer.highestOneBit(2 * n - 1) << 1;
    // Chirp w_k = e^{-iπk²/n}; k² is reduced mod 2n so the angle stays small and exact.
    double[] cr = new double[n];
    double[] ci = new double[n];
    for (int k = 0; k < n; k++) {
      long kk = ((long) k * k) % (2L * n);
      double a = Math.PI * kk / n;
      cr[k] = Math.cos(a);
      ci[k] = -Math.sin(a);
    }
    double[] ar = new double[m];
    double[] ai = new double[m];
    for (int k = 0; k < n; k++) {
      ar[k] = re[k] * cr[k] - im[k] * ci[k];
      ai[k] = re[k] * ci[k] + im[k] * cr[k];
    }
    double[] br = new double[m];
    double[] bi = new double[m];
    br[0] = cr[0];
    bi[0] = -ci[0];
    for (int k = 1; k < n; k++) {
      br[k] = cr[k];
      bi[k] = -ci[k];
      br[m - k] = cr[k];
      bi[m - k] = -ci[k];
    }
    radix2(ar, ai, false);
    radix2(br, bi, false);
    for (int k = 0; k < m; k++) {
      double r = ar[k] * br[k] - ai[k] * bi[k];
      double i = ar[k] * bi[k] + ai[k] * br[k];
      ar[k] = r;
      ai[k] = i;
    }
    radix2(ar, ai, true);
    for (int k = 0; k < n; k++) {
      double r = ar[k] / m;
      double i = ai[k] / m;
      re[k] = r * cr[k] - i * ci[k];
      im[k] = r * ci[k] + i * cr[k];
    }
  }
}
