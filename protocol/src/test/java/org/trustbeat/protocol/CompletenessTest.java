package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CompletenessTest {
  private static Completeness window(long seen, String reason, long rejected) {
    return Completeness.builder()
        .setChunksSeen(seen)
        .setDuplicatesDropped(1)
        .setSequenceGaps(2)
        .setContextChunks(3)
        .addRejected(reason, rejected)
        .build();
  }

  @Test
  void plus_sumsEveryCounterAndMergesReasons() {
    Completeness sum =
        Completeness.NONE
            .plus(window(10, "NO_KEY", 2))
            .plus(window(5, "NO_KEY", 1))
            .plus(window(1, "MALFORMED", 1));
    assertEquals(16, sum.chunksSeen());
    assertEquals(3, sum.duplicatesDropped());
    assertEquals(6, sum.sequenceGaps());
    assertEquals(9, sum.contextChunks());
    assertEquals(Map.of("MALFORMED", 1L, "NO_KEY", 3L), sum.rejected());
    assertEquals(4, sum.rejectedTotal());
  }

  @Test
  void totalOnly_staysATotalInSums() {
    Completeness header = Completeness.builder().setChunksSeen(4).setRejectedTotal(2).build();
    assertEquals(Map.of(), header.rejected());
    assertEquals(2, header.rejectedTotal());
    Completeness sum = header.plus(window(1, "NO_KEY", 1));
    assertEquals(Map.of(), sum.rejected());
    assertEquals(3, sum.rejectedTotal());
  }

  @Test
  void zeroRejections_areAbsent() {
    assertEquals(Map.of(), window(1, "NO_KEY", 0).rejected());
    assertEquals(window(1, "NO_KEY", 0), window(1, "MALFORMED", 0));
  }

  @Test
  void negativeCounter_isRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> Completeness.builder().setSequenceGaps(-1).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> Completeness.builder().addRejected("NO_KEY", -1).build());
  }

  @Test
  void resultHeader_keepsItsBytesAndGivesTheTotal() throws Exception {
    Completeness c = window(7, "NO_KEY", 2);
    ResultHeader h =
        ResultHeader.builder()
            .setPatient("p")
            .setWindow(0, 300_000)
            .setAlgorithm("sdnn")
            .setJobId("j")
            .setHostKind("sgx")
            .setAttestationKind("SGX_DCAP")
            .setCompleteness(c)
            .build();
    ResultHeader same =
        ResultHeader.builder()
            .setPatient("p")
            .setWindow(0, 300_000)
            .setAlgorithm("sdnn")
            .setJobId("j")
            .setHostKind("sgx")
            .setAttestationKind("SGX_DCAP")
            .setChunksSeen(7)
            .setDuplicatesDropped(1)
            .setSequenceGaps(2)
            .setChunksRejected(2)
            .setContextChunks(3)
            .build();
    assertEquals(same, h);
    assertEquals(2, h.completeness().rejectedTotal());
    assertEquals(7, h.completeness().chunksSeen());
    assertTrue(h.completeness().rejected().isEmpty());
  }
}
