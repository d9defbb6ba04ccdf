package org.trustbeat.protocol;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.security.GeneralSecurityException;
import org.trustbeat.protocol.internal.TinkSetup;

/**
 * The enclave's ephemeral HPKE key pair (X25519, HKDF-SHA256, AES-256-GCM), made fresh at every
 * start so that patient keys released to one enclave instance are useless to any other.
 *
 * <h2>Security guarantees</h2>
 *
 * The private key never leaves this object: there is no accessor and no serializer for it. {@link
 * #publicKeyBytes()} is the public keyset in Tink's protobuf format; the enclave binds its hash
 * into its attestation evidence and the key broker seals {@link KeyRelease}s to it. {@link
 * #toString()} prints the public key size only.
 */
public final class EnclaveKeyPair {
  private final HybridDecrypt decrypt;
  private final byte[] publicKeyBytes;

  private EnclaveKeyPair(HybridDecrypt decrypt, byte[] publicKeyBytes) {
    this.decrypt = decrypt;
    this.publicKeyBytes = publicKeyBytes;
  }

  public static EnclaveKeyPair generate() throws GeneralSecurityException {
    TinkSetup.ensureRegistered();
    KeysetHandle privateKeyset = KeysetHandle.generateNew(TinkSetup.enclaveHpkeParameters());
    return new EnclaveKeyPair(
        privateKeyset.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class),
        TinkProtoKeysetFormat.serializeKeysetWithoutSecret(privateKeyset.getPublicKeysetHandle()));
  }

  /** The public keyset, Tink protobuf format, no secret material. */
  public byte[] publicKeyBytes() {
    return publicKeyBytes.clone();
  }

  HybridDecrypt hybridDecrypt() {
    return decrypt;
  }

  @Override
  public String toString() {
    return "EnclaveKeyPair{hpke=DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM, publicKeyBytes="
        + publicKeyBytes.length
        + "}";
  }
}
