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
    assertEquals(ChunkSlot.of(1_700_000_000_000L, 10_000), back.header().slot());
    assertEquals(7, back.header().sequenceNumber());
    assertEquals(0, back.header().keyId());
    assertTrue(back.samplesWithinSlot());
  }

  @Test
  void plainChunk_hasTheShapeOfASealedOne_lessTheTinkOverhead() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    ChunkSealer sealer = ChunkSealer.create(keys.dataKeyset());
    for (RrSamples s :
        java.util.List.of(
            SAMPLES, RrSamples.of(new double[] {1_700_000_009.5}, new double[] {700}))) {
      int plain = PlainChunk.create("p1", 1, s).toBytes().length;
      assertEquals(sealer.seal("p1", 1, s).serializedSize() - 33, plain);
      assertEquals(3 + 1 + 2 + 8 + 8 + 4 + 4 + 4 + 4 + 16 * 37, plain);
    }
  }

  @Test
  void version1PlainChunk_isRefusedNamingTheFix() throws Exception {
    byte[] b = PlainChunk.create("p1", 1, SAMPLES).toBytes();
    b[2] = 1;
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> PlainChunk.parse(b));
    assertEquals(MalformedEnvelopeException.Reason.UNSUPPORTED_VERSION, e.reason());
    assertEquals("plainChunk.version", e.field());
    assertTrue(e.getMessage().contains("seal with format version 2"), e.getMessage());
  }

  @Test
  void sealedChunkBytes_areNotAPlainChunk_andTheReverse() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    byte[] sealed = ChunkSealer.create(keys.dataKeyset()).seal("p1", 1, SAMPLES).toBytes();
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> PlainChunk.parse(sealed));
    assertEquals(MalformedEnvelopeException.Reason.BAD_MAGIC, e.reason());
    assertThrows(
        MalformedEnvelopeException.class,
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
  void editedSlot_isDetectedBySamplesWithinSlot() throws Exception {
    byte[] b = PlainChunk.create("p1", 1, SAMPLES).toBytes();
    int slotOffset = 3 + 1 + 2 + 8; // magic+version, patient, seq
    java.nio.ByteBuffer.wrap(b).putLong(slotOffset, 1_700_000_010_000L); // the next slot
    assertFalse(PlainChunk.parse(b).samplesWithinSlot());
  }

  @Test
  void emptySamples_areRefusedWithTheFix() {
    Exception e =
        assertThrows(
            java.security.GeneralSecurityException.class,
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
