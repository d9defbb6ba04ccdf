package org.trustbeat.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.trustbeat.edge.ConsumedResult;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.Quality;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.protocol.ResultHeader;

/**
 * One analysed window as the clinician's documents show it: whose, when, its beat counts and
 * quality, the metrics its job computed (absent ones as {@code null}), and its {@link
 * ResultSource}. Built from an opened stream result ({@link #of(ConsumedResult)}) or from the file
 * analysis of {@code trustbeat hrv} ({@link #of(WindowResult, String, Instant, ResultSource)}); the
 * numbers are taken as they are, never recomputed, so a report says exactly what {@code --format
 * json} and the consumer say.
 *
 * <p>Immutable. {@link #toString()} shows ids and counts, never a metric value.
 */
public final class ReportWindow {
  private final String subject;
  private final Instant start;
  private final Duration length;
  private final int totalBeats;
  private final int rejectedBeats;
  private final double artifactPercent;
  private final Quality quality;
  private final Map<Metric, Double> metrics;
  private final ResultSource source;
  private final String integrityNote;

  private ReportWindow(
      String subject,
      Instant start,
      Duration length,
      int totalBeats,
      int rejectedBeats,
      double artifactPercent,
      Quality quality,
      EnumMap<Metric, Double> metrics,
      ResultSource source,
      String integrityNote) {
    if (subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("a report window needs a subject (patient or record)");
    }
    if (length.isNegative() || length.isZero()) {
      throw new IllegalArgumentException("a report window needs a positive length, not " + length);
    }
    this.subject = subject;
    this.start = Objects.requireNonNull(start, "start");
    this.length = length;
    this.totalBeats = totalBeats;
    this.rejectedBeats = rejectedBeats;
    this.artifactPercent = artifactPercent;
    this.quality = Objects.requireNonNull(quality, "quality");
    this.metrics = Collections.unmodifiableMap(metrics);
    this.source = Objects.requireNonNull(source, "source");
    this.integrityNote = integrityNote;
  }

  /**
   * An opened stream result: the window from its authenticated header, counts, quality and metrics
   * from the enclave's body, the source from the header and the consumer's label.
   *
   * @throws IllegalStateException if the body lacks {@code n_total}, {@code n_rejected} or the
   *     quality (a result from before HRV-SPEC v2)
   */
  public static ReportWindow of(ConsumedResult r) {
    EnumMap<Metric, Double> metrics = new EnumMap<>(Metric.class);
    String body = r.json();
    for (Metric m : Metric.values()) {
      // The body is flat JSON: a metric the job computes is a key, present even when null.
      if (body.contains("\"" + m.specName() + "\":")) {
        metrics.put(m, r.number(m.specName()));
      }
    }
    return new ReportWindow(
        r.patient(),
        Instant.ofEpochMilli(r.windowStartMillis()),
        Duration.ofMillis(r.windowLengthMillis()),
        count(r, "n_total"),
        count(r, "n_rejected"),
        r.artifactPercent(),
        r.quality(),
        metrics,
        ResultSource.of(r),
        integrityNote(r.header()));
  }

  /**
   * A window as a result store kept it from an opened result: the header's window and completeness
   * counts, the body's counts, quality and metrics (a metric left out is one the result did not
   * have or had as null).
   */
  public static ReportWindow stored(
      String patient,
      Instant start,
      Duration length,
      int totalBeats,
      int rejectedBeats,
      double artifactPercent,
      Quality quality,
      Map<Metric, Double> metrics,
      ResultSource source,
      long sequenceGaps,
      long chunksRejected) {
    EnumMap<Metric, Double> m = new EnumMap<>(Metric.class);
    m.putAll(metrics);
    return new ReportWindow(
        patient,
        start,
        length,
        totalBeats,
        rejectedBeats,
        artifactPercent,
        quality,
        m,
        source,
        integrityNote(sequenceGaps, chunksRejected));
  }

  /** Every opened result, in the order given. */
  public static List<ReportWindow> ofConsumed(List<ConsumedResult> results) {
    List<ReportWindow> out = new ArrayList<>(results.size());
    for (ConsumedResult r : results) {
      out.add(of(r));
    }
    return out;
  }

  /**
   * A window of a recording analysed by {@code trustbeat hrv}, whose window starts are seconds
   * since {@code recordStart}.
   *
   * @param subject the record's name (a file analysis has no patient id)
   */
  public static ReportWindow of(
      WindowResult w, String subject, Instant recordStart, ResultSource source) {
    EnumMap<Metric, Double> metrics = new EnumMap<>(Metric.class);
    metrics.putAll(w.metrics().asMap());
    if (!metrics.containsKey(Metric.N_NN)) {
      metrics.put(Metric.N_NN, (double) w.nnBeats());
    }
    return new ReportWindow(
        subject,
        recordStart.plusNanos(Math.round(w.windowStart() * 1e9)),
        Duration.ofNanos(Math.round(w.windowLength() * 1e9)),
        w.totalBeats(),
        w.rejectedBeats(),
        w.artifactPercent(),
        w.quality(),
        metrics,
        source,
        null);
  }

  /**
   * Every window of a file analysis, as {@link #of(WindowResult, String, Instant, ResultSource)}.
   */
  public static List<ReportWindow> ofFile(
      List<WindowResult> windows, String subject, Instant recordStart, ResultSource source) {
    List<ReportWindow> out = new ArrayList<>(windows.size());
    for (WindowResult w : windows) {
      out.add(of(w, subject, recordStart, source));
    }
    return out;
  }

  /** The patient pseudonym of a stream result, or the record name of a file analysis. */
  public String subject() {
    return subject;
  }

  public Instant start() {
    return start;
  }

  public Duration length() {
    return length;
  }

  public Instant end() {
    return start.plus(length);
  }

  /** {@code n_total}. */
  public int totalBeats() {
    return totalBeats;
  }

  /** {@code n_rejected}. */
  public int rejectedBeats() {
    return rejectedBeats;
  }

  /** {@code artifact_pct}. */
  public double artifactPercent() {
    return artifactPercent;
  }

  public Quality quality() {
    return quality;
  }

  /**
   * The job's metrics in spec order; a metric present with a {@code null} value is absent by the
   * spec.
   */
  public Map<Metric, Double> metrics() {
    return metrics;
  }

  /** The value, or {@code null} when absent or not computed by the job. */
  public Double get(Metric m) {
    return metrics.get(m);
  }

  public ResultSource source() {
    return source;
  }

  /**
   * What the result's header says was missing or refused in the window's input (sequence gaps,
   * rejected chunks), or {@code null} when nothing was.
   */
  public String integrityNote() {
    return integrityNote;
  }

  /** The quality as reports print it: {@code POOR} in capitals so it stands out. */
  public String qualityText() {
    return quality == Quality.POOR ? "POOR" : quality.specName();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReportWindow w
        && subject.equals(w.subject)
        && start.equals(w.start)
        && length.equals(w.length)
        && totalBeats == w.totalBeats
        && rejectedBeats == w.rejectedBeats
        && Double.compare(artifactPercent, w.artifactPercent) == 0
        && quality == w.quality
        && metrics.equals(w.metrics)
        && source.equals(w.source)
        && Objects.equals(integrityNote, w.integrityNote);
  }

  @Override
  public int hashCode() {
    return Objects.hash(subject, start, length, totalBeats, rejectedBeats, quality, source);
  }

  @Override
  public String toString() {
    return "ReportWindow{"
        + subject
        + " "
        + start
        + " +"
        + length
        + ", beats="
        + totalBeats
        + ", metrics="
        + metrics.size()
        + ", "
        + source.label()
        + "}";
  }

  private static int count(ConsumedResult r, String key) {
    Double v = r.number(key);
    if (v == null) {
      throw new IllegalStateException(
          "the result body has no " + key + "; it was made by a TrustBeat before HRV-SPEC v2");
    }
    return v.intValue();
  }

  private static String integrityNote(ResultHeader h) {
    return integrityNote(h.sequenceGaps(), h.chunksRejected());
  }

  private static String integrityNote(long sequenceGaps, long chunksRejected) {
    List<String> parts = new ArrayList<>();
    if (sequenceGaps > 0) {
      parts.add(sequenceGaps + " chunk sequence number(s) missing inside the window");
    }
    if (chunksRejected > 0) {
      parts.add(chunksRejected + " chunk(s) refused by the enclave");
    }
    return parts.isEmpty() ? null : String.join("; ", parts);
  }
}
