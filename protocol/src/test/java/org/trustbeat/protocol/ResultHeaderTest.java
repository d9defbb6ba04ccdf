package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ResultHeaderTest {
  static ResultHeader.Builder valid() {
    return ResultHeader.builder()
        .setPatient("p1")
        .setWindow(10_000, 60_000)
        .setAlgorithm("sdnn")
        .setJobId("job-1")
        .setHostKind("sgx")
        .setAttestationKind("SGX_DCAP")
        .setChunksSeen(60)
        .setDuplicatesDropped(2)
        .setSequenceGaps(3)
        .setChunksRejected(1)
        .setContextChunks(4)
        .setSequenceRange(7, 70);
  }

  @Test
  void toBytes_followsTheDocumentedLayout() throws Exception {
    String expected =
        "5452" // 'T' 'R'
            + "02" // version
            + "02"
            + "7031" // "p1"
            + "0000000000002710" // window start 10000
            + "000000000000ea60" // window length 60000
            + "04"
            + "73646e6e" // "sdnn"
            + "05"
            + "6a6f622d31" // "job-1"
            + "03"
            + "736778" // "sgx"
            + "08"
            + "5347585f44434150" // "SGX_DCAP"
            + "000000000000003c" // chunks seen 60
            + "0000000000000002" // duplicates
            + "0000000000000003" // gaps
            + "0000000000000001" // rejected
            + "0000000000000004" // context chunks
            + "0000000000000007" // first sequence
            + "0000000000000046"; // last sequence 70
    assertEquals(expected, HexFormat.of().formatHex(valid().build().toBytes()));
  }

  @Test
  void accessors_returnTheBuiltValues() throws Exception {
    ResultHeader h = valid().build();
    assertEquals("p1", h.patient());
    assertEquals(10_000, h.windowStartMillis());
    assertEquals(60_000, h.windowLengthMillis());
    assertEquals("sdnn", h.algorithm());
    assertEquals("job-1", h.jobId());
    assertEquals("sgx", h.hostKind());
    assertEquals("SGX_DCAP", h.attestationKind());
    assertEquals(60, h.chunksSeen());
    assertEquals(2, h.duplicatesDropped());
    assertEquals(3, h.sequenceGaps());
    assertEquals(1, h.chunksRejected());
    assertEquals(4, h.contextChunks());
    assertEquals(7, h.firstSequence());
    assertEquals(70, h.lastSequence());
  }

  @Test
  void sequenceRangeEndingBeforeItStarts_isRefused() {
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> valid().setSequenceRange(9, 8).build());
    assertTrue(e.getMessage().contains("first sequence number at most the last"), e.getMessage());
  }

  @Test
  void countersDefaultToZero() throws Exception {
    ResultHeader h =
        ResultHeader.builder()
            .setPatient("p")
            .setWindow(0, 1)
            .setAlgorithm("identity")
            .setJobId("j")
            .setHostKind("sealed-inprocess")
            .setAttestationKind("SIMULATION")
            .build();
    assertEquals(0, h.chunksSeen() + h.duplicatesDropped() + h.sequenceGaps() + h.chunksRejected());
  }

  @Test
  void equality_followsTheBytes() throws Exception {
    assertEquals(valid().build(), valid().build());
    assertNotEquals(valid().build(), valid().setChunksRejected(0).build());
  }

  @Test
  void overlongLabels_areRejectedNamingTheLimit() {
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class, () -> valid().setAlgorithm("a".repeat(33)).build());
    assertTrue(e.getMessage().contains("algorithm"));
    assertTrue(e.getMessage().contains("1..32"));
    assertThrows(GeneralSecurityException.class, () -> valid().setJobId("j".repeat(65)).build());
    assertThrows(GeneralSecurityException.class, () -> valid().setHostKind("h".repeat(33)).build());
    assertThrows(GeneralSecurityException.class, () -> valid().setAttestationKind("").build());
  }

  @Test
  void nonAsciiLabel_isRejected() {
    assertThrows(GeneralSecurityException.class, () -> valid().setAlgorithm("sdnn\n").build());
    assertThrows(GeneralSecurityException.class, () -> valid().setJobId("jöb").build());
  }

  @Test
  void missingOrInvalidWindow_isRejected() {
    assertThrows(GeneralSecurityException.class, () -> valid().setWindow(-1, 10).build());
    assertThrows(GeneralSecurityException.class, () -> valid().setWindow(0, 0).build());
    assertThrows(
        GeneralSecurityException.class, () -> valid().setWindow(0, Long.MAX_VALUE).build());
  }

  @Test
  void negativeCounter_isRejected() {
    assertThrows(GeneralSecurityException.class, () -> valid().setSequenceGaps(-1).build());
  }

  @Test
  void toString_showsLabelsAndCounters() throws Exception {
    String text = valid().build().toString();
    assertTrue(text.contains("hostKind=sgx"));
    assertTrue(text.contains("sequenceGaps=3"));
  }
}
