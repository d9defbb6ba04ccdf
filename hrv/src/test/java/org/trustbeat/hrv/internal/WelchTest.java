package org.trustbeat.hrv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WelchTest {
  @ParameterizedTest(name = "{0} samples")
  @ValueSource(ints = {481, 600, 1024, 1200, 1201, 1500, 4000})
  void density_equalsAveragedHannPeriodogramsComputedFromTheDefinition(int len) {
    Random rnd = new Random(len);
    double[] x = new double[len];
    for (int i = 0; i < len; i++) {
      x[i] = 800 + 30 * Math.sin(i * 0.4) + rnd.nextGaussian() * 10;
    }
    Welch w = Welch.of(x, 4.0);
    double[] expected = directWelch(x, 4.0);
    double[] got = w.density();
    assertEquals(expected.length, got.length);
    for (int k = 0; k < got.length; k++) {
      assertEquals(expected[k], got[k], 1e-9 * Math.max(1, expected[k]), "bin " + k);
    }
  }

  @ParameterizedTest(name = "{0} samples")
  @ValueSource(ints = {481, 1024, 1151, 1187, 1200, 1500})
  void bandLimitedDensity_equalsTheFullDensityBelowItsLimit(int len) {
    Random rnd = new Random(len);
    double[] x = new double[len];
    for (int i = 0; i < len; i++) {
      x[i] = 800 + 30 * Math.sin(i * 0.1) + rnd.nextGaussian() * 10;
    }
    Welch full = Welch.of(x, 4.0);
    Welch low = Welch.of(x, 4.0, 0.4);
    double[] f = low.frequencies();
    double[] p = low.density();
    double last = f[f.length - 1];
    assertTrue(
        last < 0.4 && last + (f[1] - f[0]) >= 0.4, "ends at the last bin below 0.4 Hz: " + last);
    for (int k = 0; k < p.length; k++) {
      assertEquals(full.frequencies()[k], f[k], 0.0, "bin " + k);
      assertEquals(full.density()[k], p[k], 1e-9 * Math.max(1, full.density()[k]), "bin " + k);
    }
    assertEquals(
        full.bandPower(0.04, 0.15), low.bandPower(0.04, 0.15), 1e-9 * full.bandPower(0.04, 0.15));
    assertEquals(
        full.bandPower(0.15, 0.4), low.bandPower(0.15, 0.4), 1e-9 * full.bandPower(0.15, 0.4));
    assertEquals(full.peak(0.15, 0.4), low.peak(0.15, 0.4), 0.0);
  }

  @Test
  void sinusoid_peaksAtItsFrequency() {
    double[] x = new double[2048];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.sin(2 * Math.PI * 0.25 * i / 4.0);
    }
    assertEquals(0.25, Welch.of(x, 4.0).peak(0.15, 0.4), 4.0 / 1024);
  }

  @Test
  void bandPower_isTheTrapezoidOverTheBinsInsideTheHalfOpenBand() {
    double[] x = new double[1024];
    Random rnd = new Random(3);
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextGaussian();
    }
    Welch w = Welch.of(x, 4.0);
    double[] f = w.frequencies();
    double[] p = w.density();
    // bins are k/256 Hz; [0.04, 0.15) holds k = 11 … 38
    double sum = 0;
    for (int k = 11; k < 38; k++) {
      sum += (f[k + 1] - f[k]) * (p[k] + p[k + 1]) / 2;
    }
    assertEquals(sum, w.bandPower(0.04, 0.15), 1e-15);
    assertEquals(0.0, w.bandPower(0.001, 0.002), "a band without bins has no power");
  }

  @Test
  void hannWindow_isPeriodic() {
    double[] w = Welch.hannPeriodic(4);
    assertEquals(0.0, w[0], 1e-15);
    assertEquals(0.5, w[1], 1e-15);
    assertEquals(1.0, w[2], 1e-15);
    assertEquals(0.5, w[3], 1e-15);
  }

  /** scipy's welch by its definition, with an O(n²) DFT per segment. */
  private static double[] directWelch(double[] x, double fs) {
    int nper = Math.min(1200, x.length);
    int step = nper - nper / 2;
    int segs = (x.length - nper / 2) / step;
    double[] w = new double[nper];
    double s2 = 0;
    for (int i = 0; i < nper; i++) {
      w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / nper);
      s2 += w[i] * w[i];
    }
    int bins = nper / 2 + 1;
    double[] psd = new double[bins];
    for (int s = 0; s < segs; s++) {
      double mean = 0;
      for (int i = 0; i < nper; i++) {
        mean += x[s * step + i];
      }
      mean /= nper;
      for (int k = 0; k < bins; k++) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < nper; i++) {
          double v = (x[s * step + i] - mean) * w[i];
          double a = -2 * Math.PI * ((long) k * i % nper) / nper;
          re += v * Math.cos(a);
          im += v * Math.sin(a);
        }
        double p = (re * re + im * im) / (fs * s2);
        boolean single = k == 0 || (nper % 2 == 0 && k == bins - 1);
        psd[k] += (single ? p : 2 * p) / segs;
      }
    }
    return psd;
  }
}
