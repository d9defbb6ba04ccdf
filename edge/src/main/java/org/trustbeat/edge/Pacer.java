package org.trustbeat.edge;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Iterator;
import java.util.function.LongSupplier;

/**
 * Plays beats into a sink at a pace: in real time (speed 1), accelerated (speed &gt; 1: a 60-bpm
 * stream at speed 1024 delivers 1024 beats/s), or as fast as possible (speed {@link #UNPACED}).
 * Each beat is due at {@code start + (t - t0) / speed} of the injected clock, so pacing does not
 * drift with the sink's own cost.
 */
public final class Pacer {
  /** Speed meaning "do not wait at all". */
  public static final double UNPACED = Double.POSITIVE_INFINITY;

  private final double speed;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;

  private Pacer(double speed, LongSupplier nanoTime, Sleeper sleeper) {
    this.speed = speed;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** Real clock and sleep. */
  public static Pacer of(double speed) {
    return of(speed, System::nanoTime, Sleeper.SYSTEM);
  }

  /**
   * @param speed &gt; 0: 1 for real time, {@link #UNPACED} for as fast as possible
   */
  public static Pacer of(double speed, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException(
          "speed must be > 0 (1 = real time, Pacer.UNPACED = as fast as possible), was " + speed);
    }
    return new Pacer(speed, nanoTime, sleeper);
  }

  public double speed() {
    return speed;
  }

  /**
   * Delivers every beat; returns how many.
   *
   * @throws InterruptedException if interrupted while waiting; beats so far were delivered
   */
  public long play(Iterator<Beat> beats, BeatSink sink)
      throws IOException, GeneralSecurityException, InterruptedException {
    long n = 0;
    long start = nanoTime.getAsLong();
    double t0 = Double.NaN;
    while (beats.hasNext()) {
      Beat b = beats.next();
      if (Double.isNaN(t0)) {
        t0 = b.tEpochSeconds();
      }
      if (speed != UNPACED) {
        long due = start + (long) ((b.tEpochSeconds() - t0) / speed * 1e9);
        long wait = due - nanoTime.getAsLong();
        if (wait > 0) {
          sleeper.sleepNanos(wait);
        }
      }
      sink.accept(b.tEpochSeconds(), b.rrMs());
      n++;
    }
    return n;
  }

  @Override
  public String toString() {
    return "Pacer{speed=" + (speed == UNPACED ? "unpaced" : speed) + "}";
  }
}
