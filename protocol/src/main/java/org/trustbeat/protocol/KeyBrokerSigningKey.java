package org.trustbeat.protocol;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;
import org.trustbeat.protocol.internal.TinkSetup;

/**
 * The key broker's release-signing key: one Ed25519 key (Tink, with key-id prefix). The broker
 * signs every {@link SignedKeyRelease} with it; enclaves pin its {@link #verificationKey()}.
 *
 * <h2>Security guarantees</h2>
 *
 * The private key never leaves this object in clear: the only serialized form is {@link
 * #serializeEncrypted} under the broker's master AEAD, bound to a fixed associated data, so a file
 * copied from a backup is useless without the master key. {@link #toString()} prints the
 * fingerprint only.
 */
public final class KeyBrokerSigningKey {
  private static final byte[] STORAGE_AD =
      "trustbeat.key-broker-signing-key.v1".getBytes(StandardCharsets.US_ASCII);

  private final KeysetHandle privateKeyset;
  private final PublicKeySign sign;
  private final KeyBrokerVerificationKey verificationKey;

  private KeyBrokerSigningKey(KeysetHandle privateKeyset) throws GeneralSecurityException {
    if (privateKeyset.size() != 1
        || !privateKeyset
            .getPrimary()
            .getKey()
            .getParameters()
            .equals(TinkSetup.keyBrokerSignatureParameters())) {
      throw new GeneralSecurityException(
          "a key broker signing key must be one Ed25519 key (Tink"
              + " variant); generate one with KeyBrokerSigningKey.generate()");
    }
    this.privateKeyset = privateKeyset;
    this.sign = privateKeyset.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class);
    this.verificationKey =
        KeyBrokerVerificationKey.parse(
            TinkProtoKeysetFormat.serializeKeysetWithoutSecret(
                privateKeyset.getPublicKeysetHandle()));
  }

  public static KeyBrokerSigningKey generate() throws GeneralSecurityException {
    TinkSetup.ensureRegistered();
    return new KeyBrokerSigningKey(
        KeysetHandle.generateNew(TinkSetup.keyBrokerSignatureParameters()));
  }

  /**
   * @throws GeneralSecurityException if {@code master} does not open it or it is not a signing key
   */
  public static KeyBrokerSigningKey parseEncrypted(byte[] bytes, Aead master)
      throws GeneralSecurityException {
    TinkSetup.ensureRegistered();
    Objects.requireNonNull(master, "master");
    KeysetHandle handle;
    try {
      handle = TinkProtoKeysetFormat.parseEncryptedKeyset(bytes, master, STORAGE_AD);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new GeneralSecurityException(
          "the key broker signing key does not open with this"
              + " master key, or the file was altered; restore it from backup",
          e);
    }
    return new KeyBrokerSigningKey(handle);
  }

  /** The keyset encrypted under {@code master}; the only way the private key is written. */
  public byte[] serializeEncrypted(Aead master) throws GeneralSecurityException {
    return TinkProtoKeysetFormat.serializeEncryptedKeyset(privateKeyset, master, STORAGE_AD);
  }

  public KeyBrokerVerificationKey verificationKey() {
    return verificationKey;
  }

  byte[] sign(byte[] data) throws GeneralSecurityException {
    return sign.sign(data);
  }

  @Override
  public String toString() {
    return "KeyBrokerSigningKey{ed25519, fingerprint=" + verificationKey.shortFingerprint() + "}";
  }
}
