package org.trustbeat.clinic;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Alerts as lines for a terminal ({@code trustbeat results --alerts}): one line when an alert was
 * raised and one when it cleared, oldest first, e.g.
 *
 * <pre>
 * 2026-12-02T10:05:00Z  RAISED   p001  HR_HIGH  mean heart rate high: mean HR above 120 bpm in 3 consecutive windows
 * 2026-12-02T10:20:00Z  CLEARED  p001  HR_HIGH  mean heart rate high
 * </pre>
 */
public final class AlertLog {
  private AlertLog() {}

  /** The lines of {@code patient}'s alerts, or every patient's when null. */
  public static List<String> lines(ResultStore store, String patient) throws SQLException {
    record Line(long at, String text) {}
    List<Line> out = new ArrayList<>();
    for (Alert a : store.alerts(patient, false)) {
      out.add(
          new Line(
              a.raisedAtMillis(),
              String.format(
                  "%s  RAISED   %s  %s  %s: %s",
                  Instant.ofEpochMilli(a.raisedAtMillis()),
                  a.patient(),
                  a.rule(),
                  a.rule().title(),
                  a.detail())));
      if (!a.open()) {
        out.add(
            new Line(
                a.clearedAtMillis(),
                String.format(
                    "%s  CLEARED  %s  %s  %s",
                    Instant.ofEpochMilli(a.clearedAtMillis()),
                    a.patient(),
                    a.rule(),
                    a.rule().title())));
      }
    }
    out.sort(Comparator.comparingLong(Line::at));
    return out.stream().map(Line::text).toList();
  }

  /** Prints {@link #lines}; returns how many alerts are still open. */
  public static int print(ResultStore store, String patient, PrintStream out) throws SQLException {
    lines(store, patient).forEach(out::println);
    return store.alerts(patient, true).size();
  }
}
