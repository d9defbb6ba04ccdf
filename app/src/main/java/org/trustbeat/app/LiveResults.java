package org.trustbeat.app;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.trustbeat.edge.ConsumedResult;
import org.trustbeat.edge.ResultListener;
import org.trustbeat.hrv.Quality;
import org.trustbeat.protocol.ResultHeader;

/**
 * The results as the patient side opens them: each patient's latest one for the live console's
 * table, optionally a line per window (when the console is not a terminal), each labelled with the
 * host kind and attestation kind its header declares; and the counts of the demo's summary.
 */
final class LiveResults implements ResultListener {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter HOUR_MINUTE =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Consumer<String> messages;

  /** Where a line per result goes (the messages, or a results stream), or null for none. */
  private final Consumer<String> lines;

  private final boolean json;
  private final AtomicLong opened = new AtomicLong();
  private final Map<String, Row> latest = new ConcurrentHashMap<>();
  private final AtomicLong windows = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong sequenceGaps = new AtomicLong();
  private final AtomicLong chunksRejected = new AtomicLong();
  private final AtomicLong uncoveredSequences = new AtomicLong();
  private final Map<String, Integer> missingWindows = new ConcurrentHashMap<>();

  /**
   * @param messages where events a user should see go (refused results, uncovered sequences)
   * @param lineEach also send a line per result to {@code messages}
   */
  LiveResults(Consumer<String> messages, boolean lineEach) {
    this.messages = messages;
    this.lines = lineEach ? messages : null;
    this.json = false;
  }

  /**
   * A line per result on {@code out}, events on {@code notes} ({@code trustbeat results}).
   *
   * @param json one JSON object per window (the keys of {@code trustbeat hrv --format json}, plus
   *     the patient, the window, the labels and the completeness counts) instead of a text line
   */
  LiveResults(PrintWriter out, PrintWriter notes, boolean json) {
    this.messages = printer(notes);
    this.lines = printer(out);
    this.json = json;
  }

  /** Lines to {@code w}, whole lines from any thread. */
  static Consumer<String> printer(PrintWriter w) {
    return line -> {
      synchronized (w) {
        w.println(line);
        w.flush();
      }
    };
  }

  /** One patient's latest result, for the console's table. Numbers as printed; no samples. */
  record Row(
      long order,
      String label,
      String patient,
      long windowStartMillis,
      String quality,
      double artifactPercent,
      String beats,
      String hr,
      String sdnn,
      String rmssd,
      String lfHf,
      long chunks,
      long contextChunks,
      String flags) {
    static final String HEADER =
        String.format(
            Locale.ROOT,
            "%-14s %5s  %-4s %5s %5s %6s %6s %6s %5s %6s",
            "patient",
            "UTC",
            "qual",
            "art%",
            "beats",
            "HR",
            "SDNN",
            "RMSSD",
            "LF/HF",
            "chunks");

    String cells() {
      return String.format(
          Locale.ROOT,
          "%-14s %5s  %-4s %5.1f %5s %6s %6s %6s %5s %6s%s",
          patient,
          HOUR_MINUTE.format(Instant.ofEpochMilli(windowStartMillis)),
          quality,
          artifactPercent,
          beats,
          hr,
          sdnn,
          rmssd,
          lfHf,
          chunks + "+" + contextChunks,
          flags);
    }
  }

  /** The latest result of each patient, newest first, at most {@code n}. */
  List<Row> latest(int n) {
    List<Row> rows = new ArrayList<>(latest.values());
    rows.sort(Comparator.comparingLong(Row::order).reversed());
    return rows.subList(0, Math.min(n, rows.size()));
  }

  @Override
  public void onResult(ConsumedResult r) {
    windows.incrementAndGet();
    ResultHeader h = r.header();
    sequenceGaps.addAndGet(h.sequenceGaps());
    chunksRejected.addAndGet(h.chunksRejected());
    Quality q = r.quality();
    String quality = q == Quality.POOR ? "POOR" : q.specName();
    Row row =
        new Row(
            opened.incrementAndGet(),
            r.label(),
            r.patient(),
            r.windowStartMillis(),
            quality,
            r.artifactPercent(),
            field(r, "n_nn", 0),
            field(r, "mean_hr", 1),
            field(r, "sdnn", 1),
            field(r, "rmssd", 1),
            field(r, "lf_hf", 2),
            h.chunksSeen() - h.contextChunks(),
            h.contextChunks(),
            completeness(h));
    latest.merge(
        r.patient(), row, (a, b) -> b.windowStartMillis() >= a.windowStartMillis() ? b : a);
    if (lines != null) {
      lines.accept(
          json
              ? json(r)
              : String.format(
                  Locale.ROOT,
                  "%s %-14s window %s UTC  %-4s art %4.1f%%  beats %4s  HR %6s  SDNN %6s  RMSSD %6s"
                      + "  LF/HF %5s  chunks %d (+%d context)%s",
                  r.label(),
                  r.patient(),
                  CLOCK.format(Instant.ofEpochMilli(r.windowStartMillis())),
                  quality,
                  r.artifactPercent(),
                  row.beats(),
                  row.hr(),
                  row.sdnn(),
                  row.rmssd(),
                  row.lfHf(),
                  row.chunks(),
                  row.contextChunks(),
                  row.flags()));
    }
  }

  private static String completeness(ResultHeader h) {
    StringBuilder sb = new StringBuilder();
    if (h.sequenceGaps() > 0) {
      sb.append("  gaps ").append(h.sequenceGaps());
    }
    if (h.duplicatesDropped() > 0) {
      sb.append("  dup ").append(h.duplicatesDropped());
    }
    if (h.chunksRejected() > 0) {
      sb.append("  REJECTED ").append(h.chunksRejected());
    }
    return sb.toString();
  }

  @Override
  public void onMissingWindows(String patient, List<Long> windowStartsMillis) {
    missingWindows.put(patient, windowStartsMillis.size());
  }

  @Override
  public void onUncoveredSequences(String patient, long first, long last) {
    uncoveredSequences.addAndGet(last - first + 1);
    messages.accept(
        patient
            + ": sequence numbers "
            + first
            + ".."
            + last
            + " are covered by no result (chunks withheld or lost between windows)");
  }

  @Override
  public void onDuplicate(ResultHeader header) {
    duplicates.incrementAndGet();
  }

  @Override
  public void onRejected(String reason) {
    rejected.incrementAndGet();
    messages.accept("result refused by the patient side: " + reason);
  }

  /** One number of the result, formatted, or "-" when absent or null. */
  /** The enclave's JSON body (trustbeat hrv's keys) after the header's fields. */
  private static String json(ConsumedResult r) {
    ResultHeader h = r.header();
    String body = r.json().strip();
    StringBuilder sb = new StringBuilder("{");
    sb.append("\"patient\":\"").append(r.patient()).append("\",");
    sb.append("\"window_start_utc\":\"")
        .append(Instant.ofEpochMilli(r.windowStartMillis()))
        .append("\",");
    sb.append("\"window_seconds\":").append(r.windowLengthMillis() / 1000).append(',');
    sb.append("\"analysis\":\"").append(r.algorithm()).append("\",");
    sb.append("\"mode\":\"").append(r.hostKind()).append("\",");
    sb.append("\"attestation\":\"").append(r.attestationKind()).append("\",");
    sb.append("\"label\":\"")
        .append(r.label().replace("\\", "\\\\").replace("\"", "\\\""))
        .append("\",");
    sb.append("\"chunks\":").append(h.chunksSeen() - h.contextChunks()).append(',');
    sb.append("\"context_chunks\":").append(h.contextChunks()).append(',');
    sb.append("\"first_sequence\":").append(h.firstSequence()).append(',');
    sb.append("\"last_sequence\":").append(h.lastSequence()).append(',');
    sb.append("\"sequence_gaps\":").append(h.sequenceGaps()).append(',');
    sb.append("\"duplicates_dropped\":").append(h.duplicatesDropped()).append(',');
    sb.append("\"chunks_rejected\":").append(h.chunksRejected());
    if (body.startsWith("{") && body.length() > 2) {
      sb.append(',').append(body, 1, body.length());
    } else {
      sb.append('}');
    }
    return sb.toString();
  }

  private static String field(ConsumedResult r, String key, int decimals) {
    Double v = r.number(key);
    return v == null ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  long windows() {
    return windows.get();
  }

  long duplicates() {
    return duplicates.get();
  }

  long refused() {
    return rejected.get();
  }

  long sequenceGaps() {
    return sequenceGaps.get();
  }

  long uncoveredSequences() {
    return uncoveredSequences.get();
  }

  long chunksRejected() {
    return chunksRejected.get();
  }

  long missingWindows() {
    return missingWindows.values().stream().mapToLong(Integer::longValue).sum();
  }
}
