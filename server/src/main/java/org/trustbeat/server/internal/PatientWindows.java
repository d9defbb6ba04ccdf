package org.trustbeat.server.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
 * window without chunks of its own closes without output and, when no window with chunks of its own
 * closes with it, without reading the buffer; a chunk one of whose own windows has closed is
 * counted as late (and still kept if it serves a later open window); nothing crosses from one
 * window to the next but the chunks both share as context.
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
      long first = Math.max(0, WindowTask.firstWindowServed(c.getStartMillis(), length));
      long last = WindowTask.lastWindowServed(c.getEndMillis(), length);
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
        if (isOwn(c.getStartMillis(), c.getEndMillis(), start) && progress.markOwn(start)) {
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

  /**
   * Closes the window whose timer is {@code timerMillis} and, in the same pass over the buffer,
   * every other open window of the patient already due at {@code watermarkMillis} (their timers
   * fire in this batch too and then find nothing to do). A patient catching up on hours of data
   * thus costs one read and one rewrite of its buffer per batch, not one per window.
   *
   * @return the closed windows that have chunks of their own, in window order, and counter rows
   */
  List<ClosingWindow> onTimer(
      String patient, long timerMillis, long watermarkMillis, PatientBuffer state) {
    long first = schedule.windowClosingAt(patient, timerMillis);
    PatientProgress progress = state.progress();
    if (!progress.isOpen(first)) {
      return List.of(); // closed in an earlier timer's pass, or a timer of another schedule
    }
    List<Long> closing = new ArrayList<>();
    for (long start : progress.getOpenWindows()) {
      if (start == first || schedule.closesAt(patient, start) <= watermarkMillis) {
        closing.add(start);
      }
    }
    if (closing.stream().noneMatch(progress::hasOwn)) {
      return closeContextOnly(closing, progress, state);
    }
    long lastEnd = closing.get(closing.size() - 1) + length;
    List<List<byte[]>> envelopes = new ArrayList<>();
    // Identical copies share their slot: compare bytes only within a slot, hash nothing.
    List<Map<Long, List<byte[]>>> bySlot = new ArrayList<>();
    boolean[] hasOwn = new boolean[closing.size()];
    long[] identical = new long[closing.size()];
    for (int i = 0; i < closing.size(); i++) {
      envelopes.add(new ArrayList<>());
      bySlot.add(new HashMap<>());
    }
    List<BufferedChunk> kept = new ArrayList<>();
    int total = 0;
    for (Iterator<BufferedChunk> it = state.chunks(); it.hasNext(); ) {
      BufferedChunk c = it.next();
      total++;
      for (int i = 0; i < closing.size(); i++) {
        long start = closing.get(i);
        if (!WindowTask.serves(c.getStartMillis(), c.getEndMillis(), start, length)) {
          continue;
        }
        boolean own = isOwn(c.getStartMillis(), c.getEndMillis(), start);
        if (firstCopy(bySlot.get(i), c)) {
          envelopes.get(i).add(c.getEnvelope());
          hasOwn[i] |= own;
        } else if (own) {
          identical[i]++;
        }
      }
      // Keep what a later window may still need: chunks reaching into its range with context.
      if (WindowTask.lastWindowServed(c.getEndMillis(), length) * length >= lastEnd) {
        kept.add(c);
      }
    }
    if (kept.size() < total) {
      state.replace(kept);
    }
    List<ClosingWindow> out = new ArrayList<>();
    for (int i = 0; i < closing.size(); i++) {
      long start = closing.get(i);
      progress.close(start, length);
      if (hasOwn[i] || identical[i] > 0) {
        ClosingWindow w =
            hasOwn[i]
                ? ClosingWindow.of(patient, start, envelopes.get(i))
                : ClosingWindow.countersOnly(patient);
        w.setHostDuplicatesDropped(identical[i]);
        out.add(w);
      }
    }
    state.saveProgress(progress);
    return out;
  }

  /**
   * Closes windows that hold only other windows' chunks as context, without reading the buffer:
   * they have no result. The chunks only they needed stay buffered until the next close that reads
   * the buffer drops them (its keep rule), or go now, unread, when no open window is left, since
   * every chunk opens each window it serves. Why: a patient's first window is often context-only,
   * and when many patients start together (a fleet coming online, the bench's backlog) reading
   * every buffer for nothing cost a whole batch (8–27 s at 50 000–100 000 patients).
   */
  private List<ClosingWindow> closeContextOnly(
      List<Long> closing, PatientProgress progress, PatientBuffer state) {
    for (long start : closing) {
      progress.close(start, length);
    }
    if (progress.getOpenWindows().length == 0) {
      state.replace(List.of());
    }
    state.saveProgress(progress);
    return List.of();
  }

  /**
   * Whether the slot {@code [slotStart, slotEnd)} lies partly inside the window starting at {@code
   * windowStart}: the window's own chunk, not only its context. The one rule for both buffering
   * (which windows have a chunk of their own) and closing (which chunks make a result).
   */
  private boolean isOwn(long slotStartMillis, long slotEndMillis, long windowStartMillis) {
    return slotEndMillis > windowStartMillis && slotStartMillis < windowStartMillis + length;
  }

  /** Records {@code c} in its slot's list unless an identical envelope is there already. */
  private static boolean firstCopy(Map<Long, List<byte[]>> bySlot, BufferedChunk c) {
    List<byte[]> same = bySlot.computeIfAbsent(c.getStartMillis(), k -> new ArrayList<>(1));
    for (byte[] e : same) {
      if (Arrays.equals(e, c.getEnvelope())) {
        return false;
      }
    }
    same.add(c.getEnvelope());
    return true;
  }
}
