package org.trustbeat.edge;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.RrRecordReader;

/**
 * Replays a recorded RR file as a live sensor. File times (seconds from the start of the recording,
 * or the CSV's own timestamps) are shifted by a base that is a multiple of the window length, so
 * the replayed stream's windows {@code [base + kW, base + (k+1)W)} hold exactly the beats of the
 * file's windows {@code [kW, (k+1)W)} in {@code trustbeat hrv --window W}.
 */
public final class RecordReplay {
  private final BeatSeries recording;
  private final double baseEpochSeconds;

  private RecordReplay(BeatSeries recording, double baseEpochSeconds) {
    this.recording = recording;
    this.baseEpochSeconds = baseEpochSeconds;
  }

  /**
   * Reads a recording (unit from {@code unit}, else from the name or CSV header, as {@code
   * trustbeat hrv}) and shifts it to the first multiple of {@code windowSeconds} at or after {@code
   * notBeforeEpochSeconds}.
   */
  public static RecordReplay open(
      Path file, RrRecordReader.Unit unit, double windowSeconds, double notBeforeEpochSeconds)
      throws IOException {
    return of(RrRecordReader.read(file, unit), windowSeconds, notBeforeEpochSeconds);
  }

  /** As {@link #open} for an already read recording. */
  public static RecordReplay of(
      BeatSeries recording, double windowSeconds, double notBeforeEpochSeconds) {
    if (!(windowSeconds > 0) || Double.isInfinite(windowSeconds)) {
      throw new IllegalArgumentException(
          "window length must be a positive number of seconds, was " + windowSeconds);
    }
    if (!(notBeforeEpochSeconds >= 0)) {
      throw new IllegalArgumentException("the earliest start must be epoch seconds >= 0");
    }
    double base = Math.ceil(notBeforeEpochSeconds / windowSeconds) * windowSeconds;
    return new RecordReplay(recording, base);
  }

  /** The offset added to every file time: a multiple of the window length. */
  public double baseEpochSeconds() {
    return baseEpochSeconds;
  }

  public int size() {
    return recording.size();
  }

  /** The shifted stream as a series (for checks and batch use). */
  public BeatSeries shifted() {
    double[] t = recording.times();
    for (int i = 0; i < t.length; i++) {
      t[i] += baseEpochSeconds;
    }
    return BeatSeries.of(t, recording.rrMs());
  }

  /** The shifted beats in file order. */
  public Iterator<Beat> beats() {
    return new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < recording.size();
      }

      @Override
      public Beat next() {
        if (i >= recording.size()) {
          throw new NoSuchElementException();
        }
        Beat b = new Beat(recording.time(i) + baseEpochSeconds, recording.rr(i));
        i++;
        return b;
      }
    };
  }

  /**
   * Plays the recording into {@code sink} with {@code pacer} (real time, accelerated or as fast as
   * possible); returns the number of beats delivered.
   */
  public long replay(BeatSink sink, Pacer pacer)
      throws IOException, GeneralSecurityException, InterruptedException {
    return pacer.play(beats(), sink);
  }

  @Override
  public String toString() {
    return "RecordReplay{beats=" + recording.size() + ", base=" + baseEpochSeconds + "}";
  }
}
