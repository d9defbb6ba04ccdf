package org.trustbeat.attestation.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.testing.SyntheticQuote;
import org.trustbeat.attestation.testing.TestPki;

class EcdsaP256Test {
  private static final byte[] MESSAGE = "report".getBytes(StandardCharsets.US_ASCII);

  @Test
  void rawKeyAndRawSignature_verify() throws Exception {
    KeyPair pair = TestPki.ecKeyPair();
    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
    s.initSign(pair.getPrivate());
    s.update(MESSAGE);
    byte[] sig = s.sign();
    PublicKey key = EcdsaP256.publicKeyFromRaw(SyntheticQuote.rawPublicKey(pair)).orElseThrow();
    assertTrue(EcdsaP256.verify(key, MESSAGE, sig));
    sig[3] ^= 1;
    assertFalse(EcdsaP256.verify(key, MESSAGE, sig));
  }

  @Test
  void pointOffTheCurve_isRefused() throws Exception {
    byte[] raw = SyntheticQuote.rawPublicKey(TestPki.ecKeyPair());
    raw[63] ^= 1;
    assertTrue(EcdsaP256.publicKeyFromRaw(raw).isEmpty());
    assertTrue(EcdsaP256.publicKeyFromRaw(new byte[64]).isEmpty());
    assertTrue(EcdsaP256.publicKeyFromRaw(new byte[10]).isEmpty());
  }

  @Test
  void signatureOfWrongLength_isFalseNotAnException() throws Exception {
    KeyPair pair = TestPki.ecKeyPair();
    PublicKey key = EcdsaP256.publicKeyFromRaw(SyntheticQuote.rawPublicKey(pair)).orElseThrow();
    assertFalse(EcdsaP256.verify(key, MESSAGE, new byte[63]));
    assertFalse(EcdsaP256.verify(key, MESSAGE, new byte[64]));
  }
}
