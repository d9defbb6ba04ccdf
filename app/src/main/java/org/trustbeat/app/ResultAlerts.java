package org.trustbeat.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.trustbeat.clinic.AlertLog;
import org.trustbeat.clinic.AlertRules;
import org.trustbeat.clinic.ClinicIngest;
import org.trustbeat.clinic.ResultStore;
import org.trustbeat.clinic.StoreLocation;
import org.trustbeat.edge.ConsumedResult;
import org.trustbeat.edge.ResultListener;

/**
 * {@code trustbeat results --alerts}: the patient's opened results also go through the clinic's
 * ingest into a result store, and each alert line of {@link AlertLog} (raised, cleared) is printed
 * once. Without a configured store, a temporary SQLite file (deleted at the end) holds them, so the
 * rules still see the streaks.
 */
final class ResultAlerts implements AutoCloseable {
  private final ResultStore store;
  private final Path temporary;
  private final ClinicIngest ingest;
  private final String patient;
  private final Consumer<String> out;
  private final Set<String> printed = new HashSet<>();

  private ResultAlerts(
      ResultStore store,
      Path temporary,
      AlertRules rules,
      String patient,
      Consumer<String> out,
      Clock clock) {
    this.store = store;
    this.temporary = temporary;
    this.ingest = new ClinicIngest(store, rules, clock);
    this.patient = patient;
    this.out = out;
  }

  /**
   * Opens the store ({@code location}, or a temporary SQLite file when null).
   *
   * @throws IllegalStateException if the store cannot be opened (message names why)
   */
  static ResultAlerts open(
      StoreLocation location, AlertRules rules, String patient, Consumer<String> out, Clock clock)
      throws IOException {
    Path temporary = null;
    if (location == null) {
      temporary = Files.createTempFile("trustbeat-results-", ".db");
      location = StoreLocation.sqlite(temporary);
    }
    try {
      return new ResultAlerts(ResultStore.open(location), temporary, rules, patient, out, clock);
    } catch (RuntimeException e) {
      if (temporary != null) {
        Files.deleteIfExists(temporary);
      }
      throw e;
    }
  }

  /** The consumer's listener: stores, judges the rules, prints what is new. */
  ResultListener listener() {
    ResultListener clinic = ingest.listenerFor(patient);
    return new ResultListener() {
      @Override
      public void onResult(ConsumedResult result) {
        clinic.onResult(result);
        printNew();
      }

      @Override
      public void onMissingWindows(String p, List<Long> windowStartsMillis) {
        clinic.onMissingWindows(p, windowStartsMillis);
      }

      @Override
      public void onUncoveredSequences(String p, long first, long last) {
        clinic.onUncoveredSequences(p, first, last);
      }

      @Override
      public void onRejected(String reason) {
        clinic.onRejected(reason);
        printNew();
      }
    };
  }

  /** The silence rule (no result where one was due), then what is new; call periodically. */
  void tick() {
    ingest.checkSilence();
    printNew();
  }

  /** The temporary store's file, or null when the store is the configured one. */
  Path temporaryFile() {
    return temporary;
  }

  /** Results stored, failures of the store (logged by the ingest). */
  String summary() {
    return ingest.stored() + " results stored, " + ingest.failures() + " store failures";
  }

  synchronized void printNew() {
    try {
      for (String line : AlertLog.lines(store, patient)) {
        if (printed.add(line)) {
          out.accept("alert " + line);
        }
      }
    } catch (SQLException e) {
      out.accept(
          "alerts: the store could not be read ("
              + e.getClass().getSimpleName()
              + ", SQL state "
              + e.getSQLState()
              + ")");
    }
  }

  @Override
  public void close() throws Exception {
    try {
      store.close();
    } finally {
      if (temporary != null) {
        Files.deleteIfExists(temporary);
        Files.deleteIfExists(Path.of(temporary + "-wal"));
        Files.deleteIfExists(Path.of(temporary + "-shm"));
      }
    }
  }
}
