package org.trustbeat.hrv;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The metrics computed for one window: each either a value or absent (the spec's null). Which
 * metrics are present as keys depends on the job; a key with a {@code null} value is a metric the
 * job computes whose inputs were too few.
 */
public final class HrvMetrics {
  private final EnumMap<Metric, Double> values;

  private HrvMetrics(EnumMap<Metric, Double> values) {
    this.values = values;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The metrics this result carries, in spec order. */
  public Set<Metric> metrics() {
    return Collections.unmodifiableSet(values.keySet());
  }

  public boolean has(Metric m) {
    return values.containsKey(m);
  }

  /** The value, or {@code null} when the spec says the metric is absent. */
  public Double get(Metric m) {
    return values.get(m);
  }

  /** An unmodifiable view in spec order; values may be {@code null}. */
  public Map<Metric, Double> asMap() {
    return Collections.unmodifiableMap(values);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HrvMetrics h && values.equals(h.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "HrvMetrics{metrics=" + values.size() + "}";
  }

  /** Collects metric values; non-finite values become absent, as the spec requires. */
  public static final class Builder {
    private final EnumMap<Metric, Double> values = new EnumMap<>(Metric.class);

    private Builder() {}

    public Builder put(Metric m, Double value) {
      values.put(m, value == null || !Double.isFinite(value) ? null : value);
      return this;
    }

    public Builder putAll(HrvMetrics other) {
      values.putAll(other.values);
      return this;
    }

    public HrvMetrics build() {
      return new HrvMetrics(new EnumMap<>(values));
    }
  }
}
