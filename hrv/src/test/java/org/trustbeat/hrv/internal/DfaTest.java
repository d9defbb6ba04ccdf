package org.trustbeat.hrv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DfaTest {
  @Test
  void fluctuation_isTheRmsOfLineResidualsInWholeBoxes() {
    // y = 0, 1, 0, 1, 0, 1, 0 (7 points): s = 2 gives 3 boxes of two points fitted exactly (F = 0),
    // the 7th point left out; s = 3 gives boxes (0,1,0),(1,0,1) with residuals ±(1/3, -2/3, 1/3).
    double[] y = {0, 1, 0, 1, 0, 1, 0};
    assertEquals(0.0, Dfa.fluctuation(y, 2), 1e-15);
    double expected = Math.sqrt((2 * (1.0 / 9 + 4.0 / 9 + 1.0 / 9)) / 6);
    assertEquals(expected, Dfa.fluctuation(y, 3), 1e-15);
  }

  @Test
  void whiteNoise_hasAlphaNearHalf() {
    Random rnd = new Random(11);
    double[] nn = new double[4000];
    for (int i = 0; i < nn.length; i++) {
      nn[i] = 800 + 30 * rnd.nextGaussian();
    }
    assertEquals(0.5, Dfa.alpha(nn, 16, 64), 0.1);
  }

  @Test
  void randomWalk_hasAlphaNearOneAndAHalf() {
    Random rnd = new Random(12);
    double[] nn = new double[4000];
    double v = 800;
    for (int i = 0; i < nn.length; i++) {
      v += rnd.nextGaussian();
      nn[i] = v;
    }
    assertEquals(1.5, Dfa.alpha(nn, 16, 64), 0.15);
  }

  @Test
  void flatSeries_hasNoExponent() {
    double[] nn = new double[64];
    java.util.Arrays.fill(nn, 800);
    assertNull(Dfa.alpha(nn, 4, 16));
  }
}
