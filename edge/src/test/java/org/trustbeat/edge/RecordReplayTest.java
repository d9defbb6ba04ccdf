package org.trustbeat.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.RrRecordReader;
import org.trustbeat.hrv.WindowResult;

class RecordReplayTest {
  @TempDir Path dir;

  private Path recording() throws Exception {
    Path f = dir.resolve("p_rr_ms.txt");
    StringBuilder s = new StringBuilder();
    double[] rr = {800, 812.5, 790, 805, 1000, 795.25, 801, 830, 760, 1200, 805, 799};
    for (int k = 0; k < 20; k++) {
      for (double v : rr) {
        s.append(v).append('\n');
      }
    }
    Files.writeString(f, s);
    return f;
  }

  @Test
  void replayedBeats_equalTheFileShiftedByAWindowMultiple() throws Exception {
    Path f = recording();
    BeatSeries file = RrRecordReader.read(f, null);
    RecordReplay replay = RecordReplay.open(f, null, 60, 1_700_000_001.5);
    double base = replay.baseEpochSeconds();
    assertEquals(0.0, base % 60, 0.0);
    assertEquals(Math.ceil(1_700_000_001.5 / 60) * 60, base);
    List<double[]> got = new ArrayList<>();
    long n = replay.replay((t, rr) -> got.add(new double[] {t, rr}), Pacer.of(Pacer.UNPACED));
    assertEquals(file.size(), n);
    for (int i = 0; i < file.size(); i++) {
      assertEquals(file.time(i) + base, got.get(i)[0], 0.0);
      assertEquals(file.rr(i), got.get(i)[1], 0.0);
    }
  }

  @Test
  void shiftedWindows_holdTheSameBeatsAsTheFilesWindows() throws Exception {
    Path f = recording();
    BeatSeries file = RrRecordReader.read(f, null);
    RecordReplay replay = RecordReplay.open(f, null, 30, 1_700_000_000);
    List<WindowResult> a = HrvAnalyzer.windows(file, 30, HrvJob.SDNN);
    List<WindowResult> b = HrvAnalyzer.windows(replay.shifted(), 30, HrvJob.SDNN);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).windowStart() + replay.baseEpochSeconds(), b.get(i).windowStart());
      assertEquals(a.get(i).totalBeats(), b.get(i).totalBeats());
      assertEquals(a.get(i).metrics(), b.get(i).metrics());
    }
  }

  @Test
  void acceleratedReplay_sleepsFileDurationOverFactor() throws Exception {
    Path f = recording();
    BeatSeries file = RrRecordReader.read(f, null);
    PacerTest.FakeTime time = new PacerTest.FakeTime();
    RecordReplay replay = RecordReplay.open(f, null, 60, 0);
    replay.replay((t, rr) -> {}, Pacer.of(10, () -> time.now, time));
    double span = file.time(file.size() - 1) - file.time(0);
    assertEquals(span / 10 * 1e9, time.now, 2);
  }

  @Test
  void badWindow_isRejected() throws Exception {
    Path f = recording();
    assertThrows(IllegalArgumentException.class, () -> RecordReplay.open(f, null, 0, 0));
  }
}
