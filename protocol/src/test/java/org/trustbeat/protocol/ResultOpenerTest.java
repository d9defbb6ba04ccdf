package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResultOpenerTest {
  private static final byte[] BODY =
      ("{\"sdnn\":" + Fixtures.CANARY_TEXT + "}").getBytes(StandardCharsets.UTF_8);
  private static PatientKeys alice;
  private static PatientKeys bob;
  private static ResultEnvelope sealed;
  private final ResultOpener opener = ResultOpener.create();

  @BeforeAll
  static void seal() throws Exception {
    alice = PatientKeys.generate();
    bob = PatientKeys.generate();
    sealed = ResultSealer.create(alice.resultKeyset()).seal(ResultHeaderTest.valid().build(), BODY);
  }

  private static ResultHeader.Builder copyOf(ResultHeader h) {
    return ResultHeader.builder()
        .setPatient(h.patient())
        .setWindow(h.windowStartMillis(), h.windowLengthMillis())
        .setAlgorithm(h.algorithm())
        .setJobId(h.jobId())
        .setHostKind(h.hostKind())
        .setAttestationKind(h.attestationKind())
        .setChunksSeen(h.chunksSeen())
        .setDuplicatesDropped(h.duplicatesDropped())
        .setSequenceGaps(h.sequenceGaps())
        .setChunksRejected(h.chunksRejected());
  }

  private void assertRejected(ResultEnvelope envelope) {
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class, () -> opener.open(envelope, alice.resultAead()));
    Fixtures.assertLeaksNoSamples(e);
  }

  @Test
  void roundTrip_returnsTheBody() throws Exception {
    assertArrayEquals(BODY, opener.open(sealed.toBytes(), alice.resultAead()));
  }

  @Test
  void anotherPatientsKey_isRejected() {
    assertThrows(GeneralSecurityException.class, () -> opener.open(sealed, bob.resultAead()));
  }

  @Test
  void theDataKey_isRejected() {
    assertThrows(GeneralSecurityException.class, () -> opener.open(sealed, alice.dataAead()));
  }

  @Test
  void everyChangedHeaderField_isRejected() throws Exception {
    List<UnaryOperator<ResultHeader.Builder>> changes =
        List.of(
            b -> b.setPatient("bob"),
            b -> b.setWindow(20_000, 60_000),
            b -> b.setWindow(10_000, 30_000),
            b -> b.setAlgorithm("hrv-bands"),
            b -> b.setJobId("job-2"),
            b -> b.setHostKind("sealed-inprocess"),
            b -> b.setAttestationKind("SIMULATION"),
            b -> b.setChunksSeen(61),
            b -> b.setDuplicatesDropped(0),
            b -> b.setSequenceGaps(0),
            b -> b.setChunksRejected(0));
    for (UnaryOperator<ResultHeader.Builder> change : changes) {
      ResultHeader forged = change.apply(copyOf(sealed.header())).build();
      assertRejected(ResultEnvelope.create(forged, sealed.ciphertext()));
    }
  }

  @Test
  void everyFlippedCiphertextByte_isRejected() {
    byte[] ciphertext = sealed.ciphertext();
    for (int i = 0; i < ciphertext.length; i++) {
      byte[] flipped = ciphertext.clone();
      flipped[i] ^= (byte) 0x80;
      assertRejected(ResultEnvelope.create(sealed.header(), flipped));
    }
  }

  @Test
  void everyTruncation_isMalformedNotUnchecked() {
    byte[] bytes = sealed.toBytes();
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThrows(MalformedEnvelopeException.class, () -> opener.open(cut, alice.resultAead()));
    }
  }

  @Test
  void resultSealedBeforeRotation_stillOpensAfter() throws Exception {
    assertArrayEquals(BODY, opener.open(sealed, alice.rotate().resultAead()));
  }
}
