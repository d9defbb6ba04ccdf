package org.trustbeat.server.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.server.CloseSchedule;

/**
 * The grouped stage's logic for one patient, free of Spark so it can be tested alone: buffer each
 * chunk once, open a close timer for every window it serves (its own windows, and those whose 30 s
 * of context it overlaps, HRV-SPEC section 3), and when a window's timer fires hand its chunks on
 * as a {@link ClosingWindow} and drop the chunks no later window needs.
 *
 * <p>Cost model (why it looks like this): a batch touches only the patients with input or with a
 * timer that fires; a new chunk costs one append and, at a new window, one timer; the buffer is
 * read and rewritten once per window close, not once per batch; identical copies are found by
 * hashing each chunk once, at the close of a window it serves.
 *
 * <p>Invariants: a window closes at most once, in order, at {@link CloseSchedule#closesAt}; a
 * window without chunks of its own closes without output; a chunk one of whose own windows has
 * closed is counted as late (and still kept if it serves a later open window); nothing crosses
 * from one window to the next but the chunks both share as context.
 *
 * <h2>Security guarantees</h2>
 *
 * Reads and keeps ciphertext envelopes and clear slot times only.
 */
final class PatientWindows {
  private final CloseSchedule schedule;
  private final long length;

  PatientWindows(CloseSchedule schedule) {
    this.schedule = schedule;
    this.length = schedule.windowLengthMillis();
  }

  /** Buffers a batch's chunks of {@code patient}; returns a counters row if some were late. */
  List<ClosingWindow> onChunks(String patient, Iterator<ChunkRow> rows, PatientBuffer state) {
    PatientProgress progress = state.progress();
    List<BufferedChunk> added = new ArrayList<>();
    long late = 0;
    boolean progressChanged = false;
    while (rows.hasNext()) {
      ChunkRow c = rows.next();
      long firstOwn = Math.floorDiv(c.getStartMillis(), length);
      // Windows start at or after the epoch (WindowTask), so context never reaches below 0.
      long first = Math.max(0, Math.floorDiv(c.getStartMillis() - WindowTask.CONTEXT_MILLIS, length));
      long last = Math.floorDiv(c.getEndMillis() - 1 + WindowTask.CONTEXT_MILLIS, length);
      if (progress.isClosed(firstOwn * length)) {
        late++; // one of its own windows closed without it: lost data, whatever else it serves
      }
      boolean useful = false;
      for (long k = first; k <= last; k++) {
        long start = k * length;
        if (progress.isClosed(start)) {
          continue;
        }
        useful = true;
        if (progress.open(start)) {
          state.registerTimer(schedule.closesAt(patient, start));
          progressChanged = true;
        }
      }
      if (useful) {
        added.add(BufferedChunk.of(c));
      }
    }
    if (!added.isEmpty()) {
      state.append(added);
    }
    if (progressChanged) {
      state.saveProgress(progress);
    }
    if (late == 0) {
      return List.of();
    }
    ClosingWindow counters = ClosingWindow.countersOnly(patient);
    counters.setLateChunks(late);
    return List.of(counters);
  }

  /** Closes the window whose timer is {@code timerMillis}; returns it if it has own chunks. */
  List<ClosingWindow> onTimer(String patient, long timerMillis, PatientBuffer state) {
    long start = schedule.windowClosingAt(patient, timerMillis);
    PatientProgress progress = state.progress();
    if (!progress.isOpen(start)) {
      return List.of(); // a timer of an earlier schedule (e.g. another spread): nothing to close
    }
    List<byte[]> envelopes = new ArrayList<>();
    List<BufferedChunk> kept = new ArrayList<>();
    Set<ByteBuffer> seen = new HashSet<>();
    boolean hasOwn = false;
    long identical = 0;
    int total = 0;
    for (Iterator<BufferedChunk> it = state.chunks(); it.hasNext(); ) {
      BufferedChunk c = it.next();
      total++;
      boolean own = c.getEndMillis() > start && c.getStartMillis() < start + length;
      boolean serves = c.getEndMillis() > start - WindowTask.CONTEXT_MILLIS
          && c.getStartMillis() < start + length + WindowTask.CONTEXT_MILLIS;
      if (serves) {
        if (seen.add(ByteBuffer.wrap(c.getEnvelope()))) {
          envelopes.add(c.getEnvelope());
          hasOwn |= own;
        } else if (own) {
          identical++;
        }
      }
      // Keep what a later window may still need: chunks reaching into its range with context.
      if (c.getEndMillis() - 1 + WindowTask.CONTEXT_MILLIS >= start + length) {
        kept.add(c);
      }
    }
    if (kept.size() < total) {
      state.replace(kept);
    }
    progress.close(start, length);
    state.saveProgress(progress);
    if (!hasOwn && identical == 0) {
      return List.of();
    }
    ClosingWindow w = hasOwn ? ClosingWindow.of(patient, start, envelopes) : ClosingWindow.countersOnly(patient);
    w.setHostDuplicatesDropped(identical);
    return List.of(w);
  }
}
