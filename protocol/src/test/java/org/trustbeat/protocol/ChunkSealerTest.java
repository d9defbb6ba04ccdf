package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
  void header_carriesPatientSeqKeyIdAndTheSlot_notTheBeatTimes() throws Exception {
    ChunkEnvelope envelope =
        ChunkSealer.create(keys.dataKeyset()).seal("p1", 42, Fixtures.samples());
    ChunkHeader h = envelope.header();
    assertEquals("p1", h.patient());
    assertEquals(42, h.sequenceNumber());
    assertEquals(keys.dataPrimaryKeyId(), h.keyId());
    assertEquals(ChunkSlot.of(1_700_000_000_000L, 10_000), h.slot());
  }

  @Test
  void explicitSlot_isTheHeadersSlot() throws Exception {
    ChunkSlot minute = ChunkSlot.of(1_699_999_980_000L, 60_000);
    ChunkEnvelope envelope =
        ChunkSealer.create(keys.dataKeyset()).seal("p1", 1, minute, Fixtures.samples());
    assertEquals(minute, envelope.header().slot());
    assertEquals(Fixtures.samples(), ChunkOpener.create().open(envelope, keys.dataAead()));
  }

  @Test
  void everyCountUpTo220Bpm_givesTheSameEnvelopeSize() throws Exception {
    ChunkSealer sealer = ChunkSealer.create(keys.dataKeyset());
    ChunkSlot slot = ChunkSlot.of(1_700_000_000_000L, 10_000);
    java.util.Set<Integer> sizes = new java.util.TreeSet<>();
    for (int n = 1; n <= 37; n++) {
      sizes.add(sealer.seal("p1", n, slot, beats(n, 10.0)).serializedSize());
    }
    // 28 + 2 header, 4 length, 37 + 16·37 ciphertext
    assertEquals(java.util.Set.of(28 + 2 + 4 + 37 + 16 * 37), sizes);
    // Above 220 bpm the count reveals only its doubling bucket: 38..74 share a size.
    int at38 = sealer.seal("p1", 0, slot, beats(38, 10.0)).serializedSize();
    assertEquals(at38, sealer.seal("p1", 0, slot, beats(74, 10.0)).serializedSize());
    assertEquals(28 + 2 + 4 + 37 + 16 * 74, at38);
    assertTrue(sealer.seal("p1", 0, slot, beats(75, 10.0)).serializedSize() > at38);
  }

  @Test
  void samplesSpanningTwoSlots_areRejectedWithoutTheirTimes() throws Exception {
    ChunkSealer sealer = ChunkSealer.create(keys.dataKeyset());
    RrSamples spanning =
        RrSamples.of(
            new double[] {1_700_000_009.5, 1_700_000_010.25},
            new double[] {812.625, Fixtures.CANARY_RR});
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> sealer.seal("p1", 0, spanning));
    assertTrue(e.getMessage().contains("sample 1 lies outside the chunk's slot"), e.getMessage());
    assertTrue(e.getMessage().contains("ChunkSlot.containing"), e.getMessage());
    Fixtures.assertLeaksNoSamples(e);
    assertFalse(e.getMessage().contains("1700000010.25"));
  }

  /** {@code n} beats spread evenly over {@code [T0 slot start, + seconds)}. */
  private static RrSamples beats(int n, double seconds) {
    RrSamples.Builder b = RrSamples.builder();
    for (int i = 0; i < n; i++) {
      b.add(1_700_000_000.0 + seconds * i / n, 1000.0 * seconds / n);
    }
    return b.build();
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
  void chunkOfMaxSamples_paddedAndWithTheLongestPseudonym_fitsTheEnvelopeLimit() throws Exception {
    ProtocolLimits limits = ProtocolLimits.builder().setMaxEnvelopeBytes(256).build();
    ChunkSealer sealer = ChunkSealer.create(keys.dataKeyset(), limits);
    String longest = "p".repeat(Pseudonym.MAX_BYTES);
    ChunkSlot slot = ChunkSlot.of(1_700_000_000_000L, 10_000);
    for (int n = 1; n <= limits.maxSamplesPerChunk(); n++) {
      ChunkEnvelope e = sealer.seal(longest, 0, slot, beats(n, 10.0));
      assertTrue(e.serializedSize() <= 256, n + " samples: " + e);
      assertEquals(beats(n, 10.0), ChunkOpener.create(limits).open(e, keys.dataAead()));
    }
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
