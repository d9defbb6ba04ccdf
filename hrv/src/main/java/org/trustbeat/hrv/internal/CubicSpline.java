package org.trustbeat.hrv.internal;

/**
 * Interpolating cubic spline with not-a-knot end conditions (the third derivative is continuous at
 * the second and the second-to-last knot), as scipy's {@code CubicSpline} builds by default. With
 * three knots that condition gives the parabola through them, with two the line.
 */
public final class CubicSpline {
  private final double[] x;
  private final double[] y;
  private final double[] m; // second derivatives at the knots

  private CubicSpline(double[] x, double[] y, double[] m) {
    this.x = x;
    this.y = y;
    this.m = m;
  }

  /**
   * Fits the spline through {@code (x_i, y_i)}.
   *
   * @throws IllegalArgumentException if fewer than two knots or x is not strictly increasing
   */
  public static CubicSpline notAKnot(double[] x, double[] y) {
    int n = x.length;
    if (n < 2 || y.length != n) {
      throw new IllegalArgumentException("a spline needs at least two knots with one y each");
    }
    for (int i = 1; i < n; i++) {
      if (!(x[i] > x[i - 1])) {
        throw new IllegalArgumentException("spline knots must be strictly increasing at " + i);
      }
    }
    double[] h = new double[n - 1];
    double[] delta = new double[n - 1];
    for (int i = 0; i < n - 1; i++) {
      h[i] = x[i + 1] - x[i];
      delta[i] = (y[i + 1] - y[i]) / h[i];
    }
    double[] m = new double[n];
    if (n == 3) {
      // One parabola through three points: constant second derivative.
      double c = 2 * (delta[1] - delta[0]) / (h[0] + h[1]);
      m[0] = m[1] = m[2] = c;
    } else if (n > 3) {
      solveNotAKnot(h, delta, m);
    }
    return new CubicSpline(x.clone(), y.clone(), m);
  }

  /**
   * Solves for the second derivatives. The interior equations are the usual continuity of the first
   * derivative; the two not-a-knot equations express M_0 and M_{n-1} through their neighbours,
   * which, substituted into the first and last interior rows, leaves a tridiagonal system in M_1 …
   * M_{n-2} solved by the Thomas algorithm.
   */
  private static void solveNotAKnot(double[] h, double[] delta, double[] m) {
    int n = h.length + 1;
    int k = n - 2; // unknowns M_1..M_{n-2}
    double[] sub = new double[k];
    double[] diag = new double[k];
    double[] sup = new double[k];
    double[] rhs = new double[k];
    for (int r = 0; r < k; r++) {
      int i = r + 1;
      sub[r] = h[i - 1];
      diag[r] = 2 * (h[i - 1] + h[i]);
      sup[r] = h[i];
      rhs[r] = 6 * (delta[i] - delta[i - 1]);
    }
    // M_0 = ((h0 + h1) M_1 − h0 M_2) / h1
    double h0 = h[0];
    double h1 = h[1];
    diag[0] += h0 * (h0 + h1) / h1;
    sup[0] -= h0 * h0 / h1;
    // M_{n-1} = ((a + b) M_{n-2} − b M_{n-3}) / a, with a = h_{n-3}, b = h_{n-2}
    double a = h[n - 3];
    double b = h[n - 2];
    diag[k - 1] += b * (a + b) / a;
    sub[k - 1] -= b * b / a;
    thomas(sub, diag, sup, rhs);
    System.arraycopy(rhs, 0, m, 1, k);
    m[0] = ((h0 + h1) * m[1] - h0 * m[2]) / h1;
    m[n - 1] = ((a + b) * m[n - 2] - b * m[n - 3]) / a;
  }

  /** Solves a tridiagonal system in place; the solution replaces {@code rhs}. */
  private static void thomas(double[] sub, double[] diag, double[] sup, double[] rhs) {
    int k = diag.length;
    for (int i = 1; i < k; i++) {
      double w = sub[i] / diag[i - 1];
      diag[i] -= w * sup[i - 1];
      rhs[i] -= w * rhs[i - 1];
    }
    rhs[k - 1] /= diag[k - 1];
    for (int i = k - 2; i >= 0; i--) {
      rhs[i] = (rhs[i] - sup[i] * rhs[i + 1]) / diag[i];
    }
  }

  /** Evaluates at the points {@code xs}, which must be sorted ascending. */
  public double[] evaluateSorted(double[] xs) {
    double[] out = new double[xs.length];
    int seg = 0;
    int last = x.length - 2;
    for (int j = 0; j < xs.length; j++) {
      double t = xs[j];
      while (seg < last && t >= x[seg + 1]) {
        seg++;
      }
      out[j] = evaluateOn(seg, t);
    }
    return out;
  }

  /** Evaluates at one point. */
  public double evaluate(double t) {
    int lo = 0;
    int hi = x.length - 2;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (x[mid] <= t) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return evaluateOn(lo, t);
  }

  private double evaluateOn(int i, double t) {
    double h = x[i + 1] - x[i];
    double a = x[i + 1] - t;
    double b = t - x[i];
    return m[i] * a * a * a / (6 * h)
        + m[i + 1] * b * b * b / (6 * h)
        + (y[i] / h - m[i] * h / 6) * a
        + (y[i + 1] / h - m[i + 1] * h / 6) * b;
  }
}
