package org.trustbeat.hrv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.trustbeat.hrv.internal.FrequencyDomain;
import org.trustbeat.hrv.internal.NonLinear;
import org.trustbeat.hrv.internal.Stats;
import org.trustbeat.hrv.internal.TimeDomain;
import org.trustbeat.hrv.internal.WindowBeats;

/**
 * Runs an {@link HrvJob} over a beat stream by HRV-SPEC (version 2): tumbling event-time windows,
 * each cleaned and analysed from its own beats plus 30 s of context on each side, then the job's
 * metrics per window. Stateless and thread-safe.
 *
 * <p>Files and streams share one rule: {@link #windows} gathers each window's beats and context
 * from the whole stream and hands them to {@link #window}, the same method the enclave calls with
 * the beats of the chunks the host delivered. Nothing carries from one window to the next, so a
 * streamed window equals the file's whenever every chunk arrived.
 */
public final class HrvAnalyzer {
  /** The window of the whole-record {@code sdann} and {@code sdnn_index}. */
  public static final double SDANN_WINDOW_S = 300.0;

  /** Context on each side of a window: the beats that may serve as its beats' neighbours. */
  public static final double CONTEXT_S = RrCleaner.NEIGHBOUR_SPAN_S;

  private HrvAnalyzer() {}

  /**
   * Analyzes every window {@code [k·W, (k+1)·W)} that holds at least one beat, in time order,
   * whatever its quality.
   *
   * @param windowSeconds the window length W, positive
   */
  public static List<WindowResult> windows(BeatSeries beats, double windowSeconds, HrvJob job) {
    checkWindowLength(windowSeconds);
    double[] t = beats.timesView();
    double[] rr = beats.rrView();
    TreeMap<Long, Positions> groups = groupByWindow(t, windowSeconds);
    List<WindowResult> out = new ArrayList<>(groups.size());
    for (long k : groups.keySet()) {
      double start = k * windowSeconds;
      // A superset of the windows whose beats may be context; window() picks the exact ones.
      long lo = (long) Math.floor((start - CONTEXT_S) / windowSeconds) - 1;
      long hi = (long) Math.floor((start + windowSeconds + CONTEXT_S) / windowSeconds) + 1;
      Positions near = new Positions();
      for (Positions p : groups.subMap(lo, true, hi, true).values()) {
        near.addAll(p);
      }
      // Stream order, as the original sequence defines neighbours and successive pairs.
      Arrays.sort(near.items, 0, near.size);
      double[] nt = new double[near.size];
      double[] nrr = new double[near.size];
      for (int j = 0; j < near.size; j++) {
        nt[j] = t[near.items[j]];
        nrr[j] = rr[near.items[j]];
      }
      windowOf(nt, nrr, k, windowSeconds, job).ifPresent(out::add);
    }
    return out;
  }

  /**
   * Analyzes window {@code k} from {@code beats}: the stream's beats in stream order, of which
   * those with {@code floor(t / W) = k} are the window's own and those with {@code t} in {@code
   * [start − 30, start)} or {@code [start + W, start + W + 30)} its context, which only serves as
   * neighbours in cleaning. Other beats are ignored, so a caller may pass more than it must.
   *
   * @return the window's result, or empty when none of {@code beats} is the window's own
   */
  public static Optional<WindowResult> window(
      BeatSeries beats, long windowIndex, double windowSeconds, HrvJob job) {
    checkWindowLength(windowSeconds);
    return windowOf(beats.timesView(), beats.rrView(), windowIndex, windowSeconds, job);
  }

  /** {@link #window} on arrays the caller will not touch again (no defensive copies). */
  private static Optional<WindowResult> windowOf(
      double[] t, double[] rr, long windowIndex, double windowSeconds, HrvJob job) {
    int n = t.length;
    double[] ct = new double[n];
    double[] crr = new double[n];
    int[] own = new int[n];
    int used = 0;
    int owned = 0;
    for (int i = 0; i < n; i++) {
      boolean isOwn = isOwn(t[i], windowIndex, windowSeconds);
      if (isOwn || isContext(t[i], windowIndex, windowSeconds)) {
        if (isOwn) {
          own[owned++] = used;
        }
        ct[used] = t[i];
        crr[used] = rr[i];
        used++;
      }
    }
    if (owned == 0) {
      return Optional.empty();
    }
    boolean[] accepted = RrCleaner.accept(ct, crr, used);
    double start = windowIndex * windowSeconds;
    return Optional.of(analyze(ct, crr, accepted, own, owned, start, windowSeconds, job));
  }

  /** Whether a beat at {@code t} is window {@code k}'s own: {@code floor(t / W) = k}. */
  public static boolean isOwn(double t, long windowIndex, double windowSeconds) {
    return (long) Math.floor(t / windowSeconds) == windowIndex;
  }

  /**
   * Whether a beat at {@code t} is window {@code k}'s context: not its own, and within {@code
   * [start − 30, start)} or {@code [start + W, start + W + 30)}.
   */
  public static boolean isContext(double t, long windowIndex, double windowSeconds) {
    double start = windowIndex * windowSeconds;
    return !isOwn(t, windowIndex, windowSeconds)
        && t >= start - CONTEXT_S
        && t < start + windowSeconds + CONTEXT_S;
  }

  /**
   * Analyzes the whole record as one window: the full suite plus {@code sdann} and {@code
   * sdnn_index} over consecutive 300-s windows that are not poor. The result's window starts at 0.
   *
   * <p>Cleaning runs once over the whole stream. For a stream whose times increase, as a
   * recording's cumulative RR times do, each decision equals the one the window-with-context rule
   * makes.
   */
  public static WindowResult wholeRecord(BeatSeries beats) {
    double[] t = beats.timesView();
    double[] rr = beats.rrView();
    boolean[] accepted = RrCleaner.accept(t, rr);
    int n = t.length;
    int[] all = new int[n];
    Arrays.setAll(all, i -> i);
    double span = n == 0 ? 0 : t[n - 1];
    WindowResult whole = analyze(t, rr, accepted, all, n, 0.0, span, HrvJob.HRV);
    HrvMetrics.Builder metrics = HrvMetrics.builder().putAll(whole.metrics());
    addLongTermMetrics(t, rr, accepted, metrics);
    return WindowResult.of(
        0.0, span, whole.totalBeats(), whole.rejectedBeats(), metrics.build(), null);
  }

  /** Whether the whole-stream cleaning of {@link #wholeRecord} accepts each beat (for plots). */
  public static boolean[] accepted(BeatSeries beats) {
    return RrCleaner.accept(beats.timesView(), beats.rrView());
  }

  private static void checkWindowLength(double windowSeconds) {
    if (!(windowSeconds > 0) || Double.isInfinite(windowSeconds)) {
      throw new IllegalArgumentException(
          "window length must be a positive number of seconds, was " + windowSeconds);
    }
  }

  /**
   * sdann and sdnn_index over the 300-s windows with at least 2 NN intervals that are not poor;
   * sdann needs two such windows, sdnn_index one.
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
      if (k >= 2 && Quality.of(p.size, p.size - k) != Quality.POOR) {
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

    void addAll(Positions other) {
      if (size + other.size > items.length) {
        items = Arrays.copyOf(items, Math.max(size + other.size, size * 2));
      }
      System.arraycopy(other.items, 0, items, size, other.size);
      size += other.size;
    }
  }
}
