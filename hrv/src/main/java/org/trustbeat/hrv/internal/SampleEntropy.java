package org.trustbeat.hrv.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Sample entropy (Richman &amp; Moorman 2000) with m = 2 and r = 0.2·sdnn, as HRV-SPEC section 6
 * defines it: Chebyshev distance ≤ r, self-matches excluded, both template lengths counted over the
 * same N − m starting points.
 *
 * <p>Counting all template pairs is quadratic, too slow for whole 24-hour records, so length-2
 * templates are put in a grid of cells of side ≥ r: two templates within r lie in the same or
 * adjacent cells, and only those are compared. The counts are exactly those of the direct
 * definition.
 */
public final class SampleEntropy {
  static final int M = 2;
  static final double R_FACTOR = 0.2;
  static final int MIN_N = 10;

  private SampleEntropy() {}

  /** −ln(A/B), or {@code null} when n &lt; 10 or A or B is zero. */
  public static Double of(double[] x) {
    int n = x.length;
    if (n < MIN_N) {
      return null;
    }
    double r = R_FACTOR * Stats.sampleStd(x);
    long[] ab = count(x, r);
    if (ab[0] == 0 || ab[1] == 0) {
      return null;
    }
    return -Math.log((double) ab[0] / ab[1]);
  }

  /** Returns {A, B}: matching pairs of length m+1 and of length m over the first N − m starts. */
  static long[] count(double[] x, double r) {
    int starts = x.length - M;
    double cell = r > 0 ? r : 1.0; // any side ≥ r keeps matches in neighbouring cells
    Map<Cell, int[]> grid = new HashMap<>();
    int[] next = new int[starts]; // linked list of starts per cell, in insertion order
    long a = 0;
    long b = 0;
    for (int i = 0; i < starts; i++) {
      long cx = (long) Math.floor(x[i] / cell);
      long cy = (long) Math.floor(x[i + 1] / cell);
      for (long dx = -1; dx <= 1; dx++) {
        for (long dy = -1; dy <= 1; dy++) {
          int[] head = grid.get(new Cell(cx + dx, cy + dy));
          if (head == null) {
            continue;
          }
          for (int j = head[0]; j >= 0; j = next[j]) {
            if (Math.abs(x[i] - x[j]) <= r && Math.abs(x[i + 1] - x[j + 1]) <= r) {
              b++;
              if (Math.abs(x[i + 2] - x[j + 2]) <= r) {
                a++;
              }
            }
          }
        }
      }
      int[] head = grid.computeIfAbsent(new Cell(cx, cy), k -> new int[] {-1});
      next[i] = head[0];
      head[0] = i;
    }
    return new long[] {a, b};
  }

  private record Cell(long x, long y) {}

  /** The direct quadratic definition, kept to check the grid against. */
  static long[] countDirect(double[] x, double r) {
    int starts = x.length - M;
    long a = 0;
    long b = 0;
    for (int i = 0; i < starts; i++) {
      for (int j = i + 1; j < starts; j++) {
        if (Math.abs(x[i] - x[j]) <= r && Math.abs(x[i + 1] - x[j + 1]) <= r) {
          b++;
          if (Math.abs(x[i + 2] - x[j + 2]) <= r) {
            a++;
          }
        }
      }
    }
    return new long[] {a, b};
  }
}
