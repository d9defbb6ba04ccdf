package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PlainChunkTest {
  private static final RrSamples SAMPLES =
      RrSamples.of(new double[] {1_700_000_000.25, 1_700_000_001.125}, new double[] {812.5, 875});

  @Test
  void roundTrip_keepsHeaderAndExactSamples() throws Exception {
    PlainChunk c = PlainChunk.create("p1", 7, SAMPLES);
    PlainChunk back = PlainChunk.parse(c.toBytes());
    assertEquals(c, back);
    assertEquals(c.serializedSize(), c.toBytes().length);
    assertEquals(1_700_000_000_250L, back.header().startMillis());
    assertEquals(1_700_000_001_125L, back.header().endMillis());
    assertEquals(7, back.header().sequenceNumber());
    assertEquals(0, back.header().keyId());
    assertTrue(back.samplesWithinRange());
  }

  @Test
  void sealedChunkBytes_areNotAPlainChunk_andTheReverse() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    byte[] sealed = ChunkSealer.create(keys.dataKeyset()).seal("p1", 1, SAMPLES).toBytes();
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> PlainChunk.parse(sealed));
    assertEquals(MalformedEnvelopeException.Reason.BAD_MAGIC, e.reason());
    assertThrows(MalformedEnvelopeException.class,
        () -> ChunkEnvelope.parse(PlainChunk.create("p1", 1, SAMPLES).toBytes()));
  }

  @Test
  void truncatedBytes_areMalformed() throws Exception {
    byte[] b = PlainChunk.create("p1", 1, SAMPLES).toBytes();
    for (int n = 0; n < b.length; n++) {
      byte[] cut = Arrays.copyOf(b, n);
      assertThrows(MalformedEnvelopeException.class, () -> PlainChunk.parse(cut));
    }
  }

  @Test
  void editedRange_isDetectedBySamplesWithinRange() throws Exception {
    byte[] b = PlainChunk.create("p1", 1, SAMPLES).toBytes();
    int endOffset = 3 + 1 + 2 + 8 + 8; // magic+version, patient, seq, start
    b[endOffset + 7] -= 1; // end one ms earlier than the last sample
    assertFalse(PlainChunk.parse(b).samplesWithinRange());
  }

  @Test
  void emptySamples_areRefusedWithTheFix() {
    Exception e = assertThrows(java.security.GeneralSecurityException.class,
        () -> PlainChunk.create("p1", 1, RrSamples.empty()));
    assertTrue(e.getMessage().contains("skip empty batches"));
  }

  @Test
  void toString_saysPlainAndHidesSamples() throws Exception {
    String s = PlainChunk.create("p1", 1, SAMPLES).toString();
    assertTrue(s.contains("plain mode: no encryption"));
    assertFalse(s.contains("812"));
  }
}
