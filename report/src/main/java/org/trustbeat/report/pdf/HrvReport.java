package org.trustbeat.report.pdf;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;
import org.trustbeat.hrv.Metric;
import org.trustbeat.report.ResultSource;

/**
 * What one page of HRV report shows: a title, the record summary (label, value pairs), who computed
 * the numbers ({@link ResultSource}, printed as a banner), the metrics with a caption saying what
 * they were computed over, and the charts in reading order (a wide chart takes a row, two
 * half-width charts share one). {@link HrvReportPdf} lays it out.
 *
 * <p>Immutable once built; the charts are XChart charts drawn at their placed size.
 */
public final class HrvReport {
  /** A chart and whether it takes the page's full width. */
  public record Figure(Chart<?, ?> chart, boolean wide) {}

  private final String title;
  private final Map<String, String> summary;
  private final ResultSource source;
  private final String metricsCaption;
  private final Map<Metric, Double> metrics;
  private final List<Figure> figures;
  private final List<String> notes;
  private final Instant generatedAt;

  private HrvReport(Builder b) {
    title = b.title;
    summary = Collections.unmodifiableMap(new LinkedHashMap<>(b.summary));
    source = b.source;
    metricsCaption = b.metricsCaption;
    metrics = Collections.unmodifiableMap(new EnumMap<>(b.metrics));
    figures = List.copyOf(b.figures);
    notes = List.copyOf(b.notes);
    generatedAt = b.generatedAt;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String title() {
    return title;
  }

  /** Record summary in order, e.g. "Duration" → "23:59:58". */
  public Map<String, String> summary() {
    return summary;
  }

  public ResultSource source() {
    return source;
  }

  /** What the metrics were computed over, e.g. "whole record". */
  public String metricsCaption() {
    return metricsCaption;
  }

  public Map<Metric, Double> metrics() {
    return metrics;
  }

  public List<Figure> figures() {
    return figures;
  }

  /** Lines printed under the charts, e.g. how poor windows are marked. */
  public List<String> notes() {
    return notes;
  }

  public Instant generatedAt() {
    return generatedAt;
  }

  @Override
  public String toString() {
    return "HrvReport{metrics="
        + metrics.size()
        + ", figures="
        + figures.size()
        + ", "
        + source.label()
        + "}";
  }

  /** Validating builder: title, source, metrics and generation time are required. */
  public static final class Builder {
    private String title;
    private final Map<String, String> summary = new LinkedHashMap<>();
    private ResultSource source;
    private String metricsCaption = "";
    private final Map<Metric, Double> metrics = new EnumMap<>(Metric.class);
    private final List<Figure> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private Instant generatedAt;

    private Builder() {}

    public Builder setTitle(String title) {
      this.title = title;
      return this;
    }

    public Builder addSummary(String label, String value) {
      summary.put(label, value);
      return this;
    }

    public Builder setSource(ResultSource source) {
      this.source = source;
      return this;
    }

    /** The metrics (absent ones as null) and what they were computed over. */
    public Builder setMetrics(Map<Metric, Double> metrics, String caption) {
      this.metrics.clear();
      this.metrics.putAll(metrics);
      this.metricsCaption = caption;
      return this;
    }

    public Builder addWideChart(Chart<?, ?> chart) {
      figures.add(new Figure(chart, true));
      return this;
    }

    /** Half the page's width; two in a row share one line. */
    public Builder addHalfChart(Chart<?, ?> chart) {
      figures.add(new Figure(chart, false));
      return this;
    }

    public Builder addNote(String note) {
      notes.add(note);
      return this;
    }

    public Builder setGeneratedAt(Instant generatedAt) {
      this.generatedAt = generatedAt;
      return this;
    }

    public HrvReport build() {
      if (title == null || title.isBlank()) {
        throw new IllegalStateException("an HRV report needs a title (record or patient name)");
      }
      if (source == null) {
        throw new IllegalStateException(
            "an HRV report needs its result source: the page must say what computed the values");
      }
      if (generatedAt == null) {
        throw new IllegalStateException("an HRV report needs its generation time (setGeneratedAt)");
      }
      if (figures.size() > 5) {
        throw new IllegalStateException("one page holds at most 5 charts, not " + figures.size());
      }
      return new HrvReport(this);
    }
  }
}
