package org.trustbeat.protocol.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.SignatureConfig;
import java.security.GeneralSecurityException;

/**
 * Registers the Tink primitives this module uses and names the one parameter set for each role.
 * Registration is idempotent; every public entry point calls {@link #ensureRegistered()} so callers
 * need no set-up step they could forget.
 */
public final class TinkSetup {
  private static volatile boolean registered;

  private TinkSetup() {}

  public static void ensureRegistered() throws GeneralSecurityException {
    if (!registered) {
      AeadConfig.register();
      HybridConfig.register();
      SignatureConfig.register();
      registered = true;
    }
  }

  /** HPKE base mode, X25519 + HKDF-SHA256 + AES-256-GCM, with the Tink key-id prefix. */
  public static HpkeParameters enclaveHpkeParameters() throws GeneralSecurityException {
    return HpkeParameters.builder()
        .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
        .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
        .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
        .setVariant(HpkeParameters.Variant.TINK)
        .build();
  }

  /** The key broker's release signatures: Ed25519 with the Tink key-id prefix. */
  public static Ed25519Parameters keyBrokerSignatureParameters() throws GeneralSecurityException {
    return Ed25519Parameters.create(Ed25519Parameters.Variant.TINK);
  }

  /**
   * Returns the keyset's AEAD after checking that its primary key writes the Tink key-id prefix:
   * the chunk header's key id and key selection on open both rely on it.
   */
  public static Aead aeadWithKeyIdPrefix(KeysetHandle keyset, String role)
      throws GeneralSecurityException {
    ensureRegistered();
    if (keyset.getPrimary().getKey().getIdRequirementOrNull() == null) {
      throw new GeneralSecurityException(
          "the "
              + role
              + " keyset's primary key has no Tink output prefix (RAW); generate keys with"
              + " PatientKeys.generate() or an AES256_GCM template");
    }
    return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
  }
}
