package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmParameters;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trustbeat.protocol.internal.TinkSetup;

class ChunkSealerTest {
  private static PatientKeys keys;

  @BeforeAll
  static void generateKeys() throws Exception {
    keys = PatientKeys.generate();
  }

  @Test
  void header_carriesPatientSeqKeyIdAndTheSamplesTimeRange() throws Exception {
    ChunkEnvelope envelope =
        ChunkSealer.create(keys.dataKeyset()).seal("p1", 42, Fixtures.samples());
    ChunkHeader h = envelope.header();
    assertEquals("p1", h.patient());
    assertEquals(42, h.sequenceNumber());
    assertEquals(keys.dataPrimaryKeyId(), h.keyId());
    assertEquals(1_700_000_000_125L, h.startMillis());
    assertEquals((long) Math.ceil((Fixtures.T0 + 1.7) * 1000.0), h.endMillis());
  }

  @Test
  void sealingTwice_givesDifferentCiphertexts() throws Exception {
    ChunkSealer sealer = ChunkSealer.create(keys.dataKeyset());
    assertTrue(
        !java.util.Arrays.equals(
            sealer.seal("p1", 1, Fixtures.samples()).ciphertext(),
            sealer.seal("p1", 1, Fixtures.samples()).ciphertext()));
  }

  @Test
  void emptySamples_areRejected() throws Exception {
    ChunkSealer sealer = ChunkSealer.create(keys.dataKeyset());
    assertThrows(GeneralSecurityException.class, () -> sealer.seal("p1", 0, RrSamples.empty()));
  }

  @Test
  void tooManySamples_areRejectedNamingTheLimit() throws Exception {
    ProtocolLimits limits = ProtocolLimits.builder().setMaxSamplesPerChunk(2).build();
    ChunkSealer sealer = ChunkSealer.create(keys.dataKeyset(), limits);
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class, () -> sealer.seal("p1", 0, Fixtures.samples()));
    assertTrue(e.getMessage().contains("maxSamplesPerChunk=2"));
  }

  @Test
  void oversizeEnvelope_isRejectedNamingTheLimit() throws Exception {
    ProtocolLimits limits = ProtocolLimits.builder().setMaxEnvelopeBytes(256).build();
    ChunkSealer sealer = ChunkSealer.create(keys.dataKeyset(), limits);
    RrSamples.Builder b = RrSamples.builder();
    for (int i = 0; i < limits.maxSamplesPerChunk(); i++) {
      b.add(Fixtures.T0 + i, 800);
    }
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> sealer.seal("p1", 0, b.build()));
    assertTrue(e.getMessage().contains("maxEnvelopeBytes=256"));
  }

  @Test
  void nonEpochTimes_areRejectedWithoutTheValue() throws Exception {
    ChunkSealer sealer = ChunkSealer.create(keys.dataKeyset());
    RrSamples negative = RrSamples.of(new double[] {-5}, new double[] {Fixtures.CANARY_RR});
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> sealer.seal("p1", 0, negative));
    Fixtures.assertLeaksNoSamples(e);
  }

  @Test
  void invalidPatientOrSeq_areRejected() throws Exception {
    ChunkSealer sealer = ChunkSealer.create(keys.dataKeyset());
    assertThrows(
        GeneralSecurityException.class, () -> sealer.seal("no spaces", 0, Fixtures.samples()));
    assertThrows(GeneralSecurityException.class, () -> sealer.seal("p1", -1, Fixtures.samples()));
  }

  @Test
  void rawKeyset_isRejectedBecauseTheKeyIdCouldNotBeChecked() throws Exception {
    TinkSetup.ensureRegistered();
    KeysetHandle raw =
        KeysetHandle.generateNew(
            AesGcmParameters.builder()
                .setKeySizeBytes(32)
                .setIvSizeBytes(12)
                .setTagSizeBytes(16)
                .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                .build());
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> ChunkSealer.create(raw));
    assertTrue(e.getMessage().contains("RAW"));
  }

  @Test
  void toString_showsNoKeyMaterial() throws Exception {
    String text = ChunkSealer.create(keys.dataKeyset()).toString();
    Fixtures.assertLeaksNothing(text, Fixtures.keyMaterial(keys));
    assertTrue(text.startsWith("ChunkSealer{keyId="));
  }
}
