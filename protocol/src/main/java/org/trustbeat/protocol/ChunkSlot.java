package org.trustbeat.protocol;

import java.security.GeneralSecurityException;

/**
 * The time slot a chunk covers: {@code [start, start + length)} in epoch milliseconds, aligned to
 * the epoch ({@code start} is a multiple of {@code length}). A gateway cuts a patient's stream into
 * consecutive slots of one fixed length and seals the beats of each slot into one chunk; the slot,
 * not the beats' own times, is what the chunk's clear header carries.
 *
 * <p>A sample with event time {@code t} seconds lies in the slot when {@code start <= t·1000 <
 * start + length}, with {@code t·1000} computed in double precision, exactly as {@link
 * #contains(double)} and {@link #containing(double, int)} compute it; the end is exclusive.
 *
 * <h2>Security guarantees</h2>
 *
 * A slot depends only on the stream's slot length and the slot's index, never on where the beats
 * fall inside it, so the header reveals the slot a chunk belongs to and nothing finer. The length
 * is bounded below by {@link #MIN_LENGTH_MILLIS}: shorter slots would make the header itself a beat
 * clock. {@link #toString()} prints the bounds, which are public.
 */
public final class ChunkSlot {
  /** One second: below it, which slots hold a chunk would time the beats. */
  public static final int MIN_LENGTH_MILLIS = 1_000;

  /** One day: far above any chunk a gateway makes, and bounded so a forged header stays cheap. */
  public static final int MAX_LENGTH_MILLIS = 86_400_000;

  /** The gateway's default slot, 10 s (HRV windows of 30 s and more are multiples of it). */
  public static final int DEFAULT_LENGTH_MILLIS = 10_000;

  private static final String FIX =
      "cut the stream into epoch-aligned slots with ChunkSlot.containing";

  private final long startMillis;
  private final int lengthMillis;

  private ChunkSlot(long startMillis, int lengthMillis) {
    this.startMillis = startMillis;
    this.lengthMillis = lengthMillis;
  }

  /**
   * The slot {@code [startMillis, startMillis + lengthMillis)}.
   *
   * @throws GeneralSecurityException if the length is outside [{@link #MIN_LENGTH_MILLIS}, {@link
   *     #MAX_LENGTH_MILLIS}], the start is not a multiple of the length, or the slot is not within
   *     the epoch range of the headers (year 0 to 9999)
   */
  public static ChunkSlot of(long startMillis, int lengthMillis) throws GeneralSecurityException {
    String problem = problem(startMillis, lengthMillis);
    if (problem != null) {
      throw new GeneralSecurityException("slot: " + problem + "; " + FIX);
    }
    return new ChunkSlot(startMillis, lengthMillis);
  }

  /**
   * The slot of length {@code lengthMillis} that holds a sample at {@code tSeconds} (epoch
   * seconds).
   *
   * @throws GeneralSecurityException if the length is invalid or the time is not a plausible epoch
   *     time; the message never quotes the time
   */
  public static ChunkSlot containing(double tSeconds, int lengthMillis)
      throws GeneralSecurityException {
    double ms = tSeconds * 1000.0;
    if (!(ms >= 0 && ms <= EpochMillis.MAX)) {
      throw new GeneralSecurityException(
          "a sample time is outside the epoch range [0, "
              + EpochMillis.MAX
              + "] ms; tSeconds must be seconds since the Unix epoch");
    }
    if (lengthMillis < MIN_LENGTH_MILLIS || lengthMillis > MAX_LENGTH_MILLIS) {
      return of(0, lengthMillis); // throws, naming the bounds
    }
    // floor(ms) is exact for ms < 2^53, and start <= ms < end holds exactly when it holds for
    // floor(ms), since both bounds are integers: contains() agrees with this for every time.
    long start = Math.floorDiv((long) Math.floor(ms), lengthMillis) * lengthMillis;
    return of(start, lengthMillis);
  }

  /** For a start and length {@link #problem} has accepted. */
  static ChunkSlot ofValid(long startMillis, int lengthMillis) {
    return new ChunkSlot(startMillis, lengthMillis);
  }

  /** Null if valid, else what is wrong; shared by {@link #of} and the header parser. */
  static String problem(long startMillis, int lengthMillis) {
    if (lengthMillis < MIN_LENGTH_MILLIS || lengthMillis > MAX_LENGTH_MILLIS) {
      return "length "
          + lengthMillis
          + " ms is outside ["
          + MIN_LENGTH_MILLIS
          + ", "
          + MAX_LENGTH_MILLIS
          + "]";
    }
    if (!EpochMillis.inRange(startMillis) || startMillis > EpochMillis.MAX + 1 - lengthMillis) {
      return "start " + startMillis + " is outside the epoch range [0, " + EpochMillis.MAX + "] ms";
    }
    if (startMillis % lengthMillis != 0) {
      return "start "
          + startMillis
          + " is not a multiple of the length "
          + lengthMillis
          + " ms (slots are aligned to the epoch)";
    }
    return null;
  }

  /** Inclusive start, epoch ms. */
  public long startMillis() {
    return startMillis;
  }

  /** Exclusive end, epoch ms: {@code start + length}. */
  public long endMillis() {
    return startMillis + lengthMillis;
  }

  public int lengthMillis() {
    return lengthMillis;
  }

  /** Whether a sample at {@code tSeconds} lies in {@code [start, end)}; NaN lies nowhere. */
  public boolean contains(double tSeconds) {
    double ms = tSeconds * 1000.0;
    return ms >= startMillis && ms < startMillis + lengthMillis;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChunkSlot
        && ((ChunkSlot) o).startMillis == startMillis
        && ((ChunkSlot) o).lengthMillis == lengthMillis;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(startMillis) * 31 + lengthMillis;
  }

  @Override
  public String toString() {
    return "[" + startMillis + ", " + (startMillis + lengthMillis) + ")";
  }
}
