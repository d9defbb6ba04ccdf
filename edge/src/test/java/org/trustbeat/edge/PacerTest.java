package org.trustbeat.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {
  /** A clock that only moves when the pacer sleeps. */
  static final class FakeTime implements Sleeper {
    long now;
    final List<Long> sleeps = new ArrayList<>();

    @Override
    public void sleepNanos(long nanos) {
      sleeps.add(nanos);
      now += nanos;
    }
  }

  private static List<Beat> beats(double... times) {
    List<Beat> out = new ArrayList<>();
    for (double t : times) {
      out.add(new Beat(t, 1000));
    }
    return out;
  }

  @Test
  void acceleratedPlay_waitsEventTimeDividedBySpeed() throws Exception {
    FakeTime time = new FakeTime();
    List<Double> delivered = new ArrayList<>();
    List<Long> at = new ArrayList<>();
    Pacer p = Pacer.of(4, () -> time.now, time);
    long n =
        p.play(
            beats(100, 101, 103).iterator(),
            (t, rr) -> {
              delivered.add(t);
              at.add(time.now);
            });
    assertEquals(3, n);
    assertEquals(List.of(100.0, 101.0, 103.0), delivered);
    assertEquals(List.of(0L, 250_000_000L, 750_000_000L), at);
  }

  @Test
  void realTime_waitsTheEventTime() throws Exception {
    FakeTime time = new FakeTime();
    Pacer.of(1, () -> time.now, time).play(beats(5, 7).iterator(), (t, rr) -> {});
    assertEquals(2_000_000_000L, time.now);
  }

  @Test
  void unpaced_neverSleeps() throws Exception {
    FakeTime time = new FakeTime();
    Pacer.of(Pacer.UNPACED, () -> time.now, time).play(beats(1, 2, 3).iterator(), (t, rr) -> {});
    assertTrue(time.sleeps.isEmpty());
  }

  @Test
  void slowSink_doesNotAccumulateDrift() throws Exception {
    FakeTime time = new FakeTime();
    List<Long> at = new ArrayList<>();
    Pacer.of(1, () -> time.now, time)
        .play(
            beats(0, 1, 2).iterator(),
            (t, rr) -> {
              at.add(time.now);
              time.now += 400_000_000L; // the sink itself takes 0.4 s
            });
    assertEquals(List.of(0L, 1_000_000_000L, 2_000_000_000L), at);
  }

  @Test
  void nonPositiveSpeed_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> Pacer.of(0));
  }
}
