package org.trustbeat.server.internal;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.trustbeat.enclave.WindowTask;

/**
 * The Spark state of one patient: the chunk envelopes of each still-open window — its own chunks
 * and the context chunks of the 30 s on each side (HRV-SPEC section 3) — and where closing has
 * reached. Nothing carries from one window to the next.
 *
 * <h2>Security guarantees</h2>
 *
 * Holds only what the untrusted host already sees: ciphertext envelopes and window times. No field
 * is derived from decrypted data. {@link #toString()} prints counts and sizes.
 */
public final class PatientState implements Serializable {
  private static final long serialVersionUID = 2L;
  /** {@link #closedUpToMillis()} before any window closed. */
  public static final long NOTHING_CLOSED = Long.MIN_VALUE;

  private final TreeMap<Long, ArrayList<byte[]>> openWindows = new TreeMap<>();
  /** Open windows one of whose chunks overlaps the window itself: only those get a result. */
  private final TreeSet<Long> withOwnChunks = new TreeSet<>();
  private long closedUpToMillis = NOTHING_CLOSED;

  /** Envelopes per open window start, in window order; the arrays must not be modified. */
  public Map<Long, List<byte[]>> openWindows() {
    Map<Long, List<byte[]>> view = new TreeMap<>();
    openWindows.forEach((k, v) -> view.put(k, Collections.unmodifiableList(v)));
    return Collections.unmodifiableMap(view);
  }

  /** End of the last closed window, epoch ms; chunks for windows before it are late. */
  public long closedUpToMillis() {
    return closedUpToMillis;
  }

  boolean isClosed(long windowStartMillis) {
    return closedUpToMillis != NOTHING_CLOSED && windowStartMillis < closedUpToMillis;
  }

  /**
   * Buffers {@code envelope} in the window, unless a byte-identical one is already there.
   *
   * @param own whether the chunk overlaps the window itself (else it is context only)
   * @param seen identical-envelope index of this invocation, filled lazily per window
   * @return false if it was an identical duplicate and was dropped
   */
  boolean add(long windowStartMillis, byte[] envelope, boolean own, Map<Long, Set<ByteBuffer>> seen) {
    ArrayList<byte[]> chunks = openWindows.computeIfAbsent(windowStartMillis, k -> new ArrayList<>());
    Set<ByteBuffer> index =
        seen.computeIfAbsent(
            windowStartMillis,
            k -> {
              Set<ByteBuffer> s = new HashSet<>();
              chunks.forEach(c -> s.add(ByteBuffer.wrap(c)));
              return s;
            });
    if (own) {
      withOwnChunks.add(windowStartMillis);
    }
    if (!index.add(ByteBuffer.wrap(envelope))) {
      return false;
    }
    chunks.add(envelope);
    return true;
  }

  /**
   * Starts of the open windows whose range with context, {@code [start − 30 s, start + L + 30 s)},
   * ends at or before {@code watermarkMillis}, in order.
   */
  List<Long> closable(long watermarkMillis, long windowLengthMillis) {
    List<Long> out = new ArrayList<>();
    for (Long start : openWindows.keySet()) {
      if (closesAt(start, windowLengthMillis) > watermarkMillis) {
        break;
      }
      out.add(start);
    }
    return out;
  }

  /** The event time at which a window's result is due: its end plus the context after it. */
  static long closesAt(long windowStartMillis, long windowLengthMillis) {
    return windowStartMillis + windowLengthMillis + WindowTask.CONTEXT_MILLIS;
  }

  /** Whether one of the window's chunks overlaps the window itself, so it can hold own beats. */
  boolean hasOwnChunks(long windowStartMillis) {
    return withOwnChunks.contains(windowStartMillis);
  }

  List<byte[]> chunksOf(long windowStartMillis) {
    return openWindows.getOrDefault(windowStartMillis, new ArrayList<>());
  }

  /** Drops the closed windows' envelopes. */
  void close(List<Long> windowStarts, long windowLengthMillis) {
    for (Long s : windowStarts) {
      openWindows.remove(s);
      withOwnChunks.remove(s);
      closedUpToMillis = Math.max(closedUpToMillis, s + windowLengthMillis);
    }
  }

  /** Start of the earliest open window, or null when none is open. */
  Long firstOpenWindow() {
    return openWindows.isEmpty() ? null : openWindows.firstKey();
  }

  @Override
  public String toString() {
    int chunks = 0;
    long bytes = 0;
    for (List<byte[]> w : openWindows.values()) {
      chunks += w.size();
      for (byte[] c : w) {
        bytes += c.length;
      }
    }
    return "PatientState{openWindows=" + openWindows.size() + ", chunks=" + chunks + ", bytes="
        + bytes + ", closedUpTo=" + closedUpToMillis + "}";
  }
}
