package org.trustbeat.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.server.ResultStore.StoredResult;

class ResultStoreTest {
  private static final long T = 1_700_000_100_000L;
  @TempDir Path tmp;

  private static StoredResult r(String patient, long start, String algorithm, int b) {
    return StoredResult.of(patient, start, algorithm, new byte[] {(byte) b});
  }

  @Test
  void replayedBatch_storesNothingTwice_andGetsBackWhatItsFirstRunStored() throws IOException {
    ResultStore store = ResultStore.open(tmp);
    ResultStore.BatchStored first = store.putBatch("hrv", 7, List.of(r("p1", T, "hrv", 1)));
    ResultStore.BatchStored replay = store.putBatch("hrv", 7, List.of(r("p1", T, "hrv", 2)));

    assertTrue(first.written());
    assertFalse(replay.written());
    assertArrayEquals(new byte[] {1}, replay.results().get(0).sealedResult());
    assertArrayEquals(new byte[] {1}, store.get("p1", T, "hrv").orElseThrow());
    assertEquals(1, store.results("p1").size());
    assertEquals(1, store.segments().size(), "one durable file per batch");
  }

  @Test
  void aBatchOfManyPatients_isOneSegment_readablePerPatientInWindowOrder() throws IOException {
    ResultStore store = ResultStore.open(tmp);
    store.putBatch(
        "hrv-bands", 2, List.of(r("p2", T + 300_000, "hrv-bands", 1), r("p1", T, "hrv-bands", 3)));
    store.putBatch("hrv-bands", 1, List.of(r("p2", T, "hrv-bands", 2)));

    assertEquals(List.of("p1", "p2"), store.patients());
    assertEquals(
        List.of(T, T + 300_000),
        store.results("p2").stream().map(StoredResult::windowStartMillis).toList());
    assertEquals(2, store.segments().size());
    assertEquals(List.of(), store.results("p3"));
  }

  @Test
  void emptyBatch_writesNoFile() throws IOException {
    ResultStore store = ResultStore.open(tmp);
    assertTrue(store.putBatch("hrv", 3, List.of()).results().isEmpty());
    assertEquals(List.of(), store.segments());
  }

  @Test
  void twoResultsForOneWindowInABatch_areRefused() throws IOException {
    ResultStore store = ResultStore.open(tmp);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> store.putBatch("hrv", 1, List.of(r("p1", T, "hrv", 1), r("p1", T, "hrv", 2))));
    assertTrue(e.getMessage().contains("a window closes once"), e.getMessage());
    assertEquals(List.of(), store.segments());
  }

  @Test
  void patientThatIsNoPseudonym_isRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> StoredResult.of("../x", 0, "hrv", new byte[] {1}));
    assertTrue(e.getMessage().contains("pseudonym"));
  }

  @Test
  void damagedSegment_isReportedWithItsNameAndTheFix() throws IOException {
    ResultStore store = ResultStore.open(tmp);
    store.putBatch("hrv", 4, List.of(r("p1", T, "hrv", 1)));
    Path seg = store.segments().get(0);
    byte[] bytes = Files.readAllBytes(seg);
    Files.write(seg, Arrays.copyOf(bytes, bytes.length - 3));
    IOException e = assertThrows(IOException.class, () -> store.results("p1"));
    assertTrue(
        e.getMessage().contains(seg.getFileName().toString())
            && e.getMessage().contains("move it out"),
        e.getMessage());
  }
}
