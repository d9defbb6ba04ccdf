package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeyReleaseTest {
  private static EnclaveKeyPair enclave;
  private static PatientKeys alice;
  private static PatientKeys bob;
  private static byte[] nonce;

  @BeforeAll
  static void setUp() throws Exception {
    enclave = EnclaveKeyPair.generate();
    alice = PatientKeys.generate();
    bob = PatientKeys.generate().rotate();
    nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
  }

  private static byte[] release() throws Exception {
    return KeyRelease.seal(
        enclave.publicKeyBytes(),
        nonce,
        "SGX_DCAP",
        Map.of(
            "alice", ReleasedPatient.of(alice, AnalysisPolicy.defaults()),
            "bob", ReleasedPatient.of(bob, BOB_POLICY)));
  }

  private static final AnalysisPolicy BOB_POLICY =
      AnalysisPolicy.of(List.of("identity", "sdnn"), List.of(60_000L, 300_000L));

  private static Map<String, ReleasedPatient> only(String patient, PatientKeys keys) {
    return Map.of(patient, ReleasedPatient.of(keys, AnalysisPolicy.defaults()));
  }

  private static List<String> allKeyMaterial() {
    List<String> out = new ArrayList<>(Fixtures.keyMaterial(alice));
    out.addAll(Fixtures.keyMaterial(bob));
    return out;
  }

  @Test
  void roundTrip_deliversEveryPatientsKeysAndPolicy_andTheVerifiedEvidenceKind() throws Exception {
    KeyRelease.Contents contents = KeyRelease.open(enclave, nonce, release());
    assertEquals("SGX_DCAP", contents.evidenceKind());
    Map<String, ReleasedPatient> opened = contents.patients();
    assertEquals(List.of("alice", "bob"), new ArrayList<>(opened.keySet()));
    assertTrue(opened.get("alice").keys().dataKeyset().equalsKeyset(alice.dataKeyset()));
    assertTrue(opened.get("alice").keys().resultKeyset().equalsKeyset(alice.resultKeyset()));
    assertTrue(opened.get("bob").keys().dataKeyset().equalsKeyset(bob.dataKeyset()));
    assertTrue(opened.get("bob").keys().resultKeyset().equalsKeyset(bob.resultKeyset()));
    assertEquals(AnalysisPolicy.defaults(), opened.get("alice").policy());
    assertEquals(BOB_POLICY, opened.get("bob").policy());
  }

  @Test
  void releasedKeys_openChunksSealedAtTheEdge() throws Exception {
    ChunkEnvelope chunk =
        ChunkSealer.create(alice.dataKeyset()).seal("alice", 0, Fixtures.samples());
    PatientKeys released =
        KeyRelease.open(enclave, nonce, release()).patients().get("alice").keys();
    assertEquals(Fixtures.samples(), ChunkOpener.create().open(chunk, released.dataAead()));
  }

  @Test
  void anotherEnclavesKey_fails() throws Exception {
    EnclaveKeyPair other = EnclaveKeyPair.generate();
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class, () -> KeyRelease.open(other, nonce, release()));
    Fixtures.assertLeaksNothing(e, allKeyMaterial());
  }

  @Test
  void anotherNonce_fails() throws Exception {
    byte[] otherNonce = nonce.clone();
    otherNonce[0] ^= 1;
    byte[] sealed = release();
    assertThrows(
        GeneralSecurityException.class, () -> KeyRelease.open(enclave, otherNonce, sealed));
  }

  @Test
  void shortNonce_isRefused() {
    assertThrows(
        GeneralSecurityException.class,
        () ->
            KeyRelease.seal(
                enclave.publicKeyBytes(), new byte[8], "SGX_DCAP", only("alice", alice)));
  }

  @Test
  void emptyRelease_isRefused() {
    assertThrows(
        GeneralSecurityException.class,
        () -> KeyRelease.seal(enclave.publicKeyBytes(), nonce, "SGX_DCAP", Map.of()));
  }

  @Test
  void invalidPseudonym_isRefused() {
    assertThrows(
        GeneralSecurityException.class,
        () -> KeyRelease.seal(enclave.publicKeyBytes(), nonce, "SGX_DCAP", only("a b", alice)));
  }

  @Test
  void aKeyThatIsNotTheEnclaveSuite_isRefused() throws Exception {
    KeysetHandle aeadPublicLooking = alice.dataKeyset();
    byte[] notHpke =
        TinkProtoKeysetFormat.serializeKeyset(
            aeadPublicLooking, com.google.crypto.tink.InsecureSecretKeyAccess.get());
    assertThrows(
        GeneralSecurityException.class,
        () -> KeyRelease.seal(notHpke, nonce, "SGX_DCAP", only("alice", alice)));
    assertThrows(
        GeneralSecurityException.class,
        () -> KeyRelease.seal(new byte[] {1, 2, 3}, nonce, "SGX_DCAP", only("alice", alice)));
  }

  @Test
  void sealedBytes_containNoKeyMaterial() throws Exception {
    Fixtures.assertLeaksNothing(
        new String(release(), java.nio.charset.StandardCharsets.ISO_8859_1), allKeyMaterial());
  }

  @Test
  void corruptOrTruncatedRelease_failsWithACheckedException() throws Exception {
    byte[] sealed = release();
    Random random = new Random(11);
    for (int i = 0; i < 300; i++) {
      byte[] bytes =
          i % 2 == 0
              ? Arrays.copyOf(sealed, random.nextInt(sealed.length))
              : flip(sealed, random.nextInt(sealed.length));
      try {
        KeyRelease.open(enclave, nonce, bytes);
        fail("corrupt release opened");
      } catch (GeneralSecurityException expected) {
        Fixtures.assertLeaksNothing(expected, allKeyMaterial());
      } catch (RuntimeException e) {
        fail("unchecked exception on corrupt input", e);
      }
    }
  }

  @Test
  void authenticButMalformedPlaintext_isMalformedNotUnchecked() throws Exception {
    // HPKE does not authenticate the sender: anyone with the public key can encrypt garbage.
    HybridEncrypt encrypt =
        TinkProtoKeysetFormat.parseKeysetWithoutSecret(enclave.publicKeyBytes())
            .getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
    byte[] info = Arrays.copyOf("trustbeat.key-release.v2".getBytes(), 25 + nonce.length);
    System.arraycopy(nonce, 0, info, 25, nonce.length);
    byte[] blob = PatientKeysFormat.insecureExportCleartext(alice);
    byte[] policy = AnalysisPolicy.defaults().toBytes();
    byte[] inner =
        ByteBuffer.allocate(3 + 9 + 4 + 6 + policy.length + 4 + blob.length)
            .put(new byte[] {'K', 'R', 2})
            .put((byte) 8)
            .put("SGX_DCAP".getBytes())
            .putInt(1)
            .put((byte) 5)
            .put("alice".getBytes())
            .put(policy)
            .putInt(blob.length)
            .put(blob)
            .array();
    assertEquals(
        Map.of("alice", alice).keySet(),
        KeyRelease.open(enclave, nonce, encrypt.encrypt(inner, info)).patients().keySet());
    for (int len = 0; len < inner.length; len += 1 + len / 8) {
      byte[] cut = Arrays.copyOf(inner, len);
      assertThrows(
          GeneralSecurityException.class,
          () -> KeyRelease.open(enclave, nonce, encrypt.encrypt(cut, info)),
          "length " + len);
    }
    int head = 3 + 9 + 4; // magic, version, evidence kind, count
    byte[] twice = ByteBuffer.allocate(inner.length * 2 - head).put(inner).array();
    ByteBuffer.wrap(twice)
        .putInt(12, 2)
        .position(inner.length)
        .put(inner, head, inner.length - head);
    MalformedEnvelopeException e =
        assertThrows(
            MalformedEnvelopeException.class,
            () -> KeyRelease.open(enclave, nonce, encrypt.encrypt(twice, info)));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }

  private static byte[] flip(byte[] bytes, int index) {
    byte[] out = bytes.clone();
    out[index] ^= 0x10;
    return out;
  }
}
