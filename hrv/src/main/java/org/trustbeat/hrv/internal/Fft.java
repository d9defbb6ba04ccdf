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
    Twiddles tw = Twiddles.of(n);
    double sign = inverse ? 1 : -1;
    for (int size = 2; size <= n; size <<= 1) {
      int half = size >>> 1;
      int step = n / size;
      for (int start = 0; start < n; start += size) {
        for (int k = 0; k < half; k++) {
          int a = start + k;
          int b = a + half;
          double wr = tw.cos[k * step];
          double wi = sign * tw.sin[k * step];
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
    Chirp c = Chirp.of(n);
    int m = c.m;
    double[] cr = c.cr;
    double[] ci = c.ci;
    double[] ar = new double[m];
    double[] ai = new double[m];
    for (int k = 0; k < n; k++) {
      ar[k] = re[k] * cr[k] - im[k] * ci[k];
      ai[k] = re[k] * ci[k] + im[k] * cr[k];
    }
    radix2(ar, ai, false);
    double[] br = c.kernelRe;
    double[] bi = c.kernelIm;
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

  /**
   * The twiddle table of one power-of-two size, {@code cos(2πi/n)} and {@code sin(2πi/n)}: from a
   * table rather than by repeated multiplication, to keep rounding at ~1 ulp. Kept per size, since
   * every window's transform needs the same few sizes; read-only once built.
   */
  private static final class Twiddles {
    private static final java.util.concurrent.ConcurrentHashMap<Integer, Twiddles> BY_SIZE =
        new java.util.concurrent.ConcurrentHashMap<>();
    /** Sizes up to 2^22 are kept (a few MB at most); larger ones are built per call. */
    private static final int MAX_CACHED = 1 << 22;

    final double[] cos;
    final double[] sin;

    private Twiddles(int n) {
      cos = new double[n / 2];
      sin = new double[n / 2];
      for (int i = 0; i < n / 2; i++) {
        double a = 2 * Math.PI * i / n;
        cos[i] = Math.cos(a);
        sin[i] = Math.sin(a);
      }
    }

    static Twiddles of(int n) {
      return n > MAX_CACHED ? new Twiddles(n) : BY_SIZE.computeIfAbsent(n, Twiddles::new);
    }
  }

  /**
   * Bluestein's chirp {@code w_k = e^{-iπk²/n}} for one length and the transform of its kernel,
   * which depend on the length only. Welch segments and 5-min windows come in a handful of
   * lengths, so a few of these are kept; read-only once built.
   */
  private static final class Chirp {
    private static final int MAX_KEPT = 32;
    private static final java.util.Map<Integer, Chirp> KEPT =
        java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(MAX_KEPT, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(java.util.Map.Entry<Integer, Chirp> e) {
                return size() > MAX_KEPT;
              }
            });

    final int m;
    final double[] cr;
    final double[] ci;
    final double[] kernelRe;
    final double[] kernelIm;

    private Chirp(int n) {
      m = Integer.highestOneBit(2 * n - 1) << 1;
      cr = new double[n];
      ci = new double[n];
      // k² is reduced mod 2n so the angle stays small and exact.
      for (int k = 0; k < n; k++) {
        long kk = ((long) k * k) % (2L * n);
        double a = Math.PI * kk / n;
        cr[k] = Math.cos(a);
        ci[k] = -Math.sin(a);
      }
      kernelRe = new double[m];
      kernelIm = new double[m];
      kernelRe[0] = cr[0];
      kernelIm[0] = -ci[0];
      for (int k = 1; k < n; k++) {
        kernelRe[k] = cr[k];
        kernelIm[k] = -ci[k];
        kernelRe[m - k] = cr[k];
        kernelIm[m - k] = -ci[k];
      }
      radix2(kernelRe, kernelIm, false);
    }

    static Chirp of(int n) {
      Chirp c = KEPT.get(n);
      if (c == null) {
        c = new Chirp(n);
        KEPT.put(n, c);
      }
      return c;
    }
  }
}
