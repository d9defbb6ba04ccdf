package org.trustbeat.hrv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.trustbeat.hrv.internal.FrequencyDomain;
import org.trustbeat.hrv.internal.NonLinear;
import org.trustbeat.hrv.internal.Stats;
import org.trustbeat.hrv.internal.TimeDomain;
import org.trustbeat.hrv.internal.WindowBeats;

/**
 * Runs an {@link HrvJob} over a beat stream by HRV-SPEC: cleaning over the whole stream in order,
 * then tumbling event-time windows, then the job's metrics per window. Stateless and thread-safe.
 */
public final class HrvAnalyzer {
  /** The window of the whole-record {@code sdann} and {@code sdnn_index}. */
  public static final double SDANN_WINDOW_S = 300.0;

  private HrvAnalyzer() {}

  /**
   * Analyzes every window {@code [k·W, (k+1)·W)} that holds at least one beat, in time order.
   *
   * @param windowSeconds the window length W, positive
   */
  public static List<WindowResult> windows(BeatSeries beats, double windowSeconds, HrvJob job) {
    return windows(beats, windowSeconds, job, Double.NaN);
  }

  /**
   * Like {@link #windows(BeatSeries, double, HrvJob)} for a stream that continues one whose last
   * accepted interval was {@code lastAcceptedRrMs} (NaN for none), so cleaning carries over.
   */
  public static List<WindowResult> windows(
      BeatSeries beats, double windowSeconds, HrvJob job, double lastAcceptedRrMs) {
    if (!(windowSeconds > 0) || Double.isInfinite(windowSeconds)) {
      throw new IllegalArgumentException(
          "window length must be a positive number of seconds, was " + windowSeconds);
    }
    double[] t = beats.timesView();
    double[] rr = beats.rrView();
    boolean[] accepted = RrCleaner.accept(rr, lastAcceptedRrMs);
    List<WindowResult> out = new ArrayList<>();
    for (Map.Entry<Long, Positions> w : groupByWindow(t, windowSeconds).entrySet()) {
      Positions p = w.getValue();
      out.add(
          analyze(t, rr, accepted, p.items, p.size, w.getKey() * windowSeconds, windowSeconds, job));
    }
    return out;
  }

  /**
   * Analyzes the whole record as one window: the full suite plus {@code sdann} and {@code
   * sdnn_index} over consecutive 300-s windows. The result's window starts at 0.
   */
  public static WindowResult wholeRecord(BeatSeries beats) {
    double[] t = beats.timesView();
    double[] rr = beats.rrView();
    boolean[] accepted = RrCleaner.accept(rr);
    int n = t.length;
    int[] all = new int[n];
    Arrays.setAll(all, i -> i);
    double span = n == 0 ? 0 : t[n - 1];
    WindowResult whole = analyze(t, rr, accepted, all, n, 0.0, span, HrvJob.HRV);
    HrvMetrics.Builder metrics = HrvMetrics.builder().putAll(whole.metrics());
    addLongTermMetrics(t, rr, accepted, metrics);
    return WindowResult.of(0.0, span, whole.totalBeats(), whole.rejectedBeats(), metrics.build(), null);
  }

  /**
   * sdann and sdnn_index over the 300-s windows with at least 2 NN intervals; sdann needs two such
   * windows, sdnn_index one.
   */
  private static void addLongTermMetrics(
      double[] t, double[] rr, boolean[] accepted, HrvMetrics.Builder out) {
    List<Double> means = new ArrayList<>();
    List<Double> sdnns = new ArrayList<>();
    for (Positions p : groupByWindow(t, SDANN_WINDOW_S).values()) {
      double[] nn = new double[p.size];
      int k = 0;
      for (int j = 0; j < p.size; j++) {
        if (accepted[p.items[j]]) {
          nn[k++] = rr[p.items[j]];
        }
      }
      if (k >= 2) {
        means.add(Stats.mean(nn, k));
        sdnns.add(Stats.sampleStd(nn, k));
      }
    }
    double[] m = means.stream().mapToDouble(Double::doubleValue).toArray();
    double[] s = sdnns.stream().mapToDouble(Double::doubleValue).toArray();
    out.put(Metric.SDANN, m.length >= 2 ? Stats.sampleStd(m) : null);
    out.put(Metric.SDNN_INDEX, s.length >= 1 ? Stats.mean(s) : null);
  }

  private static WindowResult analyze(
      double[] t,
      double[] rr,
      boolean[] accepted,
      int[] idx,
      int count,
      double start,
      double length,
      HrvJob job) {
    int rejected = 0;
    for (int j = 0; j < count; j++) {
      if (!accepted[idx[j]]) {
        rejected++;
      }
    }
    WindowBeats w = WindowBeats.of(t, rr, accepted, idx, count);
    HrvMetrics.Builder metrics = HrvMetrics.builder();
    BeatSeries samples = null;
    switch (job) {
      case IDENTITY -> {
        double[] st = new double[count];
        double[] srr = new double[count];
        for (int j = 0; j < count; j++) {
          st[j] = t[idx[j]];
          srr[j] = rr[idx[j]];
        }
        samples = BeatSeries.of(st, srr);
      }
      case SDNN -> TimeDomain.basic(w, metrics);
      case HRV_BANDS -> FrequencyDomain.bands(w, metrics);
      case HRV -> {
        TimeDomain.compute(w, metrics);
        FrequencyDomain.compute(w, metrics);
        NonLinear.compute(w, metrics);
      }
    }
    return WindowResult.of(start, length, count, rejected, metrics.build(), samples);
  }

  /** Groups stream positions by window index {@code floor(t / W)}, in stream order. */
  private static TreeMap<Long, Positions> groupByWindow(double[] t, double windowSeconds) {
    TreeMap<Long, Positions> groups = new TreeMap<>();
    for (int i = 0; i < t.length; i++) {
      long key = (long) Math.floor(t[i] / windowSeconds);
      groups.computeIfAbsent(key, k -> new Positions()).add(i);
    }
    return groups;
  }

  /** A growable list of stream positions, without boxing. */
  private static final class Positions {
    int[] items = new int[64];
    int size;

    void add(int position) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = position;
    }
  }
}
