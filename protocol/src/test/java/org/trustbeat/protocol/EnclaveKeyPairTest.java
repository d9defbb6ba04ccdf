package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.trustbeat.protocol.internal.TinkSetup;

class EnclaveKeyPairTest {
  @Test
  void publicKeyBytes_areAPublicX25519HpkeKeyset() throws Exception {
    EnclaveKeyPair pair = EnclaveKeyPair.generate();
    KeysetHandle parsed = TinkProtoKeysetFormat.parseKeysetWithoutSecret(pair.publicKeyBytes());
    assertEquals(1, parsed.size());
    assertTrue(parsed.getPrimary().getKey() instanceof HpkePublicKey);
    assertEquals(TinkSetup.enclaveHpkeParameters(), parsed.getPrimary().getKey().getParameters());
  }

  @Test
  void everyGenerate_makesAFreshKey() throws Exception {
    assertFalse(
        Arrays.equals(
            EnclaveKeyPair.generate().publicKeyBytes(),
            EnclaveKeyPair.generate().publicKeyBytes()));
  }

  @Test
  void toString_printsOnlyTheSize() throws Exception {
    EnclaveKeyPair pair = EnclaveKeyPair.generate();
    assertEquals(
        "EnclaveKeyPair{hpke=DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM, publicKeyBytes="
            + pair.publicKeyBytes().length
            + "}",
        pair.toString());
  }
}
