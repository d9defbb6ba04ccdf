package org.trustbeat.app;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.trustbeat.edge.ConsumedResult;
import org.trustbeat.edge.ResultListener;
import org.trustbeat.hrv.Quality;
import org.trustbeat.protocol.ResultHeader;

/**
 * Prints each result as the patient side opens it, one line per window, labelled with the host
 * kind and attestation kind its header declares, and keeps the counts of the demo's summary.
 */
final class LiveResults implements ResultListener {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final PrintWriter out;
  private final PrintWriter notes;
  private final boolean json;
  private final AtomicLong windows = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong sequenceGaps = new AtomicLong();
  private final AtomicLong chunksRejected = new AtomicLong();
  private final AtomicLong uncoveredSequences = new AtomicLong();
  private final Map<String, Integer> missingWindows = new ConcurrentHashMap<>();

  LiveResults(PrintWriter out) {
    this(out, out, false);
  }

  /**
   * @param json one JSON object per window on {@code out} (the keys of {@code trustbeat hrv
   *     --format json}, plus the patient, the window, the labels and the completeness counts),
   *     with notes on {@code notes}; else one line per window, notes on {@code out} too
   */
  LiveResults(PrintWriter out, PrintWriter notes, boolean json) {
    this.out = out;
    this.notes = notes;
    this.json = json;
  }

  @Override
  public void onResult(ConsumedResult r) {
    windows.incrementAndGet();
    ResultHeader h = r.header();
    sequenceGaps.addAndGet(h.sequenceGaps());
    chunksRejected.addAndGet(h.chunksRejected());
    Quality q = r.quality();
    String line = json ? json(r) : String.format(Locale.ROOT,
        "%s %-14s window %s UTC  %-4s art %4.1f%%  beats %4s  HR %6s  SDNN %6s  RMSSD %6s"
            + "  LF/HF %5s  chunks %d (+%d context)%s",
        r.label(), r.patient(), CLOCK.format(Instant.ofEpochMilli(r.windowStartMillis())),
        q == Quality.POOR ? "POOR" : q.specName(), r.artifactPercent(),
        field(r, "n_nn", 0), field(r, "mean_hr", 1), field(r, "sdnn", 1),
        field(r, "rmssd", 1), field(r, "lf_hf", 2), h.chunksSeen() - h.contextChunks(),
        h.contextChunks(), completeness(h));
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** The enclave's JSON body (trustbeat hrv's keys) after the header's fields. */
  private static String json(ConsumedResult r) {
    ResultHeader h = r.header();
    String body = r.json().strip();
    StringBuilder sb = new StringBuilder("{");
    sb.append("\"patient\":\"").append(r.patient()).append("\",");
    sb.append("\"window_start_utc\":\"")
        .append(Instant.ofEpochMilli(r.windowStartMillis())).append("\",");
    sb.append("\"window_seconds\":").append(r.windowLengthMillis() / 1000).append(',');
    sb.append("\"analysis\":\"").append(r.algorithm()).append("\",");
    sb.append("\"mode\":\"").append(r.hostKind()).append("\",");
    sb.append("\"attestation\":\"").append(r.attestationKind()).append("\",");
    sb.append("\"label\":\"").append(r.label().replace("\\", "\\\\").replace("\"", "\\\""))
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
    synchronized (notes) {
      notes.println(patient + ": sequence numbers " + first + ".." + last
          + " are covered by no result (chunks withheld or lost between windows)");
      notes.flush();
    }
  }

  @Override
  public void onDuplicate(ResultHeader header) {
    duplicates.incrementAndGet();
  }

  @Override
  public void onRejected(String reason) {
    rejected.incrementAndGet();
    synchronized (notes) {
      notes.println("result refused by the patient side: " + reason);
      notes.flush();
    }
  }

  /** One number of the result, formatted, or "-" when absent or null. */
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
