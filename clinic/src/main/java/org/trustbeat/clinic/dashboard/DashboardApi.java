package org.trustbeat.clinic.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.trustbeat.clinic.Alert;
import org.trustbeat.clinic.ResultStore;
import org.trustbeat.clinic.StoredWindow;
import org.trustbeat.hrv.Metric;

/** The JSON the dashboard's pages read; patients are addressed by opaque ref. */
final class DashboardApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The metrics the dashboard shows, by HRV-SPEC name. */
  private static final List<Metric> SHOWN =
      List.of(
          Metric.MEAN_HR,
          Metric.SDNN,
          Metric.RMSSD,
          Metric.LF_HF,
          Metric.PNN50,
          Metric.MIN_HR,
          Metric.MAX_HR);

  private static final int DEFAULT_HOURS = 24;
  private static final int MAX_HOURS = 24 * 31;

  private final ResultStore store;

  DashboardApi(ResultStore store) {
    this.store = store;
  }

  String version() throws SQLException {
    return JSON.createObjectNode().put("marker", store.changeMarker()).toString();
  }

  String patients() throws SQLException {
    ArrayNode out = JSON.createArrayNode();
    for (String p : store.patients()) {
      ObjectNode row = out.addObject();
      row.put("ref", store.ref(p));
      row.put("patient", p);
      List<StoredWindow> latest = store.latestWindows(p, 1);
      if (!latest.isEmpty()) {
        row.set("latest", window(latest.get(0)));
        row.put("label", latest.get(0).modeLabel());
        row.put("hardware", latest.get(0).hardwareProtected());
      }
      row.set("alerts", alerts(store.alerts(p, true)));
    }
    return out.toString();
  }

  /** The patient's windows over the {@code hours} before their newest window, or empty. */
  Optional<String> patient(String ref, String hoursParam) throws SQLException {
    Optional<String> patient = store.patientForRef(ref);
    if (patient.isEmpty()) {
      return Optional.empty();
    }
    String p = patient.get();
    int hours = DEFAULT_HOURS;
    if (hoursParam != null) {
      try {
        hours = Math.max(1, Math.min(MAX_HOURS, Integer.parseInt(hoursParam)));
      } catch (NumberFormatException e) {
        hours = DEFAULT_HOURS;
      }
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("ref", ref);
    out.put("patient", p);
    List<StoredWindow> latest = store.latestWindows(p, 1);
    long to =
        latest.isEmpty()
            ? 0
            : latest.get(0).windowStartMillis() + latest.get(0).windowLengthMillis();
    long from = to - hours * 3_600_000L;
    out.put("from", from);
    out.put("to", to);
    out.put("hours", hours);
    List<StoredWindow> windows = store.windows(p, from, to);
    ArrayNode ws = out.putArray("windows");
    boolean anyUnprotected = false;
    String weakest = null;
    for (StoredWindow w : windows) {
      ws.add(window(w));
      if (!w.hardwareProtected() && !anyUnprotected) {
        anyUnprotected = true;
        weakest = w.modeLabel();
      }
    }
    // The banner shows the weakest mode in view: one simulated window must not hide behind SGX.
    out.put("hardware", !windows.isEmpty() && !anyUnprotected);
    out.put(
        "label",
        weakest != null
            ? weakest
            : windows.isEmpty() ? "" : windows.get(windows.size() - 1).modeLabel());
    ArrayNode missing = out.putArray("missing");
    store.missingWindows(p, from, to).forEach(missing::add);
    out.set("alerts", alerts(store.alerts(p, false)));
    return Optional.of(out.toString());
  }

  private static ObjectNode window(StoredWindow w) {
    ObjectNode n = JSON.createObjectNode();
    n.put("start", w.windowStartMillis());
    n.put("length", w.windowLengthMillis());
    n.put("quality", w.quality() == null ? null : w.quality().specName());
    n.put("artifact_pct", w.artifactPercent());
    n.put("n_total", w.totalBeats());
    n.put("hardware", w.hardwareProtected());
    for (Metric m : SHOWN) {
      n.put(m.specName(), w.metric(m));
    }
    return n;
  }

  private static ArrayNode alerts(List<Alert> alerts) {
    ArrayNode out = JSON.createArrayNode();
    for (Alert a : alerts) {
      ObjectNode n = out.addObject();
      n.put("rule", a.rule().name());
      n.put("title", a.rule().title());
      n.put("detail", a.detail());
      n.put("raised_at", a.raisedAtMillis());
      n.put("cleared_at", a.clearedAtMillis());
      n.put("open", a.open());
    }
    return out;
  }
}
