package org.trustbeat.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.trustbeat.edge.ConsumedResult;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.Quality;
import org.trustbeat.protocol.ResultHeader;

/**
 * The clinic's result store: opened results, what the consumer reported about the stream (missing
 * windows, uncovered sequences, refusals) and alerts, in SQL through JDBC. The schema is versioned
 * by Flyway migrations ({@code org/trustbeat/clinic/db}); the same SQL runs on the embedded SQLite
 * default and on PostgreSQL.
 *
 * <h2>Security guarantees</h2>
 *
 * The store is on the trusted side and holds clear results: put it where the patients' other
 * records are kept. Adding is idempotent on (patient, job, window): a result delivered again, by a
 * replaying broker or a restarted reader, is stored once. Patients get a random opaque {@link #ref}
 * for URLs. Log lines carry ids and counts, never metric values. Methods are synchronized: one
 * store object may be shared by the ingest and the dashboard.
 */
public final class ResultStore implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ResultStore.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final List<Metric> METRICS = List.of(Metric.values());
  private static final String COLUMNS =
      "patient, job_id, window_start, window_length, algorithm,"
          + " host_kind, attestation_kind, hardware_protected, test_patient, mode_label, quality,"
          + " artifact_pct, n_total, n_rejected, chunks_seen, duplicates_dropped, sequence_gaps,"
          + " chunks_rejected, context_chunks, first_sequence, last_sequence, "
          + METRICS.stream().map(Metric::specName).collect(Collectors.joining(", "))
          + ", received_at";
  private static final int FIXED_COLUMNS = 21;
  private static final String INSERT_WINDOW =
      "INSERT INTO window_result ("
          + COLUMNS
          + ") VALUES ("
          + Stream.generate(() -> "?")
              .limit(FIXED_COLUMNS + METRICS.size() + 1)
              .collect(Collectors.joining(", "))
          + ") ON CONFLICT DO NOTHING";

  private final StoreLocation location;
  private final Connection db;

  private ResultStore(StoreLocation location, Connection db) {
    this.location = location;
    this.db = db;
  }

  /**
   * Opens (and creates or migrates to the current schema) the store at {@code location}.
   *
   * @throws IllegalStateException naming the URL and the fix when the database cannot be reached
   */
  public static ResultStore open(StoreLocation location) {
    try {
      Flyway.configure()
          .dataSource(location.url(), location.user(), location.password())
          .locations("classpath:org/trustbeat/clinic/db")
          .load()
          .migrate();
      Connection c =
          DriverManager.getConnection(location.url(), location.user(), location.password());
      if (!location.isPostgres()) {
        try (Statement s = c.createStatement()) {
          // WAL lets a dashboard process read while an ingest process writes.
          s.execute("PRAGMA journal_mode=WAL");
          s.execute("PRAGMA busy_timeout=5000");
          s.execute("PRAGMA foreign_keys=ON");
        }
      }
      LOG.info("result store open: " + location);
      return new ResultStore(location, c);
    } catch (SQLException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot open the result store "
              + location
              + ": "
              + firstLine(e)
              + "; check the [store] url, user and password_file",
          e);
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /**
   * Stores one opened result; returns false if this (patient, job, window) is already stored.
   *
   * @throws IllegalArgumentException if the result body is not the JSON object a TrustBeat enclave
   *     writes
   */
  public synchronized boolean add(ConsumedResult r, long receivedAtMillis) throws SQLException {
    JsonNode body;
    try {
      body = JSON.readTree(r.json());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(
          "result for window "
              + r.windowStartMillis()
              + " has a body that is not JSON; it was not stored");
    }
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException(
          "result for window "
              + r.windowStartMillis()
              + " has a body that is not a JSON object; it was not stored");
    }
    ensurePatient(r.patient(), receivedAtMillis);
    ResultHeader h = r.header();
    try (PreparedStatement s = db.prepareStatement(INSERT_WINDOW)) {
      int i = 1;
      s.setString(i++, h.patient());
      s.setString(i++, h.jobId());
      s.setLong(i++, h.windowStartMillis());
      s.setLong(i++, h.windowLengthMillis());
      s.setString(i++, h.algorithm());
      s.setString(i++, h.hostKind());
      s.setString(i++, h.attestationKind());
      s.setBoolean(i++, r.claimsHardwareProtection());
      s.setBoolean(i++, r.testPatient());
      s.setString(i++, r.label());
      JsonNode q = body.get("quality");
      s.setString(
          i++, q != null && q.isTextual() ? Quality.fromSpecName(q.textValue()).specName() : null);
      setNumber(s, i++, body.get("artifact_pct"));
      setInteger(s, i++, body.get("n_total"));
      setInteger(s, i++, body.get("n_rejected"));
      s.setLong(i++, h.chunksSeen());
      s.setLong(i++, h.duplicatesDropped());
      s.setLong(i++, h.sequenceGaps());
      s.setLong(i++, h.chunksRejected());
      s.setLong(i++, h.contextChunks());
      s.setLong(i++, h.firstSequence());
      s.setLong(i++, h.lastSequence());
      for (Metric m : METRICS) {
        setNumber(s, i++, body.get(m.specName()));
      }
      s.setLong(i, receivedAtMillis);
      return s.executeUpdate() == 1;
    }
  }

  private static void setNumber(PreparedStatement s, int i, JsonNode v) throws SQLException {
    if (v == null || !v.isNumber()) {
      s.setNull(i, Types.DOUBLE);
    } else {
      s.setDouble(i, v.doubleValue());
    }
  }

  private static void setInteger(PreparedStatement s, int i, JsonNode v) throws SQLException {
    if (v == null || !v.canConvertToInt()) {
      s.setNull(i, Types.INTEGER);
    } else {
      s.setInt(i, v.intValue());
    }
  }

  private void ensurePatient(String patient, long at) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "INSERT INTO patient (pseudonym, ref,"
                + " first_seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      byte[] ref = new byte[12];
      RANDOM.nextBytes(ref);
      s.setString(1, patient);
      s.setString(2, HexFormat.of().formatHex(ref));
      s.setLong(3, at);
      s.executeUpdate();
    }
  }

  /** Notes a window the consumer reported missing; false if already noted. */
  public synchronized boolean noteMissingWindow(String patient, long windowStart, long at)
      throws SQLException {
    return noteEvent(
        patient,
        "missing_window",
        Long.toString(windowStart),
        windowStart,
        null,
        null,
        "no result for this window",
        at);
  }

  /** Notes sequence numbers no result covered; false if already noted. */
  public synchronized boolean noteUncoveredSequences(String patient, long first, long last, long at)
      throws SQLException {
    return noteEvent(
        patient,
        "uncovered",
        first + ".." + last,
        null,
        first,
        last,
        "sequence numbers covered by no result",
        at);
  }

  /** Notes a refused result with the consumer's reason (ids only, never content). */
  public synchronized boolean noteRefused(String patient, String reason, long at)
      throws SQLException {
    String r = reason.length() > 300 ? reason.substring(0, 300) : reason;
    return noteEvent(patient, "refused", r, null, null, null, r, at);
  }

  private boolean noteEvent(
      String patient,
      String kind,
      String key,
      Long window,
      Long first,
      Long last,
      String detail,
      long at)
      throws SQLException {
    ensurePatient(patient, at);
    try (PreparedStatement s =
        db.prepareStatement(
            "INSERT INTO integrity_event (patient, kind,"
                + " event_key, window_start, first_sequence, last_sequence, detail, noted_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      s.setString(1, patient);
      s.setString(2, kind);
      s.setString(3, key);
      s.setObject(4, window, Types.BIGINT);
      s.setObject(5, first, Types.BIGINT);
      s.setObject(6, last, Types.BIGINT);
      s.setString(7, detail);
      s.setLong(8, at);
      return s.executeUpdate() == 1;
    }
  }

  /** Every patient with a stored result or event, by pseudonym. */
  public synchronized List<String> patients() throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT pseudonym FROM patient ORDER BY pseudonym")) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** The patient's opaque id for URLs. */
  public synchronized String ref(String patient) throws SQLException {
    return single("SELECT ref FROM patient WHERE pseudonym = ?", patient)
        .orElseThrow(() -> new IllegalArgumentException("no patient " + patient + " in the store"));
  }

  /** The patient an opaque id stands for, if any. */
  public synchronized Optional<String> patientForRef(String ref) throws SQLException {
    return single("SELECT pseudonym FROM patient WHERE ref = ?", ref);
  }

  private Optional<String> single(String sql, String arg) throws SQLException {
    try (PreparedStatement s = db.prepareStatement(sql)) {
      s.setString(1, arg);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** The patient's windows starting in {@code [fromMillis, toMillis)}, oldest first. */
  public synchronized List<StoredWindow> windows(String patient, long fromMillis, long toMillis)
      throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM window_result"
                + " WHERE patient = ? AND window_start >= ? AND window_start < ?"
                + " ORDER BY window_start, job_id")) {
      s.setString(1, patient);
      s.setLong(2, fromMillis);
      s.setLong(3, toMillis);
      return readWindows(s);
    }
  }

  /** The patient's newest {@code n} windows, newest first. */
  public synchronized List<StoredWindow> latestWindows(String patient, int n) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM window_result"
                + " WHERE patient = ? ORDER BY window_start DESC, job_id LIMIT ?")) {
      s.setString(1, patient);
      s.setInt(2, n);
      return readWindows(s);
    }
  }

  /** How many windows are stored, over all patients. */
  public synchronized long windowCount() throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM window_result")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<StoredWindow> readWindows(PreparedStatement s) throws SQLException {
    List<StoredWindow> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        Map<Metric, Double> metrics = new EnumMap<>(Metric.class);
        for (int k = 0; k < METRICS.size(); k++) {
          double v = rs.getDouble(FIXED_COLUMNS + 1 + k);
          if (!rs.wasNull()) {
            metrics.put(METRICS.get(k), v);
          }
        }
        String q = rs.getString(11);
        long[] counts = new long[7];
        for (int k = 0; k < 7; k++) {
          counts[k] = rs.getLong(15 + k);
        }
        out.add(
            new StoredWindow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(5),
                rs.getLong(3),
                rs.getLong(4),
                rs.getString(6),
                rs.getString(7),
                rs.getBoolean(8),
                rs.getBoolean(9),
                rs.getString(10),
                q == null ? null : Quality.fromSpecName(q),
                nullableDouble(rs, 12),
                nullableInt(rs, 13),
                nullableInt(rs, 14),
                counts,
                metrics,
                rs.getLong(FIXED_COLUMNS + METRICS.size() + 1)));
      }
    }
    return out;
  }

  private static Double nullableDouble(ResultSet rs, int col) throws SQLException {
    double v = rs.getDouble(col);
    return rs.wasNull() ? null : v;
  }

  private static Integer nullableInt(ResultSet rs, int col) throws SQLException {
    int v = rs.getInt(col);
    return rs.wasNull() ? null : v;
  }

  /**
   * Window starts in {@code [fromMillis, toMillis)} the consumer reported missing and whose result
   * has not arrived since, oldest first.
   */
  public synchronized List<Long> missingWindows(String patient, long fromMillis, long toMillis)
      throws SQLException {
    List<Long> out = new ArrayList<>();
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT e.window_start FROM integrity_event e"
                + " WHERE e.patient = ? AND e.kind = 'missing_window' AND e.window_start >= ?"
                + " AND e.window_start < ? AND NOT EXISTS (SELECT 1 FROM window_result w"
                + " WHERE w.patient = e.patient AND w.window_start = e.window_start)"
                + " ORDER BY e.window_start")) {
      s.setString(1, patient);
      s.setLong(2, fromMillis);
      s.setLong(3, toMillis);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    }
    return out;
  }

  /**
   * How many integrity events of {@code kind} ("missing_window", "uncovered", "refused") are noted.
   */
  public synchronized long integrityEventCount(String patient, String kind) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT COUNT(*) FROM integrity_event WHERE patient = ? AND kind = ?")) {
      s.setString(1, patient);
      s.setString(2, kind);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Raises an alert unless one of this rule is open for the patient; returns whether it was raised
   * now. The database's partial unique index makes this hold across processes too.
   */
  public synchronized boolean raise(
      String patient, AlertRule rule, long at, Long windowStart, String detail)
      throws SQLException {
    ensurePatient(patient, at);
    try (PreparedStatement s =
        db.prepareStatement(
            "INSERT INTO alert (patient, rule, raised_at,"
                + " window_start, detail) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      s.setString(1, patient);
      s.setString(2, rule.name());
      s.setLong(3, at);
      s.setObject(4, windowStart, Types.BIGINT);
      s.setString(5, detail);
      return s.executeUpdate() == 1;
    }
  }

  /** Clears the patient's open alert of this rule; returns whether one was open. */
  public synchronized boolean clear(String patient, AlertRule rule, long at) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement(
            "UPDATE alert SET cleared_at = ?"
                + " WHERE patient = ? AND rule = ? AND cleared_at IS NULL")) {
      s.setLong(1, at);
      s.setString(2, patient);
      s.setString(3, rule.name());
      return s.executeUpdate() > 0;
    }
  }

  /**
   * Alerts, oldest first: of one patient, or of all when {@code patient} is null; only the open
   * ones when {@code openOnly}.
   */
  public synchronized List<Alert> alerts(String patient, boolean openOnly) throws SQLException {
    String sql =
        "SELECT patient, rule, raised_at, window_start, detail, cleared_at FROM alert"
            + " WHERE (? IS NULL OR patient = ?)"
            + (openOnly ? " AND cleared_at IS NULL" : "")
            + " ORDER BY raised_at, patient, rule";
    List<Alert> out = new ArrayList<>();
    try (PreparedStatement s =
        db.prepareStatement(
            location.isPostgres() ? sql.replace("? IS NULL", "CAST(? AS VARCHAR) IS NULL") : sql)) {
      s.setString(1, patient);
      s.setString(2, patient);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long w = rs.getLong(4);
          Long window = rs.wasNull() ? null : w;
          long c = rs.getLong(6);
          Long cleared = rs.wasNull() ? null : c;
          out.add(
              new Alert(
                  rs.getString(1),
                  AlertRule.valueOf(rs.getString(2)),
                  rs.getLong(3),
                  window,
                  rs.getString(5),
                  cleared));
        }
      }
    }
    return out;
  }

  /**
   * A number that changes whenever a result, event or alert is added or an alert clears: the
   * dashboard polls it to know when to refresh.
   */
  public synchronized long changeMarker() throws SQLException {
    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT COUNT(*) FROM window_result)"
                    + " + (SELECT COUNT(*) FROM integrity_event) + (SELECT COUNT(*) FROM alert)"
                    + " + (SELECT COUNT(*) FROM alert WHERE cleared_at IS NOT NULL)")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  public StoreLocation location() {
    return location;
  }

  @Override
  public synchronized void close() throws SQLException {
    db.close();
  }

  @Override
  public String toString() {
    return "ResultStore{" + location + "}";
  }
}
