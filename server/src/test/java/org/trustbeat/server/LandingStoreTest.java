package org.trustbeat.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LandingStoreTest {
  @TempDir Path tmp;

  @Test
  void appendedBatch_readsBackInOrder_underANewName_withNoTemporaryFileLeft() throws IOException {
    LandingStore store = LandingStore.open(tmp);
    Path a = store.append(List.of(new byte[] {1, 2}, new byte[0], new byte[] {3}));
    Path b = store.append(List.of(new byte[] {4}));

    assertFalse(a.equals(b));
    assertEquals(List.of(a, b), store.batchFiles());
    assertTrue(a.getFileName().toString().endsWith(".tbl"));
    List<byte[]> back = LandingStore.readBatch(Files.readAllBytes(a));
    assertEquals(3, back.size());
    assertArrayEquals(new byte[] {1, 2}, back.get(0));
    assertArrayEquals(new byte[0], back.get(1));
    assertArrayEquals(new byte[] {3}, back.get(2));
    try (Stream<Path> s = Files.list(tmp.resolve("tmp"))) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void batchesWrittenInTheSameMillisecond_stillHaveStrictlyIncreasingModificationTimes()
      throws IOException {
    // Spark's file source orders new files by modification time alone.
    LandingStore store = LandingStore.open(tmp);
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < 50; i++) {
      long modified =
          Files.getLastModifiedTime(store.append(List.of(new byte[] {(byte) i}))).toMillis();
      assertTrue(modified > previous, "batch " + i + " is not newer than the one before");
      previous = modified;
    }
  }

  @Test
  void emptyBatch_isRefused() throws IOException {
    LandingStore store = LandingStore.open(tmp);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.append(List.of()));
    assertTrue(e.getMessage().contains("skip empty batches"));
  }

  @Test
  void alteredFraming_isReportedNotMisread() throws IOException {
    LandingStore store = LandingStore.open(tmp);
    byte[] file = Files.readAllBytes(store.append(List.of(new byte[] {1, 2, 3})));
    file[7] = 9;
    IOException e = assertThrows(IOException.class, () -> LandingStore.readBatch(file));
    assertTrue(e.getMessage().contains("framing is broken"));
  }

  @Test
  void quarantine_keepsEachByteStringOnce() throws IOException {
    LandingStore store = LandingStore.open(tmp);
    assertTrue(store.quarantine(new byte[] {7, 7}));
    assertFalse(store.quarantine(new byte[] {7, 7}));
    assertTrue(store.quarantine(new byte[] {8}));
    assertEquals(2, store.quarantinedCount());
    assertArrayEquals(
        new byte[] {7, 7},
        Files.readAllBytes(
            store.quarantinedFiles().stream()
                .filter(
                    p -> {
                      try {
                        return Files.size(p) == 2;
                      } catch (IOException e) {
                        throw new RuntimeException(e);
                      }
                    })
                .findFirst()
                .orElseThrow()));
  }
}
