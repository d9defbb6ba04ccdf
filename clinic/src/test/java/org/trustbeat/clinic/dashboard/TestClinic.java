package org.trustbeat.clinic.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.trustbeat.clinic.AlertRules;
import org.trustbeat.clinic.ClinicIngest;
import org.trustbeat.clinic.ResultStore;
import org.trustbeat.clinic.StoreLocation;
import org.trustbeat.clinic.StoredWindow;
import org.trustbeat.hrv.HrvJson;
import org.trustbeat.testing.MutableClock;

/**
 * A running clinic for the dashboard tests: a SQLite store, an ingest with alert rules (silent
 * after 15 min, two poor windows in a row), the dashboard on a free loopback port with a known
 * password, and a capture of every log record written meanwhile (for the canary scans).
 */
final class TestClinic implements AutoCloseable {
  static final String PASSWORD = "correct horse battery staple";
  private static final PasswordHash HASH = PasswordHash.create(PASSWORD.toCharArray());

  final MutableClock clock = new MutableClock(Instant.parse("2025-12-02T08:00:00Z"));
  final ResultStore store;
  final ClinicIngest ingest;
  final DashboardServer server;
  private final List<String> logged = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          synchronized (logged) {
            logged.add(
                r.getLoggerName()
                    + " "
                    + r.getMessage()
                    + " "
                    + (r.getParameters() == null ? "" : List.of(r.getParameters()))
                    + (r.getThrown() == null ? "" : " " + r.getThrown()));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  TestClinic() throws Exception {
    Logger.getLogger("").addHandler(capture);
    Path dir = Files.createTempDirectory("trustbeat-dashboard-");
    store = ResultStore.open(StoreLocation.sqlite(dir.resolve("clinic.db")));
    ingest =
        new ClinicIngest(
            store,
            AlertRules.builder().setSilentAfter(Duration.ofMinutes(15)).setPoorWindows(2).build(),
            clock);
    server =
        DashboardServer.start(
            store, DashboardConfig.of(HASH).withPort(0), ingest, Duration.ofMillis(300));
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /** Every log line written since the clinic started. */
  List<String> logged() {
    synchronized (logged) {
      return List.copyOf(logged);
    }
  }

  /**
   * Metric values of every stored window as a log line would spell them (full precision and the
   * JSON form): none may appear in a log.
   */
  List<String> metricValues() throws Exception {
    List<String> out = new ArrayList<>();
    for (String p : store.patients()) {
      for (StoredWindow w : store.windows(p, 0, Long.MAX_VALUE)) {
        for (double v : w.metrics().values()) {
          if (Double.toString(v).length() >= 7) { // short ones (0.07) match unrelated text
            out.add(Double.toString(v));
            out.add(HrvJson.number(v));
          }
        }
      }
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    server.close();
    store.close();
    Logger.getLogger("").removeHandler(capture);
  }
}
