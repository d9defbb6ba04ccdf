package org.trustbeat.hrv;

import java.util.Objects;

/**
 * The analysis of one window {@code [start, start + length)}: its beat counts, the job's metrics
 * and, for the identity job, the window's samples unchanged.
 */
public final class WindowResult {
  private final double windowStart;
  private final double windowLength;
  private final int totalBeats;
  private final int rejectedBeats;
  private final HrvMetrics metrics;
  private final BeatSeries samples;

  private WindowResult(
      double windowStart,
      double windowLength,
      int totalBeats,
      int rejectedBeats,
      HrvMetrics metrics,
      BeatSeries samples) {
    this.windowStart = windowStart;
    this.windowLength = windowLength;
    this.totalBeats = totalBeats;
    this.rejectedBeats = rejectedBeats;
    this.metrics = metrics;
    this.samples = samples;
  }

  static WindowResult of(
      double windowStart,
      double windowLength,
      int totalBeats,
      int rejectedBeats,
      HrvMetrics metrics,
      BeatSeries samples) {
    return new WindowResult(
        windowStart,
        windowLength,
        totalBeats,
        rejectedBeats,
        Objects.requireNonNull(metrics),
        samples);
  }

  /** Window start in seconds (since the epoch for streams, since the recording start for files). */
  public double windowStart() {
    return windowStart;
  }

  /** Window length in seconds; for a whole record, the span it covers. */
  public double windowLength() {
    return windowLength;
  }

  /** {@code n_total}: RR intervals whose beat falls in the window. */
  public int totalBeats() {
    return totalBeats;
  }

  /** {@code n_rejected}: intervals of the window the cleaning rejected. */
  public int rejectedBeats() {
    return rejectedBeats;
  }

  /** {@code n_nn}. */
  public int nnBeats() {
    return totalBeats - rejectedBeats;
  }

  /** {@code artifact_pct = 100 · n_rejected / n_total}. */
  public double artifactPercent() {
    return Quality.artifactPercent(totalBeats, rejectedBeats);
  }

  /** The window's quality grade, from {@link #artifactPercent()}. */
  public Quality quality() {
    return Quality.of(artifactPercent());
  }

  public HrvMetrics metrics() {
    return metrics;
  }

  /** The window's samples unchanged, for the identity job; {@code null} for the other jobs. */
  public BeatSeries samples() {
    return samples;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowResult w
        && Double.compare(windowStart, w.windowStart) == 0
        && Double.compare(windowLength, w.windowLength) == 0
        && totalBeats == w.totalBeats
        && rejectedBeats == w.rejectedBeats
        && metrics.equals(w.metrics)
        && Objects.equals(samples, w.samples);
  }

  @Override
  public int hashCode() {
    return Objects.hash(windowStart, windowLength, totalBeats, rejectedBeats, metrics, samples);
  }

  /** Counts only: a result's values are patient data. */
  @Override
  public String toString() {
    return "WindowResult{start="
        + windowStart
        + ", beats="
        + totalBeats
        + ", rejected="
        + rejectedBeats
        + ", metrics="
        + metrics.metrics().size()
        + "}";
  }
}
