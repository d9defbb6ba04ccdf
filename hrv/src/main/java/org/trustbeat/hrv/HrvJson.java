package org.trustbeat.hrv;

import java.util.Map;

/**
 * Renders window results as JSON objects with the keys of HRV-SPEC: {@code window_start}, {@code
 * n_total}, {@code n_rejected}, {@code artifact_pct}, {@code quality}, then every metric of the job
 * by its spec name, {@code null} where the spec says absent. Numbers keep full double precision
 * (shortest round-trip form).
 */
public final class HrvJson {
  private HrvJson() {}

  public static String toJson(WindowResult r) {
    StringBuilder sb = new StringBuilder(1024);
    sb.append("{\"window_start\":").append(number(r.windowStart()));
    sb.append(",\"n_total\":").append(r.totalBeats());
    sb.append(",\"n_rejected\":").append(r.rejectedBeats());
    sb.append(",\"artifact_pct\":").append(number(r.artifactPercent()));
    sb.append(",\"quality\":\"").append(r.quality().specName()).append('"');
    if (!r.metrics().has(Metric.N_NN)) {
      sb.append(",\"n_nn\":").append(r.nnBeats());
    }
    for (Map.Entry<Metric, Double> e : r.metrics().asMap().entrySet()) {
      sb.append(",\"").append(e.getKey().specName()).append("\":");
      Double v = e.getValue();
      sb.append(
          v == null ? "null" : e.getKey().isCount() ? Long.toString(v.longValue()) : number(v));
    }
    BeatSeries samples = r.samples();
    if (samples != null) {
      sb.append(",\"samples\":[");
      for (int i = 0; i < samples.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append('[').append(number(samples.time(i))).append(',').append(number(samples.rr(i)));
        sb.append(']');
      }
      sb.append(']');
    }
    return sb.append('}').toString();
  }

  /** A finite double as a JSON number: integral values without a fraction, others in full. */
  public static String number(double v) {
    if (!Double.isFinite(v)) {
      return "null";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
