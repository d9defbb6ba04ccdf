package org.trustbeat.hrv.internal;

import org.trustbeat.hrv.HrvMetrics;
import org.trustbeat.hrv.Metric;

/** Non-linear metrics of HRV-SPEC section 6: Poincaré, sample entropy and DFA. */
public final class NonLinear {
  private NonLinear() {}

  public static void compute(WindowBeats w, HrvMetrics.Builder out) {
    poincare(w, out);
    double[] nn = w.nn();
    out.put(Metric.SAMPEN, SampleEntropy.of(nn));
    out.put(Metric.DFA_A1, nn.length >= 32 ? Dfa.alpha(nn, 4, 16) : null);
    out.put(Metric.DFA_A2, nn.length >= 128 ? Dfa.alpha(nn, 16, 64) : null);
  }

  static void poincare(WindowBeats w, HrvMetrics.Builder out) {
    double[] x = w.pairFirst();
    double[] y = w.pairSecond();
    int m = x.length;
    if (m < 2) {
      out.put(Metric.SD1, null).put(Metric.SD2, null).put(Metric.SD1_SD2, null);
      return;
    }
    double[] minor = new double[m];
    double[] major = new double[m];
    double root2 = Math.sqrt(2);
    for (int j = 0; j < m; j++) {
      minor[j] = (y[j] - x[j]) / root2;
      major[j] = (y[j] + x[j]) / root2;
    }
    double sd1 = Stats.sampleStd(minor);
    double sd2 = Stats.sampleStd(major);
    out.put(Metric.SD1, sd1).put(Metric.SD2, sd2).put(Metric.SD1_SD2, sd2 == 0 ? null : sd1 / sd2);
  }
}
