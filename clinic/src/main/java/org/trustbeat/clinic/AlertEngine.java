package org.trustbeat.clinic;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.trustbeat.hrv.Metric;

/**
 * Evaluates {@link AlertRules} against the store after each result and on silence checks. Holds no
 * state of its own: streaks are read back from the stored windows and open alerts from the alert
 * table, so a restarted reader neither raises an open alert again nor forgets a streak.
 *
 * <p>Each rule is judged as holding, clear, or unknown (e.g. the latest window is poor, so its
 * heart rate says nothing); an alert is raised when its rule holds and none is open, and cleared
 * when the rule is clear. Poor windows break HR and SDNN streaks: their metrics are unreliable.
 */
final class AlertEngine {
  private static final Logger LOG = Logger.getLogger(AlertEngine.class.getName());

  private enum Verdict {
    HOLDS,
    CLEAR,
    UNKNOWN
  }

  private final ResultStore store;
  private final AlertRules rules;

  AlertEngine(ResultStore store, AlertRules rules) {
    this.store = store;
    this.rules = rules;
  }

  /**
   * Judges every rule after a result of {@code patient} was stored; {@code integrityNow} are the
   * integrity rules the consumer reported a problem for while delivering that result.
   */
  void afterResult(String patient, Set<AlertRule> integrityNow, long now) throws SQLException {
    int depth = Math.max(1, Math.max(rules.hrWindows(), rules.poorWindows()));
    List<StoredWindow> newest = store.latestWindows(patient, depth);
    if (newest.isEmpty()) {
      return;
    }
    StoredWindow latest = newest.get(0);
    Long at = latest.windowStartMillis();
    if (rules.hrAbove() != null) {
      apply(
          patient,
          AlertRule.HR_HIGH,
          streak(
              newest,
              rules.hrWindows(),
              w -> w.metric(Metric.MEAN_HR) != null && w.metric(Metric.MEAN_HR) > rules.hrAbove()),
          now,
          at,
          "mean HR above "
              + fmt(rules.hrAbove())
              + " bpm in "
              + rules.hrWindows()
              + " consecutive windows");
    }
    if (rules.hrBelow() != null) {
      apply(
          patient,
          AlertRule.HR_LOW,
          streak(
              newest,
              rules.hrWindows(),
              w -> w.metric(Metric.MEAN_HR) != null && w.metric(Metric.MEAN_HR) < rules.hrBelow()),
          now,
          at,
          "mean HR below "
              + fmt(rules.hrBelow())
              + " bpm in "
              + rules.hrWindows()
              + " consecutive windows");
    }
    if (rules.sdnnBelow() != null) {
      apply(
          patient,
          AlertRule.SDNN_LOW,
          streak(
              newest,
              1,
              w -> w.metric(Metric.SDNN) != null && w.metric(Metric.SDNN) < rules.sdnnBelow()),
          now,
          at,
          "SDNN below " + fmt(rules.sdnnBelow()) + " ms in the latest window");
    }
    if (rules.poorWindows() > 0) {
      apply(
          patient,
          AlertRule.POOR_RUN,
          poorRun(newest, rules.poorWindows()),
          now,
          at,
          rules.poorWindows() + " consecutive windows of poor quality (artefacts over 20 %)");
    }
    apply(patient, AlertRule.SILENT, Verdict.CLEAR, now, at, "");
    if (rules.integrity()) {
      apply(
          patient,
          AlertRule.WEAK_MODE,
          !latest.testPatient() && !latest.hardwareProtected() ? Verdict.HOLDS : Verdict.CLEAR,
          now,
          at,
          "a result without hardware protection for a patient whose policy requires"
              + " SGX with DCAP attestation");
      for (AlertRule r :
          List.of(
              AlertRule.MISSING_WINDOWS, AlertRule.UNCOVERED_SEQUENCES, AlertRule.REFUSED_RESULT)) {
        apply(
            patient,
            r,
            integrityNow.contains(r) ? Verdict.HOLDS : Verdict.CLEAR,
            now,
            at,
            integrityDetail(r));
      }
    }
  }

  /** Raises an integrity alert at once (a refused result comes without a window to wait for). */
  void integrityProblem(String patient, AlertRule rule, long now) throws SQLException {
    if (rules.integrity()) {
      apply(patient, rule, Verdict.HOLDS, now, null, integrityDetail(rule));
    }
  }

  private static String integrityDetail(AlertRule r) {
    switch (r) {
      case MISSING_WINDOWS:
        return "the consumer reported windows without a result";
      case UNCOVERED_SEQUENCES:
        return "the consumer reported chunks that no result covered (withheld or lost)";
      default:
        return "the consumer refused a result (see the integrity events)";
    }
  }

  /** Raises {@link AlertRule#SILENT} for every patient whose last result is older than allowed. */
  void checkSilence(long now) throws SQLException {
    if (rules.silentAfter() == null) {
      return;
    }
    long limit = rules.silentAfter().toMillis();
    for (String patient : store.patients()) {
      List<StoredWindow> latest = store.latestWindows(patient, 1);
      if (!latest.isEmpty() && now - latest.get(0).receivedAtMillis() > limit) {
        apply(
            patient,
            AlertRule.SILENT,
            Verdict.HOLDS,
            now,
            latest.get(0).windowStartMillis(),
            "no result for more than "
                + rules.silentAfter().toMinutes()
                + " min after the last one");
      }
    }
  }

  /**
   * HOLDS when the newest {@code n} windows are consecutive, not poor and all satisfy {@code test};
   * CLEAR when the newest window is not poor and does not; otherwise UNKNOWN.
   */
  private static Verdict streak(List<StoredWindow> newest, int n, Predicate<StoredWindow> test) {
    StoredWindow latest = newest.get(0);
    if (latest.poor()) {
      return Verdict.UNKNOWN;
    }
    if (!test.test(latest)) {
      return Verdict.CLEAR;
    }
    List<StoredWindow> run = consecutive(newest, n);
    return run.size() == n && run.stream().allMatch(w -> !w.poor() && test.test(w))
        ? Verdict.HOLDS
        : Verdict.UNKNOWN;
  }

  private static Verdict poorRun(List<StoredWindow> newest, int n) {
    if (!newest.get(0).poor()) {
      return Verdict.CLEAR;
    }
    List<StoredWindow> run = consecutive(newest, n);
    return run.size() == n && run.stream().allMatch(StoredWindow::poor)
        ? Verdict.HOLDS
        : Verdict.UNKNOWN;
  }

  /** The newest windows, up to {@code n}, as long as each directly follows the next older one. */
  private static List<StoredWindow> consecutive(List<StoredWindow> newest, int n) {
    int k = 1;
    while (k < Math.min(n, newest.size())
        && newest.get(k).windowStartMillis() + newest.get(k).windowLengthMillis()
            == newest.get(k - 1).windowStartMillis()) {
      k++;
    }
    return newest.subList(0, k);
  }

  private void apply(
      String patient, AlertRule rule, Verdict v, long now, Long window, String detail)
      throws SQLException {
    if (v == Verdict.HOLDS && store.raise(patient, rule, now, window, detail)) {
      LOG.info("alert raised: patient " + patient + " " + rule);
    } else if (v == Verdict.CLEAR && store.clear(patient, rule, now)) {
      LOG.info("alert cleared: patient " + patient + " " + rule);
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
