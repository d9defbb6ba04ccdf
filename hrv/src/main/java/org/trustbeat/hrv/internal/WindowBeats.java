package org.trustbeat.hrv.internal;

/**
 * The NN intervals of one window and its successive pairs (HRV-SPEC sections 2 and 3): a pair is
 * two accepted intervals that were adjacent in the original RR sequence and fall in the same
 * window.
 */
public final class WindowBeats {
  private final double[] nn;
  private final double[] nnTimes;
  private final double[] pairFirst;
  private final double[] pairSecond;

  private WindowBeats(double[] nn, double[] nnTimes, double[] pairFirst, double[] pairSecond) {
    this.nn = nn;
    this.nnTimes = nnTimes;
    this.pairFirst = pairFirst;
    this.pairSecond = pairSecond;
  }

  /**
   * Collects the window's NN intervals from the whole stream.
   *
   * @param indices the stream positions of the window's beats, ascending
   * @param count how many entries of {@code indices} are used
   */
  public static WindowBeats of(
      double[] times, double[] rr, boolean[] accepted, int[] indices, int count) {
    int nnCount = 0;
    int pairCount = 0;
    for (int j = 0; j < count; j++) {
      int i = indices[j];
      if (accepted[i]) {
        nnCount++;
        if (j > 0 && indices[j - 1] == i - 1 && accepted[i - 1]) {
          pairCount++;
        }
      }
    }
    double[] nn = new double[nnCount];
    double[] nnT = new double[nnCount];
    double[] px = new double[pairCount];
    double[] py = new double[pairCount];
    int a = 0;
    int p = 0;
    for (int j = 0; j < count; j++) {
      int i = indices[j];
      if (accepted[i]) {
        nn[a] = rr[i];
        nnT[a] = times[i];
        a++;
        if (j > 0 && indices[j - 1] == i - 1 && accepted[i - 1]) {
          px[p] = rr[i - 1];
          py[p] = rr[i];
          p++;
        }
      }
    }
    return new WindowBeats(nn, nnT, px, py);
  }

  /** The whole stream as one window (whole-record reports and their spectrum). */
  public static WindowBeats ofAll(double[] times, double[] rr, boolean[] accepted) {
    int[] all = new int[rr.length];
    java.util.Arrays.setAll(all, i -> i);
    return of(times, rr, accepted, all, all.length);
  }

  public int nnCount() {
    return nn.length;
  }

  public int pairCount() {
    return pairFirst.length;
  }

  /** The NN values; callers must not modify the array. */
  double[] nn() {
    return nn;
  }

  double[] nnTimes() {
    return nnTimes;
  }

  double[] pairFirst() {
    return pairFirst;
  }

  double[] pairSecond() {
    return pairSecond;
  }
}
