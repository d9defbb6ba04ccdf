package org.trustbeat.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.crypto.tink.hybrid.HpkeParameters;
import org.junit.jupiter.api.Test;

class TinkSetupTest {
  @Test
  void ensureRegistered_isIdempotent() throws Exception {
    TinkSetup.ensureRegistered();
    TinkSetup.ensureRegistered();
  }

  @Test
  void enclaveParameters_areX25519Sha256Aes256Gcm() throws Exception {
    HpkeParameters p = TinkSetup.enclaveHpkeParameters();
    assertEquals(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256, p.getKemId());
    assertEquals(HpkeParameters.KdfId.HKDF_SHA256, p.getKdfId());
    assertEquals(HpkeParameters.AeadId.AES_256_GCM, p.getAeadId());
  }
}
