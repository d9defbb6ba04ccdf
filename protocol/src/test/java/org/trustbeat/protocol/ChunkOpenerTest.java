package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trustbeat.protocol.internal.SampleCodec;

class ChunkOpenerTest {
  private static PatientKeys alice;
  private static PatientKeys bob;
  private static ChunkEnvelope sealed;
  private final ChunkOpener opener = ChunkOpener.create();

  @BeforeAll
  static void seal() throws Exception {
    alice = PatientKeys.generate();
    bob = PatientKeys.generate();
    sealed = ChunkSealer.create(alice.dataKeyset()).seal("alice", 5, Fixtures.samples());
  }

  private static ChunkHeader.Builder copyOf(ChunkHeader h) {
    return ChunkHeader.builder()
        .setPatient(h.patient())
        .setSequenceNumber(h.sequenceNumber())
        .setSlot(h.slot())
        .setKeyId(h.keyId());
  }

  private GeneralSecurityException assertRejected(ChunkEnvelope envelope) {
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> opener.open(envelope, alice.dataAead()));
    Fixtures.assertLeaksNoSamples(e);
    return e;
  }

  @Test
  void roundTrip_givesBitIdenticalSamples() throws Exception {
    RrSamples opened = opener.open(ChunkEnvelope.parse(sealed.toBytes()), alice.dataAead());
    assertEquals(Fixtures.samples(), opened);
    assertEquals(Fixtures.CANARY_RR, opened.rrMs(1));
  }

  @Test
  void openFromBytes_parsesWithTheOpenersLimits() throws Exception {
    assertEquals(Fixtures.samples(), opener.open(sealed.toBytes(), alice.dataAead()));
  }

  @Test
  void anotherPatientsKey_isRejected() {
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> opener.open(sealed, bob.dataAead()));
    Fixtures.assertLeaksNoSamples(e);
  }

  @Test
  void resultKeyOfTheSamePatient_isRejected() {
    assertThrows(GeneralSecurityException.class, () -> opener.open(sealed, alice.resultAead()));
  }

  @Test
  void changedPatient_isRejected() throws Exception {
    assertRejected(
        ChunkEnvelope.create(
            copyOf(sealed.header()).setPatient("bob").build(), sealed.ciphertext()));
  }

  @Test
  void changedSequenceNumber_isRejected() throws Exception {
    assertRejected(
        ChunkEnvelope.create(
            copyOf(sealed.header()).setSequenceNumber(6).build(), sealed.ciphertext()));
  }

  @Test
  void changedSlotStart_isRejected() throws Exception {
    ChunkHeader h = sealed.header();
    ChunkSlot earlier = ChunkSlot.of(h.slot().startMillis() - 10_000, 10_000);
    assertRejected(ChunkEnvelope.create(copyOf(h).setSlot(earlier).build(), sealed.ciphertext()));
  }

  @Test
  void changedSlotLength_isRejected() throws Exception {
    ChunkHeader h = sealed.header();
    ChunkSlot longer = ChunkSlot.of(h.slot().startMillis(), 20_000);
    assertRejected(ChunkEnvelope.create(copyOf(h).setSlot(longer).build(), sealed.ciphertext()));
  }

  @Test
  void changedKeyId_isRejected() throws Exception {
    GeneralSecurityException e =
        assertRejected(
            ChunkEnvelope.create(
                copyOf(sealed.header()).setKeyId(sealed.header().keyId() + 1).build(),
                sealed.ciphertext()));
    assertTrue(e.getMessage().contains("key id"));
  }

  @Test
  void changedKeyIdInBothHeaderAndPrefix_isRejectedByTheAssociatedData() throws Exception {
    int otherId = sealed.header().keyId() ^ 0x00ff0000;
    byte[] ciphertext = sealed.ciphertext();
    java.nio.ByteBuffer.wrap(ciphertext).putInt(1, otherId);
    assertRejected(
        ChunkEnvelope.create(copyOf(sealed.header()).setKeyId(otherId).build(), ciphertext));
  }

  @Test
  void everyFlippedCiphertextByte_isRejected() throws Exception {
    byte[] ciphertext = sealed.ciphertext();
    for (int i = 0; i < ciphertext.length; i++) {
      byte[] flipped = ciphertext.clone();
      flipped[i] ^= 0x01;
      assertRejected(ChunkEnvelope.create(sealed.header(), flipped));
    }
  }

  @Test
  void everyTruncationOfTheBytes_isMalformedNotUnchecked() {
    byte[] bytes = sealed.toBytes();
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThrows(
          MalformedEnvelopeException.class,
          () -> opener.open(cut, alice.dataAead()),
          "length " + len);
    }
  }

  @Test
  void truncatedCiphertext_isRejected() throws Exception {
    byte[] ciphertext = sealed.ciphertext();
    for (int len = 0; len < ciphertext.length; len++) {
      assertRejected(ChunkEnvelope.create(sealed.header(), Arrays.copyOf(ciphertext, len)));
    }
  }

  @Test
  void samplesOutsideTheHeaderSlot_areRejected() throws Exception {
    // A 1-s slot holds samples 0 (at .125 s) and 1 (at .925 s) but not sample 2 (at 1.825 s).
    ChunkHeader narrow =
        copyOf(sealed.header())
            .setSlot(ChunkSlot.of(sealed.header().slot().startMillis(), 1_000))
            .build();
    byte[] body = SampleCodec.encode(Fixtures.samples(), SampleCodec.capacity(1_000, 3, 32_768));
    byte[] ciphertext = alice.dataAead().encrypt(body, narrow.toBytes());
    GeneralSecurityException e = assertRejected(ChunkEnvelope.create(narrow, ciphertext));
    assertTrue(e.getMessage().contains("sample 2"), e.getMessage());
    assertTrue(e.getMessage().contains("slot [1700000000000, 1700000001000)"), e.getMessage());
  }

  @Test
  void authenticButUnpaddedBody_isRefused() throws Exception {
    // A sealer that forgot to pad would leak the beat count; every opener refuses its chunks.
    ChunkHeader h = sealed.header();
    byte[] ciphertext =
        alice.dataAead().encrypt(SampleCodec.encode(Fixtures.samples(), 3), h.toBytes());
    MalformedEnvelopeException e =
        assertThrows(
            MalformedEnvelopeException.class,
            () -> opener.open(ChunkEnvelope.create(h, ciphertext), alice.dataAead()));
    assertEquals("chunk.body.samples", e.field());
    assertTrue(e.getMessage().contains("padded to 37 samples"), e.getMessage());
    Fixtures.assertLeaksNoSamples(e);
  }

  @Test
  void authenticBodyWithNonZeroPadding_isRefused() throws Exception {
    ChunkHeader h = sealed.header();
    byte[] body = SampleCodec.encode(Fixtures.samples(), 37);
    body[body.length - 1] = 1;
    byte[] ciphertext = alice.dataAead().encrypt(body, h.toBytes());
    MalformedEnvelopeException e =
        assertThrows(
            MalformedEnvelopeException.class,
            () -> opener.open(ChunkEnvelope.create(h, ciphertext), alice.dataAead()));
    assertEquals("chunk.body.padding", e.field());
  }

  @Test
  void tooManySamplesInAnAuthenticBody_areRejectedNamingTheLimit() throws Exception {
    ProtocolLimits small = ProtocolLimits.builder().setMaxSamplesPerChunk(2).build();
    MalformedEnvelopeException e =
        assertThrows(
            MalformedEnvelopeException.class,
            () -> ChunkOpener.create(small).open(sealed, alice.dataAead()));
    assertTrue(e.getMessage().contains("maxSamplesPerChunk"));
    Fixtures.assertLeaksNoSamples(e);
  }

  @Test
  void malformedAuthenticBody_isMalformed() throws Exception {
    ChunkHeader h = sealed.header();
    byte[] ciphertext = alice.dataAead().encrypt(new byte[] {0, 0, 0, 1, 7}, h.toBytes());
    assertThrows(
        MalformedEnvelopeException.class,
        () -> opener.open(ChunkEnvelope.create(h, ciphertext), alice.dataAead()));
  }

  @Test
  void oversizeEnvelope_isRejectedNamingTheLimit() throws Exception {
    ProtocolLimits small = ProtocolLimits.builder().setMaxEnvelopeBytes(256).build();
    ChunkEnvelope big = ChunkEnvelope.create(sealed.header(), new byte[400]);
    MalformedEnvelopeException e =
        assertThrows(
            MalformedEnvelopeException.class,
            () -> ChunkOpener.create(small).open(big, alice.dataAead()));
    assertTrue(e.getMessage().contains("maxEnvelopeBytes=256"));
  }

  @Test
  void dataSealedBeforeRotation_stillOpensAfter() throws Exception {
    PatientKeys rotated = alice.rotate();
    assertTrue(rotated.dataPrimaryKeyId() != alice.dataPrimaryKeyId());
    assertEquals(Fixtures.samples(), opener.open(sealed, rotated.dataAead()));
    ChunkEnvelope fresh =
        ChunkSealer.create(rotated.dataKeyset()).seal("alice", 6, Fixtures.samples());
    assertEquals(rotated.dataPrimaryKeyId(), fresh.header().keyId());
    assertEquals(Fixtures.samples(), opener.open(fresh, rotated.dataAead()));
    assertThrows(GeneralSecurityException.class, () -> opener.open(fresh, alice.dataAead()));
  }

  @Test
  void randomCorruption_neverThrowsUnchecked() {
    byte[] original = sealed.toBytes();
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = original.clone();
      bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
      try {
        opener.open(bytes, alice.dataAead());
        fail("corrupt chunk opened");
      } catch (GeneralSecurityException expected) {
        Fixtures.assertLeaksNoSamples(expected);
      } catch (RuntimeException e) {
        fail("unchecked exception on corrupt input", e);
      }
    }
  }

  @Test
  void toStrings_neverContainSampleValues() throws Exception {
    Fixtures.assertLeaksNoSamples(sealed);
    Fixtures.assertLeaksNoSamples(sealed.header());
    Fixtures.assertLeaksNoSamples(opener);
    Fixtures.assertLeaksNoSamples(opener.open(sealed, alice.dataAead()));
  }
}
