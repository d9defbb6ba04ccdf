package org.trustbeat.protocol;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;
import org.trustbeat.protocol.internal.ProtocolBytes;
import org.trustbeat.protocol.internal.TextRule;
import org.trustbeat.protocol.internal.TinkSetup;

/**
 * Patient keys and their analysis policies on their way from the key broker to one attested
 * enclave: HPKE (Tink {@link HybridEncrypt}, X25519 / HKDF-SHA256 / AES-256-GCM) to the enclave's
 * {@link EnclaveKeyPair}. The key broker then signs the sealed bytes ({@link SignedKeyRelease}); an
 * enclave takes only signed releases.
 *
 * <p>HPKE context info: ASCII {@code "trustbeat.key-release.v2"}, a 0x00 byte, then the nonce.
 * Plaintext, big-endian: {@code 'K' 'R'} magic (2), version = 2 (1), the <em>verified</em> evidence
 * kind (1-byte length + ASCII, e.g. {@code SGX_DCAP}: what the key broker's verifier established,
 * not what the requester claimed), patient count (4, &ge; 1), then per patient in pseudonym order:
 * pseudonym (1-byte length + ASCII), its {@link AnalysisPolicy}, and the {@link PatientKeysFormat}
 * clear-text blob (4-byte length + bytes).
 *
 * <h2>Security guarantees</h2>
 *
 * Only the holder of the enclave's private key can read the keys and policies, and the release
 * opens only with the same nonce, so a release made for one attestation round cannot be replayed
 * into another. Not provided here: HPKE base mode does not authenticate the sender, so anyone
 * holding the public key can make a release; {@link SignedKeyRelease} adds the key broker's
 * signature, which the enclave checks against the key it pins. The number of patients and the blob
 * size are visible.
 */
public final class KeyRelease {
  /** Releases are small (about 250 bytes per patient); this bounds what the enclave decrypts. */
  public static final int MAX_RELEASE_BYTES = 16 << 20;

  public static final int MIN_NONCE_BYTES = 16;
  public static final int MAX_NONCE_BYTES = 1024;

  private static final byte MAGIC_0 = 'K';
  private static final byte MAGIC_1 = 'R';
  private static final int VERSION = 2;
  private static final byte[] CONTEXT_LABEL =
      "trustbeat.key-release.v2".getBytes(StandardCharsets.US_ASCII);

  private KeyRelease() {}

  /** An opened release: the verified evidence kind and, per patient, keys and analysis policy. */
  public static final class Contents {
    private final String evidenceKind;
    private final Map<String, ReleasedPatient> patients;

    Contents(String evidenceKind, Map<String, ReleasedPatient> patients) {
      this.evidenceKind = evidenceKind;
      this.patients = Collections.unmodifiableMap(new TreeMap<>(patients));
    }

    /**
     * The evidence kind the key broker verified for this enclave (e.g. {@code SGX_DCAP}); the
     * enclave installs the release only if it equals its own, and labels results with it.
     */
    public String evidenceKind() {
      return evidenceKind;
    }

    /** Unmodifiable, in pseudonym order. */
    public Map<String, ReleasedPatient> patients() {
      return patients;
    }

    @Override
    public String toString() {
      return "KeyRelease.Contents{evidenceKind="
          + evidenceKind
          + ", patients="
          + patients.size()
          + "}";
    }
  }

  /**
   * Seals keys and policies to the enclave public key.
   *
   * @param enclavePublicKey {@link EnclaveKeyPair#publicKeyBytes()} of the attested enclave
   * @param nonce the release round's nonce, {@value #MIN_NONCE_BYTES}..{@value #MAX_NONCE_BYTES}
   *     bytes
   * @param verifiedEvidenceKind the kind of evidence the key broker verified, e.g. {@code SGX_DCAP}
   *     or {@code SIMULATION}
   * @throws GeneralSecurityException if the public key is not a single X25519 HPKE key of the
   *     expected parameters, the nonce is out of bounds, the evidence kind or a pseudonym is
   *     invalid, or no patient is given
   */
  public static byte[] seal(
      byte[] enclavePublicKey,
      byte[] nonce,
      String verifiedEvidenceKind,
      Map<String, ReleasedPatient> patients)
      throws GeneralSecurityException {
    TinkSetup.ensureRegistered();
    byte[] contextInfo = contextInfo(nonce);
    if (patients.isEmpty()) {
      throw new GeneralSecurityException("a key release needs at least one patient");
    }
    String kindProblem = TextRule.LABEL.problem(verifiedEvidenceKind);
    if (kindProblem != null) {
      throw new GeneralSecurityException(
          "evidence kind "
              + kindProblem
              + "; pass the verified"
              + " kind, e.g. SGX_DCAP or SIMULATION");
    }
    HybridEncrypt encrypt = enclaveEncrypt(enclavePublicKey);
    BinaryWriter w = ProtocolBytes.writer(64 + 300 * patients.size());
    w.u8(MAGIC_0).u8(MAGIC_1).u8(VERSION);
    w.prefixed(1, verifiedEvidenceKind.getBytes(StandardCharsets.US_ASCII));
    w.i32(patients.size());
    for (Map.Entry<String, ReleasedPatient> e : new TreeMap<>(patients).entrySet()) {
      String problem = TextRule.PSEUDONYM.problem(e.getKey());
      if (problem != null) {
        throw new GeneralSecurityException(
            "patient pseudonym " + problem + "; " + TextRule.PSEUDONYM.fix());
      }
      byte[] blob = PatientKeysFormat.insecureExportCleartext(e.getValue().keys());
      w.prefixed(1, e.getKey().getBytes(StandardCharsets.US_ASCII));
      e.getValue().policy().writeTo(w);
      w.prefixed(4, blob);
      Arrays.fill(blob, (byte) 0);
    }
    byte[] plaintext = w.toByteArray();
    try {
      return encrypt.encrypt(plaintext, contextInfo);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * Opens a release inside the enclave. Does not check who made it: use {@link
   * SignedKeyRelease#open}, which checks the key broker's signature first.
   *
   * @throws GeneralSecurityException if it was sealed to another key, for another nonce, or
   *     altered; {@link MalformedEnvelopeException} if it opens but its plaintext is malformed
   *     (HPKE does not authenticate the sender, so anyone with the public key can craft one). Never
   *     an unchecked exception for any input.
   */
  public static Contents open(EnclaveKeyPair enclave, byte[] nonce, byte[] sealed)
      throws GeneralSecurityException {
    TinkSetup.ensureRegistered();
    byte[] contextInfo = contextInfo(nonce);
    if (sealed.length > MAX_RELEASE_BYTES) {
      throw new MalformedEnvelopeException(
          Reason.TOO_LARGE,
          "keyRelease",
          0,
          "release is " + sealed.length + " bytes, over " + MAX_RELEASE_BYTES,
          "release fewer patients per round");
    }
    byte[] plaintext;
    try {
      plaintext = enclave.hybridDecrypt().decrypt(sealed, contextInfo);
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException(
          "key release does not open: sealed to another enclave key, for another nonce, or"
              + " altered; request a new release for this enclave and nonce",
          e);
    }
    try {
      return parse(plaintext);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /**
   * Only {@link MalformedEnvelopeException}: the plaintext may come from anyone with the public
   * key.
   */
  private static Contents parse(byte[] plaintext) throws MalformedEnvelopeException {
    BinaryReader<MalformedEnvelopeException> r = ProtocolBytes.reader(plaintext, "key release");
    ProtocolBytes.expectMagic(r, MAGIC_0, MAGIC_1, "keyRelease.magic");
    ProtocolBytes.expectVersion(r, VERSION, "keyRelease.version");
    String evidenceKind = ProtocolBytes.text(r, TextRule.LABEL, "keyRelease.evidenceKind");
    int at = r.position();
    int count = r.i32("keyRelease.count");
    // Each entry takes at least 18 bytes, which bounds a forged count by the real input size.
    if (count < 1 || count > r.remaining() / 18) {
      throw new MalformedEnvelopeException(
          Reason.INVALID_FIELD,
          "keyRelease.count",
          at,
          "patient count does not fit the release",
          "the broker must write one entry per counted patient");
    }
    Map<String, ReleasedPatient> out = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      at = r.position();
      String patient = ProtocolBytes.text(r, TextRule.PSEUDONYM, "keyRelease.patient");
      AnalysisPolicy policy = AnalysisPolicy.readFrom(r, "keyRelease.policy");
      int blobAt = r.position();
      byte[] blob = ProtocolBytes.lengthPrefixed(r, r.remaining(), "keyRelease.keys");
      try {
        PatientKeys keys;
        try {
          keys = PatientKeysFormat.insecureImportCleartext(blob);
        } catch (GeneralSecurityException e) {
          String what =
              e instanceof MalformedEnvelopeException
                  ? ((MalformedEnvelopeException) e).field()
                      + ", "
                      + ((MalformedEnvelopeException) e).reason()
                  : "unreadable";
          MalformedEnvelopeException m =
              new MalformedEnvelopeException(
                  Reason.INVALID_FIELD,
                  "keyRelease.keys",
                  blobAt,
                  "the keys of patient " + patient + " are malformed (" + what + ")",
                  "the broker must write PatientKeysFormat clear-text blobs");
          m.initCause(e);
          throw m;
        }
        if (out.put(patient, ReleasedPatient.of(keys, policy)) != null) {
          throw new MalformedEnvelopeException(
              Reason.INVALID_FIELD,
              "keyRelease.patient",
              at,
              "patient " + patient + " appears twice",
              "the broker must release each patient once");
        }
      } finally {
        Arrays.fill(blob, (byte) 0);
      }
    }
    r.expectEnd("keyRelease");
    return new Contents(evidenceKind, out);
  }

  private static byte[] contextInfo(byte[] nonce) throws GeneralSecurityException {
    if (nonce.length < MIN_NONCE_BYTES || nonce.length > MAX_NONCE_BYTES) {
      throw new GeneralSecurityException(
          "nonce is "
              + nonce.length
              + " bytes; use "
              + MIN_NONCE_BYTES
              + ".."
              + MAX_NONCE_BYTES
              + " fresh random bytes per release round");
    }
    byte[] info = Arrays.copyOf(CONTEXT_LABEL, CONTEXT_LABEL.length + 1 + nonce.length);
    System.arraycopy(nonce, 0, info, CONTEXT_LABEL.length + 1, nonce.length);
    return info;
  }

  private static HybridEncrypt enclaveEncrypt(byte[] publicKey) throws GeneralSecurityException {
    KeysetHandle handle;
    try {
      handle = TinkProtoKeysetFormat.parseKeysetWithoutSecret(publicKey);
    } catch (GeneralSecurityException e) {
      throw new GeneralSecurityException(
          "enclave public key is not a Tink public keyset; pass EnclaveKeyPair.publicKeyBytes()",
          e);
    }
    // Refuse any other suite: the host could otherwise substitute a weaker or foreign key type.
    if (handle.size() != 1
        || !handle
            .getPrimary()
            .getKey()
            .getParameters()
            .equals(TinkSetup.enclaveHpkeParameters())) {
      throw new GeneralSecurityException(
          "enclave public key must be one DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM key;"
              + " pass EnclaveKeyPair.publicKeyBytes() of the attested enclave");
    }
    return handle.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
  }
}
