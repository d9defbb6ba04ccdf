package org.trustbeat.protocol;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.trustbeat.protocol.internal.TinkSetup;

/**
 * The public half of the key broker's release-signing key, as an enclave pins it: one Ed25519 key
 * in a Tink public keyset (protobuf, no secret). Its text form ({@link #toText()}) is the base64 of
 * those bytes; it goes on the enclave's command line, so under Gramine-SGX it is part of the signed
 * manifest and therefore of MRENCLAVE. Immutable.
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #parse} accepts exactly one enabled Ed25519 key with the Tink prefix and no secret
 * material, so a host cannot hand the enclave a weaker or foreign key type. The {@link
 * #fingerprint()} is SHA-256 over a label, the key id and the raw public key; the enclave binds it
 * into its report data, so the key broker sees which broker key an enclave trusts before it
 * releases anything.
 */
public final class KeyBrokerVerificationKey {
  private static final byte[] FINGERPRINT_LABEL =
      "trustbeat.key-broker-key.v1\0".getBytes(StandardCharsets.US_ASCII);

  /** A Tink public keyset holding one Ed25519 key is about 70 bytes. */
  private static final int MAX_BYTES = 1024;

  private final byte[] bytes;
  private final byte[] fingerprint;
  private final PublicKeyVerify verify;

  private KeyBrokerVerificationKey(byte[] bytes, byte[] fingerprint, PublicKeyVerify verify) {
    this.bytes = bytes;
    this.fingerprint = fingerprint;
    this.verify = verify;
  }

  /**
   * @param publicKeyset a Tink public keyset in protobuf form, as {@link #toBytes()} writes it
   * @throws GeneralSecurityException if it is not exactly one Ed25519 (Tink variant) public key
   */
  public static KeyBrokerVerificationKey parse(byte[] publicKeyset)
      throws GeneralSecurityException {
    TinkSetup.ensureRegistered();
    if (publicKeyset == null || publicKeyset.length == 0 || publicKeyset.length > MAX_BYTES) {
      throw new GeneralSecurityException(
          "a key broker verification key is 1.."
              + MAX_BYTES
              + " bytes; copy it from the key broker's release-verification-key file");
    }
    KeysetHandle handle;
    try {
      handle = TinkProtoKeysetFormat.parseKeysetWithoutSecret(publicKeyset);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new GeneralSecurityException(
          "the key broker verification key is not a Tink public"
              + " keyset; copy it from the key broker's release-verification-key file",
          e);
    }
    if (handle.size() != 1
        || !(handle.getPrimary().getKey() instanceof Ed25519PublicKey)
        || !handle
            .getPrimary()
            .getKey()
            .getParameters()
            .equals(TinkSetup.keyBrokerSignatureParameters())) {
      throw new GeneralSecurityException(
          "the key broker verification key must be one Ed25519"
              + " public key (Tink variant); copy it from the key broker's release-verification-key file");
    }
    Ed25519PublicKey key = (Ed25519PublicKey) handle.getPrimary().getKey();
    PublicKeyVerify verify =
        handle.getPrimitive(RegistryConfiguration.get(), PublicKeyVerify.class);
    return new KeyBrokerVerificationKey(publicKeyset.clone(), fingerprintOf(key), verify);
  }

  /**
   * Parses the text form: base64 (standard alphabet) of the public keyset, surrounding white space
   * ignored.
   */
  public static KeyBrokerVerificationKey fromText(String text) throws GeneralSecurityException {
    if (text == null) {
      throw new GeneralSecurityException("no key broker verification key given");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException(
          "the key broker verification key is not base64; copy the"
              + " one line of the key broker's release-verification-key file");
    }
    return parse(raw);
  }

  static byte[] fingerprintOf(Ed25519PublicKey key) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
    sha256.update(FINGERPRINT_LABEL);
    Integer id = key.getIdRequirementOrNull();
    sha256.update(ByteBuffer.allocate(4).putInt(id == null ? 0 : id).array());
    sha256.update(key.getPublicKeyBytes().toByteArray());
    return sha256.digest();
  }

  /** The public keyset, Tink protobuf form. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Base64 of {@link #toBytes()}: one line, safe on a command line and in a manifest. */
  public String toText() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** 32 bytes identifying the key; bound into the enclave's report data. */
  public byte[] fingerprint() {
    return fingerprint.clone();
  }

  /** The first 8 bytes of the fingerprint in hex, for log lines and messages. */
  public String shortFingerprint() {
    return HexFormat.of().formatHex(fingerprint, 0, 8);
  }

  /**
   * @throws GeneralSecurityException if {@code signature} is not this key's over {@code data}
   */
  void verify(byte[] signature, byte[] data) throws GeneralSecurityException {
    verify.verify(signature, data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyBrokerVerificationKey
        && Arrays.equals(((KeyBrokerVerificationKey) o).fingerprint, fingerprint);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(fingerprint);
  }

  @Override
  public String toString() {
    return "KeyBrokerVerificationKey{ed25519, fingerprint=" + shortFingerprint() + "}";
  }
}
