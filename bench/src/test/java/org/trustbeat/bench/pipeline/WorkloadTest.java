package org.trustbeat.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  private static final long W = 300_000;

  @Test
  void batch_holdsExactlyTheLoadsSamples_spreadOverPatientsOfFiftyMinutes() {
    Workload w = Workload.batch(Load.mb(1), W);
    assertEquals(65_536, w.samples());
    assertEquals(19, w.patients().size());
    // 3600 samples at 1.2 beats/s are 50 minutes: 10 or 11 windows each.
    assertTrue(w.windows() >= 19 * 10 && w.windows() <= 19 * 11, "windows " + w.windows());
  }

  @Test
  void sameLoad_givesTheSameBeats() {
    List<List<BenchChunk>> a = filesOf(Workload.batch(Load.kb(32), W));
    List<List<BenchChunk>> b = filesOf(Workload.batch(Load.kb(32), W));
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      for (int j = 0; j < a.get(i).size(); j++) {
        assertEquals(a.get(i).get(j).samples(), b.get(i).get(j).samples());
      }
    }
  }

  @Test
  void chunks_coverTenSecondSlots_withConsecutiveSequenceNumbers() {
    Workload w = Workload.batch(Load.kb(32), W);
    long expected = 0;
    for (List<BenchChunk> f : w.files()) {
      for (BenchChunk c : f) {
        assertEquals(expected++, c.sequence());
        long slot = Math.floorDiv(c.startMillis(), 10_000);
        assertTrue(c.endMillis() <= (slot + 1) * 10_000, "chunk crosses its slot");
      }
    }
  }

  @Test
  void stream_deliversTheRatePerWallSecond() {
    Workload w = Workload.stream(Load.kb(32), 20, 2, W);
    double perSecond = w.samples() / 20.0;
    assertEquals(2048, perSecond, 2048 * 0.05);
    assertEquals(20, w.fileCount());
    assertEquals(20, filesOf(w).size());
    assertEquals(2, w.prefillFiles());
    assertEquals(1.0, w.tickSeconds());
  }

  @Test
  void realTime_backlogThenOneSlotPerPatientPerTick() {
    Workload w = Workload.realTime(5, 34, 30, W);
    assertEquals(34, w.prefillFiles());
    assertEquals(37, w.fileCount());
    assertEquals(10.0, w.tickSeconds());
    List<BenchChunk> live = filesOf(w).get(35);
    Set<String> patients = new HashSet<>();
    live.forEach(c -> patients.add(c.patient()));
    assertEquals(5, live.size());
    assertEquals(5, patients.size());
  }

  @Test
  void realTime_givesTheSameBeatsOnEveryPass() {
    Workload w = Workload.realTime(3, 31, 20, W);
    List<List<BenchChunk>> a = filesOf(w);
    List<List<BenchChunk>> b = filesOf(w);
    assertEquals(w.fileCount(), a.size());
    assertEquals(a, b);
  }

  private static List<List<BenchChunk>> filesOf(Workload w) {
    List<List<BenchChunk>> out = new ArrayList<>();
    w.files().forEach(out::add);
    return out;
  }
}
