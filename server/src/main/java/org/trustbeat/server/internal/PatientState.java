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

/**
 * The Spark state of one patient: the chunk envelopes of each still-open window, the sealed carry
 * the enclave returned with the last closed window, and where closing has reached.
 *
 * <h2>Security guarantees</h2>
 *
 * Holds only what the untrusted host already sees: ciphertext envelopes, the enclave's sealed
 * carry and window times. No field is derived from decrypted data. {@link #toString()} prints
 * counts and sizes.
 */
public final class PatientState implements Serializable {
  private static final long serialVersionUID = 1L;
  /** {@link #closedUpToMillis()} before any window closed. */
  public static final long NOTHING_CLOSED = Long.MIN_VALUE;

  private final TreeMap<Long, ArrayList<byte[]>> openWindows = new TreeMap<>();
  private byte[] carry;
  private long closedUpToMillis = NOTHING_CLOSED;

  /** Envelopes per open window start, in window order; the arrays must not be modified. */
  public Map<Long, List<byte[]>> openWindows() {
    Map<Long, List<byte[]>> view = new TreeMap<>();
    openWindows.forEach((k, v) -> view.put(k, Collections.unmodifiableList(v)));
    return Collections.unmodifiableMap(view);
  }

  /** The sealed carry of the last closed window, or null. */
  public byte[] carry() {
    return carry == null ? null : carry.clone();
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
   * @param seen identical-envelope index of this invocation, filled lazily per window
   * @return false if it was an identical duplicate and was dropped
   */
  boolean add(long windowStartMillis, byte[] envelope, Map<Long, Set<ByteBuffer>> seen) {
    ArrayList<byte[]> chunks = openWindows.computeIfAbsent(windowStartMillis, k -> new ArrayList<>());
    Set<ByteBuffer> index =
        seen.computeIfAbsent(
            windowStartMillis,
            k -> {
              Set<ByteBuffer> s = new HashSet<>();
              chunks.forEach(c -> s.add(ByteBuffer.wrap(c)));
              return s;
            });
    if (!index.add(ByteBuffer.wrap(envelope))) {
      return false;
    }
    chunks.add(envelope);
    return true;
  }

  /** Starts of the open windows that end at or before {@code watermarkMillis}, in order. */
  List<Long> closable(long watermarkMillis, long windowLengthMillis) {
    List<Long> out = new ArrayList<>();
    for (Long start : openWindows.keySet()) {
      if (start + windowLengthMillis > watermarkMillis) {
        break;
      }
      out.add(start);
    }
    return out;
  }

  List<byte[]> chunksOf(long windowStartMillis) {
    return openWindows.getOrDefault(windowStartMillis, new ArrayList<>());
  }

  /**
   * Drops the closed windows' envelopes and remembers the carry to pass with the next window.
   * A null carry keeps the previous one: the enclave had nothing new to carry.
   */
  void close(List<Long> windowStarts, long windowLengthMillis, byte[] newCarry) {
    for (Long s : windowStarts) {
      openWindows.remove(s);
      closedUpToMillis = Math.max(closedUpToMillis, s + windowLengthMillis);
    }
    if (newCarry != null) {
      carry = newCarry.clone();
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
        + bytes + ", carry=" + (carry == null ? 0 : carry.length) + " bytes, closedUpTo="
        + closedUpToMillis + "}";
  }
}
