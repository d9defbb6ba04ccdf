package org.trustbeat.hrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Version 2's cleaning on every real recording in {@code shared/data/rr}: version 1 rejected up to
 * 17.7 % of a record's beats in runs of thousands (164 minutes of nsr001); established tools reject
 * 0.1–1.6 % in runs of at most ~20 beats.
 */
class RealRecordsCleaningTest {
  static Stream<Path> records() throws IOException {
    try (Stream<Path> files = Files.list(TestData.sharedData().resolve("rr"))) {
      List<Path> all =
          files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
      assertEquals(12, all.size(), "the twelve PhysioNet records");
      return all.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void wholeRecord_rejectsAtMostTwoPercent_inRunsOfAtMost25Beats(Path file) throws IOException {
    BeatSeries beats = RrRecordReader.read(file, RrRecordReader.unitFromName(file.toString()));
    // The decisions behind `trustbeat hrv --whole` (its full metrics take seconds per record
    // because of sample entropy; the artefact share depends on these decisions only).
    boolean[] accepted = HrvAnalyzer.accepted(beats);
    int run = 0;
    int longest = 0;
    int rejected = 0;
    for (boolean a : accepted) {
      run = a ? 0 : run + 1;
      longest = Math.max(longest, run);
      rejected += a ? 0 : 1;
    }
    double pct = Quality.artifactPercent(beats.size(), rejected);
    assertTrue(pct <= 2.0, file.getFileName() + ": " + pct + " % rejected");
    assertTrue(longest <= 25, file.getFileName() + ": " + longest + " consecutive beats rejected");

    // Every window holding a beat is reported, and, times increasing in a recording, the
    // windows' context-based decisions equal the whole stream's: the counts add up exactly.
    List<WindowResult> windows = HrvAnalyzer.windows(beats, 300, HrvJob.SDNN);
    assertEquals(beats.size(), windows.stream().mapToInt(WindowResult::totalBeats).sum());
    assertEquals(rejected, windows.stream().mapToInt(WindowResult::rejectedBeats).sum());
  }
}
