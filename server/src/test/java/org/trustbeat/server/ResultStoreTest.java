package org.trustbeat.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultStoreTest {
  @TempDir Path tmp;

  @Test
  void secondResultForTheSameWindow_leavesTheFirstInPlace() throws IOException {
    ResultStore store = ResultStore.open(tmp);
    ResultStore.Stored first = store.putIfAbsent("p1", 1_700_000_100_000L, "hrv", new byte[] {1});
    ResultStore.Stored replay = store.putIfAbsent("p1", 1_700_000_100_000L, "hrv", new byte[] {2});

    assertTrue(first.written());
    assertFalse(replay.written());
    assertArrayEquals(new byte[] {1}, replay.bytes());
    assertArrayEquals(new byte[] {1}, store.get("p1", 1_700_000_100_000L, "hrv").orElseThrow());
    assertEquals(1, store.resultFiles("p1").size());
  }

  @Test
  void resultsAreFiledPerPatientInWindowOrder() throws IOException {
    ResultStore store = ResultStore.open(tmp);
    store.putIfAbsent("p2", 1_700_000_400_000L, "sdnn", new byte[] {1});
    store.putIfAbsent("p2", 1_700_000_100_000L, "sdnn", new byte[] {2});
    store.putIfAbsent("p1", 1_700_000_100_000L, "sdnn", new byte[] {3});

    assertEquals(List.of("p1", "p2"), store.patients());
    assertEquals(
        List.of("1700000100000-sdnn.tbr", "1700000400000-sdnn.tbr"),
        store.resultFiles("p2").stream().map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void patientThatIsNoPseudonym_isRefused() throws IOException {
    ResultStore store = ResultStore.open(tmp);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> store.putIfAbsent("../x", 0, "hrv", new byte[] {1}));
    assertTrue(e.getMessage().contains("pseudonym"));
  }
}
