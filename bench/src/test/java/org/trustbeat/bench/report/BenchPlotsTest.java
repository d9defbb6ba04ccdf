package org.trustbeat.bench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchPlotsTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  @TempDir Path tmp;

  @Test
  void loadAxis_labelsBytesAsPeopleReadThem() {
    assertEquals("1 kB", BenchPlots.bytes(1024));
    assertEquals("100 kB", BenchPlots.bytes(100 * 1024));
    assertEquals("1.5 MB", BenchPlots.bytes(1.5 * 1024 * 1024));
    assertEquals("512 B", BenchPlots.bytes(512));
  }

  @Test
  void onePngPerKindAndJob_plusCapacity() throws Exception {
    List<Path> files = BenchPlots.write(tmp, BenchSummaryTest.sample());
    assertEquals(
        List.of(
            tmp.resolve("batch-sdnn.png"),
            tmp.resolve("stream-identity.png"),
            tmp.resolve("capacity.png")),
        files);
    for (Path f : files) {
      assertArrayEquals(PNG, Arrays.copyOf(Files.readAllBytes(f), 8), f.toString());
    }
  }
}
