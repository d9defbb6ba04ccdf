package org.trustbeat.protocol;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;
import org.trustbeat.protocol.internal.ProtocolBytes;
import org.trustbeat.protocol.internal.TextRule;
import org.trustbeat.protocol.internal.TinkSetup;

/**
 * Byte form of {@link PatientKeys}, for the key store and for key export.
 *
 * <p>Layout, big-endian: {@code 'T' 'K'} magic (2), format version = 1 (1), kind (1: 1 = encrypted
 * under a master AEAD, 2 = clear text), data keyset (4-byte length, then bytes), result keyset
 * (4-byte length, then bytes). Each keyset is Tink's protobuf keyset format, encrypted with {@link
 * TinkProtoKeysetFormat#serializeEncryptedKeyset} for kind 1.
 *
 * <h2>Security guarantees</h2>
 *
 * Kind 1: each keyset is encrypted under the master AEAD with associated data naming the role (data
 * or result) and the patient, so a stored blob cannot be swapped between patients or roles without
 * detection. Kind 2 holds raw key material; it is produced only by the methods named {@code
 * insecure...} so that every use can be found by searching for "Insecure", and should only leave
 * memory inside another encryption (the HPKE key release) or onto a patient's own device.
 */
public final class PatientKeysFormat {
  private static final byte MAGIC_0 = 'T';
  private static final byte MAGIC_1 = 'K';
  private static final int VERSION = 1;
  private static final int KIND_ENCRYPTED = 1;
  private static final int KIND_CLEARTEXT = 2;

  /** Thousands of rotations fit; the bound only stops forged lengths. */
  private static final int MAX_KEYSET_BYTES = 1 << 20;

  /** Magic, version and kind come before the two length-prefixed keysets. */
  private static final int KEYSETS_OFFSET = 4;

  private PatientKeysFormat() {}

  /** Encrypts both keysets under {@code master}, bound to {@code patient}. */
  public static byte[] serializeEncrypted(String patient, PatientKeys keys, Aead master)
      throws GeneralSecurityException {
    TinkSetup.ensureRegistered();
    checkPatient(patient);
    return write(
        KIND_ENCRYPTED,
        TinkProtoKeysetFormat.serializeEncryptedKeyset(
            keys.dataKeyset(), master, associatedData("data", patient)),
        TinkProtoKeysetFormat.serializeEncryptedKeyset(
            keys.resultKeyset(), master, associatedData("result", patient)));
  }

  /**
   * Decrypts keys written by {@link #serializeEncrypted} for the same patient.
   *
   * @throws GeneralSecurityException if the master key is wrong, the blob belongs to another
   *     patient, or it was altered
   */
  public static PatientKeys parseEncrypted(String patient, byte[] bytes, Aead master)
      throws GeneralSecurityException {
    TinkSetup.ensureRegistered();
    checkPatient(patient);
    byte[][] blobs = read(bytes, KIND_ENCRYPTED);
    try {
      return PatientKeys.of(
          TinkProtoKeysetFormat.parseEncryptedKeyset(
              blobs[0], master, associatedData("data", patient)),
          TinkProtoKeysetFormat.parseEncryptedKeyset(
              blobs[1], master, associatedData("result", patient)));
    } catch (GeneralSecurityException | RuntimeException e) {
      // Tink reports some keyset defects unchecked; hostile or damaged files must stay checked.
      throw new GeneralSecurityException(
          "cannot decrypt the stored keys of patient "
              + patient
              + ": wrong master key, keys stored for another patient, or the file was altered",
          e);
    }
  }

  /** Raw key material of both keysets. See the class comment before using. */
  public static byte[] insecureExportCleartext(PatientKeys keys) throws GeneralSecurityException {
    TinkSetup.ensureRegistered();
    return write(
        KIND_CLEARTEXT,
        TinkProtoKeysetFormat.serializeKeyset(keys.dataKeyset(), InsecureSecretKeyAccess.get()),
        TinkProtoKeysetFormat.serializeKeyset(keys.resultKeyset(), InsecureSecretKeyAccess.get()));
  }

  /**
   * Reads {@link #insecureExportCleartext} output.
   *
   * @throws MalformedEnvelopeException for any bytes that are not two valid, distinct Tink AEAD
   *     keysets in this layout; never an unchecked exception
   * @throws GeneralSecurityException only if Tink cannot be registered
   */
  public static PatientKeys insecureImportCleartext(byte[] bytes) throws GeneralSecurityException {
    TinkSetup.ensureRegistered();
    byte[][] blobs = read(bytes, KIND_CLEARTEXT);
    try {
      return PatientKeys.of(
          TinkProtoKeysetFormat.parseKeyset(blobs[0], InsecureSecretKeyAccess.get()),
          TinkProtoKeysetFormat.parseKeyset(blobs[1], InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException | RuntimeException e) {
      // Tink throws IllegalStateException/IllegalArgumentException for some crafted keysets.
      MalformedEnvelopeException m =
          new MalformedEnvelopeException(
              Reason.INVALID_FIELD,
              "keys.data",
              KEYSETS_OFFSET,
              "the keysets are not two valid, distinct Tink AEAD keysets",
              "re-export the keys with insecureExportCleartext");
      m.initCause(e);
      throw m;
    }
  }

  private static byte[] write(int kind, byte[] data, byte[] result) {
    BinaryWriter w = ProtocolBytes.writer(12 + data.length + result.length);
    w.u8(MAGIC_0).u8(MAGIC_1).u8(VERSION).u8(kind);
    return w.prefixed(4, data).prefixed(4, result).toByteArray();
  }

  private static byte[][] read(byte[] bytes, int expectedKind) throws MalformedEnvelopeException {
    BinaryReader<MalformedEnvelopeException> r = ProtocolBytes.reader(bytes, "patient key blob");
    ProtocolBytes.expectMagic(r, MAGIC_0, MAGIC_1, "keys.magic");
    ProtocolBytes.expectVersion(r, VERSION, "keys.version");
    int at = r.position();
    int kind = r.u8("keys.kind");
    if (kind != expectedKind) {
      throw new MalformedEnvelopeException(
          Reason.INVALID_FIELD,
          "keys.kind",
          at,
          "blob is " + kindName(kind) + " but " + kindName(expectedKind) + " was expected",
          "use parseEncrypted for key-store files and insecureImportCleartext for exports");
    }
    byte[] data = ProtocolBytes.lengthPrefixed(r, MAX_KEYSET_BYTES, "keys.data");
    byte[] result = ProtocolBytes.lengthPrefixed(r, MAX_KEYSET_BYTES, "keys.result");
    r.expectEnd("keys");
    return new byte[][] {data, result};
  }

  private static String kindName(int kind) {
    return kind == KIND_ENCRYPTED
        ? "encrypted"
        : kind == KIND_CLEARTEXT ? "clear text" : "of unknown kind " + kind;
  }

  private static void checkPatient(String patient) throws GeneralSecurityException {
    String problem = TextRule.PSEUDONYM.problem(patient);
    if (problem != null) {
      throw new GeneralSecurityException(
          "patient pseudonym " + problem + "; " + TextRule.PSEUDONYM.fix());
    }
  }

  private static byte[] associatedData(String role, String patient) {
    return ("trustbeat.patient-keys.v1/" + role + "/" + patient)
        .getBytes(StandardCharsets.US_ASCII);
  }
}
