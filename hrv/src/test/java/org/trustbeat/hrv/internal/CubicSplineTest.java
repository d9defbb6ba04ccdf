package org.trustbeat.hrv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CubicSplineTest {
  private static double cubic(double x) {
    return 2 - 3 * x + 0.5 * x * x - 0.04 * x * x * x;
  }

  @Test
  void notAKnot_reproducesAnyCubicExactly() {
    // Not-a-knot splines are exact for cubic polynomials, whatever the knot spacing.
    Random rnd = new Random(1);
    double[] x = new double[12];
    double[] y = new double[12];
    double t = 0;
    for (int i = 0; i < x.length; i++) {
      t += 0.3 + rnd.nextDouble();
      x[i] = t;
      y[i] = cubic(t);
    }
    CubicSpline s = CubicSpline.notAKnot(x, y);
    for (double q = x[0]; q <= x[x.length - 1]; q += 0.01) {
      assertEquals(cubic(q), s.evaluate(q), 1e-9, "at " + q);
    }
  }

  @Test
  void spline_passesThroughItsKnots() {
    double[] x = {0, 0.8, 1.5, 2.7, 3.1, 4.0};
    double[] y = {800, 820, 790, 805, 860, 815};
    double[] at = CubicSpline.notAKnot(x, y).evaluateSorted(x);
    for (int i = 0; i < x.length; i++) {
      assertEquals(y[i], at[i], 1e-9);
    }
  }

  @Test
  void thirdDerivative_isContinuousAtTheSecondAndPenultimateKnots() {
    double[] x = {0, 1, 2.5, 3, 4.5, 5};
    double[] y = {1, 3, 2, 5, 4, 4.5};
    CubicSpline s = CubicSpline.notAKnot(x, y);
    assertEquals(thirdDerivative(s, 0.5), thirdDerivative(s, 1.7), 1e-5);
    assertEquals(thirdDerivative(s, 3.7), thirdDerivative(s, 4.8), 1e-5);
  }

  @Test
  void threeKnots_giveTheParabolaThroughThem() {
    CubicSpline s = CubicSpline.notAKnot(new double[] {0, 1, 3}, new double[] {1, 2, 10});
    // y = 1 + 0·x + x² fits (0,1), (1,2), (3,10)
    assertEquals(1 + 2.0 * 2.0, s.evaluate(2.0), 1e-12);
  }

  @Test
  void twoKnots_giveTheLine() {
    assertEquals(
        15.0, CubicSpline.notAKnot(new double[] {0, 2}, new double[] {10, 20}).evaluate(1), 1e-12);
  }

  @Test
  void unsortedKnots_areRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> CubicSpline.notAKnot(new double[] {0, 2, 2}, new double[] {1, 2, 3}));
  }

  /** Third finite difference, exact for a cubic piece when all points lie in one segment. */
  private static double thirdDerivative(CubicSpline s, double at) {
    double h = 0.05;
    return (s.evaluate(at + 1.5 * h)
            - 3 * s.evaluate(at + 0.5 * h)
            + 3 * s.evaluate(at - 0.5 * h)
            - s.evaluate(at - 1.5 * h))
        / (h * h * h);
  }
}
