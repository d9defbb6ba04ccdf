package org.trustbeat.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacitySearchTest {
  /** Runs the search against a mode that sustains exactly {@code capacity} patients. */
  private static List<Integer> search(CapacitySearch s, int capacity) {
    List<Integer> probes = new ArrayList<>();
    while (!s.done()) {
      int n = s.next();
      probes.add(n);
      s.record(n, n <= capacity);
    }
    return probes;
  }

  @Test
  void doublesUntilAFailure_thenBisectsToWithinTenPercent() {
    CapacitySearch s = new CapacitySearch(500, 64_000);
    List<Integer> probes = search(s, 3000);
    assertEquals(List.of(500, 1000, 2000, 4000), probes.subList(0, 4));
    assertTrue(s.sustained() <= 3000 && s.sustained() >= 2700, "sustained " + s.sustained());
    assertTrue(s.failed() > 3000);
    assertTrue(probes.size() <= 8, "probes " + probes);
  }

  @Test
  void failingStart_bisectsDownward() {
    CapacitySearch s = new CapacitySearch(1000, 64_000);
    search(s, 130);
    assertTrue(s.sustained() <= 130 && s.sustained() >= 117, "sustained " + s.sustained());
  }

  @Test
  void stopsAtTheMaximum_whenNothingFails() {
    CapacitySearch s = new CapacitySearch(500, 1500);
    List<Integer> probes = search(s, Integer.MAX_VALUE);
    assertEquals(List.of(500, 1000, 1500), probes);
    assertEquals(-1, s.failed());
  }
}
