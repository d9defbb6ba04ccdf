package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.RegistryConfiguration;
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
    return KeyRelease.seal(enclave.publicKeyBytes(), nonce, Map.of("alice", alice, "bob", bob));
  }

  private static List<String> allKeyMaterial() {
    List<String> out = new ArrayList<>(Fixtures.keyMaterial(alice));
    out.addAll(Fixtures.keyMaterial(bob));
    return out;
  }

  @Test
  void roundTrip_deliversEveryPatientsKeys() throws Exception {
    Map<String, PatientKeys> opened = KeyRelease.open(enclave, nonce, release());
    assertEquals(List.of("alice", "bob"), new ArrayList<>(opened.keySet()));
    assertTrue(opened.get("alice").dataKeyset().equalsKeyset(alice.dataKeyset()));
    assertTrue(opened.get("alice").resultKeyset().equalsKeyset(alice.resultKeyset()));
    assertTrue(opened.get("bob").dataKeyset().equalsKeyset(bob.dataKeyset()));
    assertTrue(opened.get("bob").resultKeyset().equalsKeyset(bob.resultKeyset()));
  }

  @Test
  void releasedKeys_openChunksSealedAtTheEdge() throws Exception {
    ChunkEnvelope chunk = ChunkSealer.create(alice.dataKeyset()).seal("alice", 0, Fixtures.samples());
    PatientKeys released = KeyRelease.open(enclave, nonce, release()).get("alice");
    assertEquals(Fixtures.samples(), ChunkOpener.create().open(chunk, released.dataAead()));
  }

  @Test
  void anotherEnclavesKey_fails() throws Exception {
    EnclaveKeyPair other = EnclaveKeyPair.generate();
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> KeyRelease.open(other, nonce, release()));
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
        () -> KeyRelease.seal(enclave.publicKeyBytes(), new byte[8], Map.of("alice", alice)));
  }

  @Test
  void emptyRelease_isRefused() {
    assertThrows(
        GeneralSecurityException.class,
        () -> KeyRelease.seal(enclave.publicKeyBytes(), nonce, Map.of()));
  }

  @Test
  void invalidPseudonym_isRefused() {
    assertThrows(
        GeneralSecurityException.class,
        () -> KeyRelease.seal(enclave.publicKeyBytes(), nonce, Map.of("a b", alice)));
  }

  @Test
  void aKeyThatIsNotTheEnclaveSuite_isRefused() throws Exception {
    KeysetHandle aeadPublicLooking = alice.dataKeyset();
    byte[] notHpke =
        TinkProtoKeysetFormat.serializeKeyset(
            aeadPublicLooking, com.google.crypto.tink.InsecureSecretKeyAccess.get());
    assertThrows(
        GeneralSecurityException.class,
        () -> KeyRelease.seal(notHpke, nonce, Map.of("alice", alice)));
    assertThrows(
        GeneralSecurityException.class,
        () -> KeyRelease.seal(new byte[] {1, 2, 3}, nonce, Map.of("alice", alice)));
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
    byte[] info = Arrays.copyOf("trustbeat.key-release.v1".getBytes(), 25 + nonce.length);
    System.arraycopy(nonce, 0, info, 25, nonce.length);
    byte[] blob = PatientKeysFormat.insecureExportCleartext(alice);
    byte[] inner =
        ByteBuffer.allocate(3 + 4 + 6 + 4 + blob.length)
            .put(new byte[] {'K', 'R', 1})
            .putInt(1)
            .put((byte) 5)
            .put("alice".getBytes())
            .putInt(blob.length)
            .put(blob)
            .array();
    assertEquals(
        Map.of("alice", alice).keySet(),
        KeyRelease.open(enclave, nonce, encrypt.encrypt(inner, info)).keySet());
    for (int len = 0; len < inner.length; len += 1 + len / 8) {
      byte[] cut = Arrays.copyOf(inner, len);
      assertThrows(
          GeneralSecurityException.class,
          () -> KeyRelease.open(enclave, nonce, encrypt.encrypt(cut, info)),
          "length " + len);
    }
    byte[] twice = ByteBuffer.allocate(inner.length * 2 - 7).put(inner).array();
    ByteBuffer.wrap(twice).putInt(3, 2).position(inner.length).put(inner, 7, inner.length - 7);
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
