package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignedKeyReleaseTest {
  private static KeyBrokerSigningKey broker;
  private static EnclaveKeyPair enclave;
  private static PatientKeys alice;
  private static byte[] nonce;

  @BeforeAll
  static void setUp() throws Exception {
    broker = KeyBrokerSigningKey.generate();
    enclave = EnclaveKeyPair.generate();
    alice = PatientKeys.generate();
    nonce = freshNonce();
  }

  private static byte[] freshNonce() {
    byte[] n = new byte[32];
    new SecureRandom().nextBytes(n);
    return n;
  }

  private static Map<String, ReleasedPatient> alice() {
    return Map.of("alice", ReleasedPatient.of(alice, AnalysisPolicy.defaults()));
  }

  private static byte[] signed() throws Exception {
    return SignedKeyRelease.seal(broker, enclave.publicKeyBytes(), nonce, "SIMULATION", alice());
  }

  @Test
  void releaseSignedByThePinnedBroker_opens() throws Exception {
    KeyRelease.Contents c =
        SignedKeyRelease.open(enclave, broker.verificationKey(), nonce, signed());
    assertEquals("SIMULATION", c.evidenceKind());
    assertTrue(c.patients().get("alice").keys().dataKeyset().equalsKeyset(alice.dataKeyset()));
  }

  @Test
  void hostMadeRelease_sealedToTheEnclaveButUnsigned_isRefused() throws Exception {
    byte[] hostMade = KeyRelease.seal(enclave.publicKeyBytes(), nonce, "SGX_DCAP", alice());
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class,
            () -> SignedKeyRelease.open(enclave, broker.verificationKey(), nonce, hostMade));
    assertTrue(e.getMessage().contains("no key broker signature"), e.getMessage());
  }

  @Test
  void releaseSignedByAnotherKey_isRefused_namingBothFingerprints() throws Exception {
    KeyBrokerSigningKey host = KeyBrokerSigningKey.generate();
    byte[] forged =
        SignedKeyRelease.seal(host, enclave.publicKeyBytes(), nonce, "SGX_DCAP", alice());
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class,
            () -> SignedKeyRelease.open(enclave, broker.verificationKey(), nonce, forged));
    assertTrue(e.getMessage().contains(host.verificationKey().shortFingerprint()), e.getMessage());
    assertTrue(
        e.getMessage().contains(broker.verificationKey().shortFingerprint()), e.getMessage());
  }

  @Test
  void brokerSignature_withTheFingerprintOfThePinnedKeyCopiedIn_doesNotVerify() throws Exception {
    // The host signs with its own key but writes the pinned broker's fingerprint into the envelope.
    KeyBrokerSigningKey host = KeyBrokerSigningKey.generate();
    byte[] forged =
        SignedKeyRelease.seal(host, enclave.publicKeyBytes(), nonce, "SGX_DCAP", alice());
    System.arraycopy(broker.verificationKey().fingerprint(), 0, forged, 3, 32);
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class,
            () -> SignedKeyRelease.open(enclave, broker.verificationKey(), nonce, forged));
    assertTrue(e.getMessage().contains("does not verify"), e.getMessage());
  }

  @Test
  void releaseSignedForAnotherNonce_isRefused() throws Exception {
    byte[] other = freshNonce();
    byte[] forOther =
        SignedKeyRelease.seal(broker, enclave.publicKeyBytes(), other, "SIMULATION", alice());
    assertThrows(
        GeneralSecurityException.class,
        () -> SignedKeyRelease.open(enclave, broker.verificationKey(), nonce, forOther));
  }

  @Test
  void releaseSignedForAnotherEnclave_isRefused() throws Exception {
    EnclaveKeyPair other = EnclaveKeyPair.generate();
    byte[] sealedToUs = KeyRelease.seal(enclave.publicKeyBytes(), nonce, "SIMULATION", alice());
    // A signature the broker made for the other enclave's key, around a release sealed to ours.
    byte[] signedForOther =
        SignedKeyRelease.sign(broker, other.publicKeyBytes(), nonce, sealedToUs);
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class,
            () -> SignedKeyRelease.open(enclave, broker.verificationKey(), nonce, signedForOther));
    assertTrue(e.getMessage().contains("another enclave or nonce"), e.getMessage());
  }

  @Test
  void verificationKey_roundTripsThroughItsTextForm() throws Exception {
    KeyBrokerVerificationKey k = broker.verificationKey();
    KeyBrokerVerificationKey back = KeyBrokerVerificationKey.fromText(" " + k.toText() + "\n");
    assertEquals(k, back);
    assertEquals(k.shortFingerprint(), back.shortFingerprint());
    assertThrows(GeneralSecurityException.class, () -> KeyBrokerVerificationKey.fromText("%%%"));
    assertThrows(
        GeneralSecurityException.class,
        () -> KeyBrokerVerificationKey.parse(enclave.publicKeyBytes()));
  }

  @Test
  void signingKey_roundTripsEncrypted_andOnlyUnderItsMasterKey() throws Exception {
    com.google.crypto.tink.Aead master =
        com.google.crypto.tink.KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
            .getPrimitive(
                com.google.crypto.tink.RegistryConfiguration.get(),
                com.google.crypto.tink.Aead.class);
    byte[] stored = broker.serializeEncrypted(master);
    assertEquals(
        broker.verificationKey(),
        KeyBrokerSigningKey.parseEncrypted(stored, master).verificationKey());
    com.google.crypto.tink.Aead other =
        com.google.crypto.tink.KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
            .getPrimitive(
                com.google.crypto.tink.RegistryConfiguration.get(),
                com.google.crypto.tink.Aead.class);
    assertThrows(
        GeneralSecurityException.class, () -> KeyBrokerSigningKey.parseEncrypted(stored, other));
    assertTrue(broker.toString().contains(broker.verificationKey().shortFingerprint()));
  }

  @Test
  void corruptSignedReleases_failWithCheckedExceptionsOnly() throws Exception {
    byte[] good = signed();
    Random random = new Random(17);
    List<String> secrets = Fixtures.keyMaterial(alice);
    for (int i = 0; i < 400; i++) {
      byte[] bad = KeyReleaseFuzzTest.mutate(good, random);
      try {
        SignedKeyRelease.open(enclave, broker.verificationKey(), nonce, bad);
      } catch (GeneralSecurityException expected) {
        Fixtures.assertLeaksNothing(expected, secrets);
      } catch (RuntimeException e) {
        fail("unchecked " + e.getClass().getName() + " escaped SignedKeyRelease.open", e);
      }
    }
  }
}
