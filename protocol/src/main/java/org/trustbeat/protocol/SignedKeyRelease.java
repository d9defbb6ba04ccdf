package org.trustbeat.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Objects;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;
import org.trustbeat.protocol.internal.ProtocolBytes;

/**
 * A {@link KeyRelease} signed by the key broker for one enclave and one attestation round: what the
 * broker sends and what {@code EnclaveHost.installKeys} takes.
 *
 * <p>Wire layout, big-endian: {@code 'K' 'S'} magic (2), version = 1 (1), the signer's {@link
 * KeyBrokerVerificationKey#fingerprint()} (32), the sealed release (4-byte length + bytes, at most
 * {@link KeyRelease#MAX_RELEASE_BYTES}), the signature (4-byte length, 1..{@value
 * #MAX_SIGNATURE_BYTES}, + bytes: Tink Ed25519 with its 5-byte key-id prefix).
 *
 * <p>Signed bytes: ASCII {@code "trustbeat.signed-key-release.v1"}, 0x00, the signer fingerprint
 * (32), SHA-256 of the enclave's public key (32), the nonce's length (2) and the nonce, SHA-256 of
 * the sealed release (32).
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #open} accepts a release only if it is signed by the key the enclave pins, for this
 * enclave's public key and this nonce, before it decrypts anything: a release made by the host
 * (HPKE to the enclave's public key needs no secret) or by another broker, or one made for another
 * enclave or another attestation round, is refused. Error messages name fingerprints and sizes,
 * never key material.
 */
public final class SignedKeyRelease {
  public static final int MAX_SIGNATURE_BYTES = 512;

  /** Largest envelope {@link #open} reads. */
  public static final int MAX_BYTES =
      3 + 32 + 4 + KeyRelease.MAX_RELEASE_BYTES + 4 + MAX_SIGNATURE_BYTES;

  private static final byte MAGIC_0 = 'K';
  private static final byte MAGIC_1 = 'S';
  private static final int VERSION = 1;
  private static final byte[] LABEL =
      "trustbeat.signed-key-release.v1\0".getBytes(StandardCharsets.US_ASCII);

  private SignedKeyRelease() {}

  /**
   * Seals {@code patients} to the enclave ({@link KeyRelease#seal}) and signs the result.
   *
   * @param verifiedEvidenceKind the evidence kind the broker's verifier established
   */
  public static byte[] seal(
      KeyBrokerSigningKey signer,
      byte[] enclavePublicKey,
      byte[] nonce,
      String verifiedEvidenceKind,
      Map<String, ReleasedPatient> patients)
      throws GeneralSecurityException {
    byte[] sealed = KeyRelease.seal(enclavePublicKey, nonce, verifiedEvidenceKind, patients);
    return sign(signer, enclavePublicKey, nonce, sealed);
  }

  /** Signs an already sealed release for {@code enclavePublicKey} and {@code nonce}. */
  public static byte[] sign(
      KeyBrokerSigningKey signer, byte[] enclavePublicKey, byte[] nonce, byte[] sealedRelease)
      throws GeneralSecurityException {
    Objects.requireNonNull(signer, "signer");
    byte[] fingerprint = signer.verificationKey().fingerprint();
    byte[] signature =
        signer.sign(signedBytes(fingerprint, enclavePublicKey, nonce, sealedRelease));
    return ProtocolBytes.writer(64 + sealedRelease.length + signature.length)
        .u8(MAGIC_0)
        .u8(MAGIC_1)
        .u8(VERSION)
        .bytes(fingerprint)
        .prefixed(4, sealedRelease)
        .prefixed(4, signature)
        .toByteArray();
  }

  /**
   * Checks the signature against the pinned key for this enclave and nonce, then opens the release.
   *
   * @throws GeneralSecurityException naming what is wrong: not signed (a host-made release), signed
   *     by another key broker, signed for another enclave or round, or altered; or, from {@link
   *     KeyRelease#open}, sealed to another key. Never an unchecked exception.
   */
  public static KeyRelease.Contents open(
      EnclaveKeyPair enclave, KeyBrokerVerificationKey pinned, byte[] nonce, byte[] signedRelease)
      throws GeneralSecurityException {
    byte[] sealed = verify(pinned, enclave.publicKeyBytes(), nonce, signedRelease);
    return KeyRelease.open(enclave, nonce, sealed);
  }

  /**
   * Checks the signature and returns the sealed release it covers.
   *
   * @throws GeneralSecurityException as {@link #open}
   */
  public static byte[] verify(
      KeyBrokerVerificationKey pinned, byte[] enclavePublicKey, byte[] nonce, byte[] signedRelease)
      throws GeneralSecurityException {
    Objects.requireNonNull(pinned, "pinned");
    if (signedRelease.length < 3 || signedRelease[0] != MAGIC_0 || signedRelease[1] != MAGIC_1) {
      throw new GeneralSecurityException(
          "the release carries no key broker signature (a release"
              + " made by the host, or an old unsigned one); the enclave takes only releases signed by"
              + " the key broker "
              + pinned.shortFingerprint()
              + " it pins: provision through that"
              + " key broker");
    }
    if (signedRelease.length > MAX_BYTES) {
      throw new MalformedEnvelopeException(
          Reason.TOO_LARGE,
          "signedKeyRelease",
          0,
          "release is " + signedRelease.length + " bytes, over " + MAX_BYTES,
          "release fewer patients per round");
    }
    BinaryReader<MalformedEnvelopeException> r =
        ProtocolBytes.reader(signedRelease, "signed key release");
    ProtocolBytes.expectMagic(r, MAGIC_0, MAGIC_1, "signedKeyRelease.magic");
    ProtocolBytes.expectVersion(r, VERSION, "signedKeyRelease.version");
    byte[] fingerprint = r.bytes(32, "signedKeyRelease.signer");
    byte[] sealed =
        ProtocolBytes.lengthPrefixed(r, KeyRelease.MAX_RELEASE_BYTES, "signedKeyRelease.release");
    byte[] signature =
        ProtocolBytes.lengthPrefixed(r, MAX_SIGNATURE_BYTES, "signedKeyRelease.signature");
    r.expectEnd("signedKeyRelease");
    byte[] expected = pinned.fingerprint();
    if (!MessageDigest.isEqual(fingerprint, expected)) {
      throw new GeneralSecurityException(
          "the release is signed by key broker key "
              + java.util.HexFormat.of().formatHex(fingerprint, 0, 8)
              + " but this enclave pins "
              + pinned.shortFingerprint()
              + "; start the enclave with the verification key of the key"
              + " broker that serves it");
    }
    try {
      pinned.verify(signature, signedBytes(fingerprint, enclavePublicKey, nonce, sealed));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new GeneralSecurityException(
          "the key broker's signature does not verify for this"
              + " enclave and attestation round: the release was made for another enclave or nonce,"
              + " or altered; request a fresh release");
    }
    return sealed;
  }

  private static byte[] signedBytes(
      byte[] fingerprint, byte[] enclavePublicKey, byte[] nonce, byte[] sealed)
      throws GeneralSecurityException {
    if (nonce.length < KeyRelease.MIN_NONCE_BYTES || nonce.length > KeyRelease.MAX_NONCE_BYTES) {
      throw new GeneralSecurityException(
          "nonce is "
              + nonce.length
              + " bytes; use "
              + KeyRelease.MIN_NONCE_BYTES
              + ".."
              + KeyRelease.MAX_NONCE_BYTES
              + " fresh random bytes per release round");
    }
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
    BinaryWriter w = ProtocolBytes.writer(LABEL.length + 32 * 3 + 2 + nonce.length);
    w.bytes(LABEL).bytes(fingerprint).bytes(sha256.digest(enclavePublicKey));
    w.u8(nonce.length >>> 8).u8(nonce.length).bytes(nonce);
    w.bytes(sha256.digest(sealed));
    return w.toByteArray();
  }
}
