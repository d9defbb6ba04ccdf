package org.trustbeat.clinic;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.Quality;

/**
 * One window of one patient as the store holds it: the result's authenticated header facts, the
 * mode label, quality and every metric (absent metrics are not in {@link #metrics()}). Immutable;
 * {@link #toString()} shows the window and counts, never a metric value.
 */
public final class StoredWindow {
  private final String patient;
  private final String jobId;
  private final String algorithm;
  private final long windowStart;
  private final long windowLength;
  private final String hostKind;
  private final String attestationKind;
  private final boolean hardwareProtected;
  private final boolean testPatient;
  private final String modeLabel;
  private final Quality quality;
  private final Double artifactPercent;
  private final Integer totalBeats;
  private final Integer rejectedBeats;
  private final long[] chunkCounts;
  private final Map<Metric, Double> metrics;
  private final long receivedAt;

  StoredWindow(
      String patient,
      String jobId,
      String algorithm,
      long windowStart,
      long windowLength,
      String hostKind,
      String attestationKind,
      boolean hardwareProtected,
      boolean testPatient,
      String modeLabel,
      Quality quality,
      Double artifactPercent,
      Integer totalBeats,
      Integer rejectedBeats,
      long[] chunkCounts,
      Map<Metric, Double> metrics,
      long receivedAt) {
    this.patient = patient;
    this.jobId = jobId;
    this.algorithm = algorithm;
    this.windowStart = windowStart;
    this.windowLength = windowLength;
    this.hostKind = hostKind;
    this.attestationKind = attestationKind;
    this.hardwareProtected = hardwareProtected;
    this.testPatient = testPatient;
    this.modeLabel = modeLabel;
    this.quality = quality;
    this.artifactPercent = artifactPercent;
    this.totalBeats = totalBeats;
    this.rejectedBeats = rejectedBeats;
    this.chunkCounts = chunkCounts.clone();
    EnumMap<Metric, Double> m = new EnumMap<>(Metric.class);
    m.putAll(metrics);
    this.metrics = Collections.unmodifiableMap(m);
    this.receivedAt = receivedAt;
  }

  public String patient() {
    return patient;
  }

  public String jobId() {
    return jobId;
  }

  public String algorithm() {
    return algorithm;
  }

  public long windowStartMillis() {
    return windowStart;
  }

  public long windowLengthMillis() {
    return windowLength;
  }

  public String hostKind() {
    return hostKind;
  }

  public String attestationKind() {
    return attestationKind;
  }

  /** Whether the result counts as hardware-protected (SGX with DCAP, not a test patient). */
  public boolean hardwareProtected() {
    return hardwareProtected;
  }

  public boolean testPatient() {
    return testPatient;
  }

  /**
   * The consumer's label, e.g. {@code [sealed-inprocess, SIMULATION attestation: no hardware
   * protection]}.
   */
  public String modeLabel() {
    return modeLabel;
  }

  /** The quality grade, or null for a job whose body has none. */
  public Quality quality() {
    return quality;
  }

  public boolean poor() {
    return quality == Quality.POOR;
  }

  public Double artifactPercent() {
    return artifactPercent;
  }

  public Integer totalBeats() {
    return totalBeats;
  }

  public Integer rejectedBeats() {
    return rejectedBeats;
  }

  /**
   * The header's completeness counts in order: chunks seen, duplicates dropped, sequence gaps,
   * chunks rejected, context chunks, first and last sequence number.
   */
  public long[] chunkCounts() {
    return chunkCounts.clone();
  }

  /** The metrics the result has (absent or null ones are left out), by HRV-SPEC metric. */
  public Map<Metric, Double> metrics() {
    return metrics;
  }

  /** One metric, or null when the result does not have it. */
  public Double metric(Metric m) {
    return metrics.get(m);
  }

  public long receivedAtMillis() {
    return receivedAt;
  }

  @Override
  public String toString() {
    return "StoredWindow{"
        + patient
        + "/"
        + jobId
        + " @"
        + windowStart
        + "+"
        + windowLength
        + "ms "
        + modeLabel
        + ", metrics="
        + metrics.size()
        + "}";
  }
}
