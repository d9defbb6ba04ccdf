package org.trustbeat.hrv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FftTest {
  @ParameterizedTest(name = "length {0}")
  @ValueSource(ints = {1, 2, 3, 5, 7, 8, 12, 17, 64, 100, 481, 601, 1000, 1023, 1024})
  void anyLength_equalsTheDirectDefinition(int n) {
    Random rnd = new Random(n);
    double[] re = new double[n];
    double[] im = new double[n];
    for (int i = 0; i < n; i++) {
      re[i] = rnd.nextGaussian() * 100;
      im[i] = rnd.nextGaussian();
    }
    double[][] expected = directDft(re, im);
    double[] r = re.clone();
    double[] i = im.clone();
    Fft.transform(r, i);
    double scale = 100 * Math.sqrt(n);
    for (int k = 0; k < n; k++) {
      assertEquals(expected[0][k], r[k], 1e-9 * scale, "re[" + k + "]");
      assertEquals(expected[1][k], i[k], 1e-9 * scale, "im[" + k + "]");
    }
  }

  @ParameterizedTest(name = "length {0}")
  @ValueSource(ints = {1, 2, 3, 7, 64, 481, 1024, 1151, 1187, 1200, 1201})
  void lowBinsOfARealSequence_equalTheDirectDefinition(int n) {
    Random rnd = new Random(n);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextGaussian() * 100;
    }
    double[][] expected = directDft(x, new double[n]);
    double scale = 100 * Math.sqrt(n);
    for (int bins : new int[] {1, Math.max(1, n / 10), n / 2 + 1, n}) {
      double[] r = new double[bins];
      double[] i = new double[bins];
      Fft.lowBins(x.clone(), bins, r, i);
      for (int k = 0; k < bins; k++) {
        assertEquals(expected[0][k], r[k], 1e-9 * scale, bins + " bins, re[" + k + "]");
        assertEquals(expected[1][k], i[k], 1e-9 * scale, bins + " bins, im[" + k + "]");
      }
    }
  }

  /** X_k = Σ x_n e^{-2πikn/N}, straight from the definition. */
  private static double[][] directDft(double[] re, double[] im) {
    int n = re.length;
    double[] outRe = new double[n];
    double[] outIm = new double[n];
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < n; j++) {
        double a = -2 * Math.PI * ((long) k * j % n) / n;
        outRe[k] += re[j] * Math.cos(a) - im[j] * Math.sin(a);
        outIm[k] += re[j] * Math.sin(a) + im[j] * Math.cos(a);
      }
    }
    return new double[][] {outRe, outIm};
  }
}
