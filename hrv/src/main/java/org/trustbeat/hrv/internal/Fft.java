package org.trustbeat.hrv.internal;

/**
 * Discrete Fourier transform of any length: iterative radix-2 for powers of two, Bluestein's
 * chirp-z for other lengths (Welch segments need not be a power of two). Forward transform {@code
 * X_k = Σ x_n e^{-2πikn/N}}, no scaling.
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

  /**
   * The first {@code bins} outputs of the transform of a real sequence, {@code X_k = Σ x_n
   * e^{-2πikn/N}} for {@code k < bins}, into {@code re} and {@code im} (at least {@code bins}
   * long). Bluestein's chirp-z needs a circular convolution only as long as the outputs asked for
   * (N + bins − 1 rather than 2N − 1): HRV's bands end at 0.4 Hz of a 2-Hz range, so a window's
   * spectrum takes two transforms of half the size the full one needs.
   */
  public static void lowBins(double[] x, int bins, double[] re, double[] im) {
    int n = x.length;
    if (bins < 1 || bins > n) {
      throw new IllegalArgumentException("bins " + bins + " outside 1.." + n);
    }
    if (Integer.bitCount(n) == 1) {
      double[] r = x.clone();
      double[] i = new double[n];
      transform(r, i);
      System.arraycopy(r, 0, re, 0, bins);
      System.arraycopy(i, 0, im, 0, bins);
      return;
    }
    Chirp c = Chirp.of(n, bins);
    int m = c.m;
    double[] ar = new double[m];
    double[] ai = new double[m];
    for (int k = 0; k < n; k++) {
      ar[k] = x[k] * c.cr[k];
      ai[k] = x[k] * c.ci[k];
    }
    convolveWithKernel(ar, ai, c);
    for (int k = 0; k < bins; k++) {
      double r = ar[k] / m;
      double i = ai[k] / m;
      re[k] = r * c.cr[k] - i * c.ci[k];
      im[k] = r * c.ci[k] + i * c.cr[k];
    }
  }

  /**
   * {@code a ← IFFT(FFT(a) · kernel)}, unscaled: the circular convolution of Bluestein's method.
   */
  private static void convolveWithKernel(double[] ar, double[] ai, Chirp c) {
    radix2(ar, ai, false);
    double[] br = c.kernelRe;
    double[] bi = c.kernelIm;
    for (int k = 0; k < c.m; k++) {
      double r = ar[k] * br[k] - ai[k] * bi[k];
      double i = ar[k] * bi[k] + ai[k] * br[k];
      ar[k] = r;
      ai[k] = i;
    }
    radix2(ar, ai, true);
  }

  private static void radix2(double[] re, double[] im, boolean inverse) {
    int n = re.length;
    Twiddles tw = Twiddles.of(n);
    int[] swaps = tw.swaps;
    for (int s = 0; s < swaps.length; s += 2) {
      int i = swaps[s];
      int j = swaps[s + 1];
      double t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
    // Size-2 butterflies need no twiddle.
    for (int a = 0; a < n; a += 2) {
      double r = re[a + 1];
      double i = im[a + 1];
      re[a + 1] = re[a] - r;
      im[a + 1] = im[a] - i;
      re[a] += r;
      im[a] += i;
    }
    double sign = inverse ? 1 : -1;
    for (int half = 2; half < n; half <<= 1) {
      int size = half << 1;
      // This stage's twiddles e^{-2πik/size}, k < half, lie contiguous from index half - 1.
      int base = half - 1;
      for (int start = 0; start < n; start += size) {
        for (int k = 0; k < half; k++) {
          int a = start + k;
          int b = a + half;
          double wr = tw.cos[base + k];
          double wi = sign * tw.sin[base + k];
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
    Chirp c = Chirp.of(n, n);
    int m = c.m;
    double[] cr = c.cr;
    double[] ci = c.ci;
    double[] ar = new double[m];
    double[] ai = new double[m];
    for (int k = 0; k < n; k++) {
      ar[k] = re[k] * cr[k] - im[k] * ci[k];
      ai[k] = re[k] * ci[k] + im[k] * cr[k];
    }
    convolveWithKernel(ar, ai, c);
    for (int k = 0; k < n; k++) {
      double r = ar[k] / m;
      double i = ai[k] / m;
      re[k] = r * cr[k] - i * ci[k];
      im[k] = r * ci[k] + i * cr[k];
    }
  }

  /**
   * The tables of one power-of-two size: the bit-reversal swaps, and every stage's twiddles {@code
   * cos(2πk/size)}, {@code sin(2πk/size)} for {@code k < size/2}, stage after stage, so that a
   * stage reads them in order. Each is computed directly rather than by repeated multiplication, to
   * keep rounding at ~1 ulp. Kept per size, since every window's transform needs the same few
   * sizes; read-only once built.
   */
  private static final class Twiddles {
    private static final java.util.concurrent.ConcurrentHashMap<Integer, Twiddles> BY_SIZE =
        new java.util.concurrent.ConcurrentHashMap<>();

    /** Sizes up to 2^22 are kept (a few MB at most); larger ones are built per call. */
    private static final int MAX_CACHED = 1 << 22;

    final int[] swaps;
    final double[] cos;
    final double[] sin;

    private Twiddles(int n) {
      int levels = Integer.numberOfTrailingZeros(n);
      int[] pairs = new int[n];
      int count = 0;
      for (int i = 0; i < n; i++) {
        int j = Integer.reverse(i) >>> (32 - levels);
        if (j > i) {
          pairs[count++] = i;
          pairs[count++] = j;
        }
      }
      swaps = java.util.Arrays.copyOf(pairs, count);
      cos = new double[Math.max(1, n - 1)];
      sin = new double[Math.max(1, n - 1)];
      for (int half = 1; half < n; half <<= 1) {
        for (int k = 0; k < half; k++) {
          // k/(2·half) of a turn, reduced to the index of the largest table: exact angles.
          double a = Math.PI * k / half;
          cos[half - 1 + k] = Math.cos(a);
          sin[half - 1 + k] = Math.sin(a);
        }
      }
    }

    static Twiddles of(int n) {
      return n > MAX_CACHED ? new Twiddles(n) : BY_SIZE.computeIfAbsent(n, Twiddles::new);
    }
  }

  /**
   * Bluestein's chirp {@code w_k = e^{-iπk²/n}} for one length, and the transform of its kernel for
   * a number of outputs, which depend on those two numbers only. Welch segments and 5-min windows
   * come in a few hundred lengths at most, so that many are kept (about 50 kB each at a 5-min
   * window's length); read-only once built.
   */
  private static final class Chirp {
    private static final int MAX_KEPT = 512;
    private static final java.util.Map<Long, Chirp> KEPT =
        java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(64, 0.75f, true) {
              @Override
              protected boolean removeEldestEntry(java.util.Map.Entry<Long, Chirp> e) {
                return size() > MAX_KEPT;
              }
            });

    final int m;
    final double[] cr;
    final double[] ci;
    final double[] kernelRe;
    final double[] kernelIm;

    /** For the first {@code outputs} transform values of length-{@code n} input. */
    private Chirp(int n, int outputs) {
      // A linear convolution of n inputs with n + outputs - 1 kernel taps, without wrap-around.
      m = Integer.highestOneBit(n + outputs - 2) << 1;
      cr = new double[n];
      ci = new double[n];
      // k² is reduced mod 2n so the angle stays small and exact.
      for (int k = 0; k < n; k++) {
        long kk = ((long) k * k) % (2L * n);
        double a = Math.PI * kk / n;
        cr[k] = Math.cos(a);
        ci[k] = -Math.sin(a);
      }
      // The kernel is conj(w_j) for j = -(n-1) … outputs-1, placed at j mod m; w is even in j.
      kernelRe = new double[m];
      kernelIm = new double[m];
      for (int k = 0; k < outputs; k++) {
        kernelRe[k] = cr[k];
        kernelIm[k] = -ci[k];
      }
      for (int k = 1; k < n; k++) {
        kernelRe[m - k] = cr[k];
        kernelIm[m - k] = -ci[k];
      }
      radix2(kernelRe, kernelIm, false);
    }

    static Chirp of(int n, int outputs) {
      long key = ((long) n << 32) | outputs;
      Chirp c = KEPT.get(key);
      if (c == null) {
        c = new Chirp(n, outputs);
        KEPT.put(key, c);
      }
      return c;
    }
  }
}
