package org.trustbeat.protocol;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;
import java.util.Objects;
import org.trustbeat.protocol.internal.TinkSetup;

/**
 * One patient's two AEAD keysets: the data keyset seals chunks on the patient side and opens them
 * in the enclave; the result keyset seals results in the enclave and opens them on the patient
 * side. Immutable: {@link #rotate()} returns a new value.
 *
 * <h2>Security guarantees</h2>
 *
 * Keys are AES-256-GCM with the Tink output prefix, so a keyset keeps opening everything sealed
 * under its older keys after rotation, and each ciphertext names the key that sealed it. Keeping
 * data and result keys apart means a party that may read results never holds the key to raw
 * samples. {@link #toString()} prints key counts and ids, never key material; key ids are not
 * secret (they appear in every chunk header).
 */
public final class PatientKeys {
  private final KeysetHandle dataKeyset;
  private final KeysetHandle resultKeyset;
  private final Aead dataAead;
  private final Aead resultAead;

  private PatientKeys(KeysetHandle dataKeyset, KeysetHandle resultKeyset)
      throws GeneralSecurityException {
    this.dataKeyset = dataKeyset;
    this.resultKeyset = resultKeyset;
    this.dataAead = aead(dataKeyset, "data");
    this.resultAead = aead(resultKeyset, "result");
  }

  /**
   * Tink reports some defects of a parsed keyset (no valid primary) unchecked; keep them checked.
   */
  private static Aead aead(KeysetHandle keyset, String role) throws GeneralSecurityException {
    try {
      return TinkSetup.aeadWithKeyIdPrefix(keyset, role);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new GeneralSecurityException(
          "the "
              + role
              + " keyset is not a usable AEAD keyset ("
              + e.getClass().getSimpleName()
              + "); generate keys with PatientKeys.generate()",
          e);
    }
  }

  /** Fresh, independent AES256_GCM data and result keysets with one key each. */
  public static PatientKeys generate() throws GeneralSecurityException {
    TinkSetup.ensureRegistered();
    return new PatientKeys(
        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
  }

  /**
   * Wraps existing keysets, e.g. ones read from a key store.
   *
   * @throws GeneralSecurityException if either is not a Tink-prefixed AEAD keyset, or both are the
   *     same keyset
   */
  public static PatientKeys of(KeysetHandle dataKeyset, KeysetHandle resultKeyset)
      throws GeneralSecurityException {
    Objects.requireNonNull(dataKeyset, "dataKeyset");
    Objects.requireNonNull(resultKeyset, "resultKeyset");
    if (dataKeyset.equalsKeyset(resultKeyset)) {
      throw new GeneralSecurityException(
          "data and result keysets are the same keys; generate separate keysets for each role");
    }
    return new PatientKeys(dataKeyset, resultKeyset);
  }

  public KeysetHandle dataKeyset() {
    return dataKeyset;
  }

  public KeysetHandle resultKeyset() {
    return resultKeyset;
  }

  /** AEAD over all data keys: encrypts with the primary, decrypts with any. */
  public Aead dataAead() {
    return dataAead;
  }

  /** AEAD over all result keys: encrypts with the primary, decrypts with any. */
  public Aead resultAead() {
    return resultAead;
  }

  public int dataPrimaryKeyId() {
    return dataKeyset.getPrimary().getId();
  }

  public int resultPrimaryKeyId() {
    return resultKeyset.getPrimary().getId();
  }

  /** Adds a new primary key to both keysets; older keys stay to open older ciphertexts. */
  public PatientKeys rotate() throws GeneralSecurityException {
    return new PatientKeys(addPrimary(dataKeyset), addPrimary(resultKeyset));
  }

  /** Adds a new primary key to the data keyset only. */
  public PatientKeys rotateData() throws GeneralSecurityException {
    return new PatientKeys(addPrimary(dataKeyset), resultKeyset);
  }

  /** Adds a new primary key to the result keyset only. */
  public PatientKeys rotateResult() throws GeneralSecurityException {
    return new PatientKeys(dataKeyset, addPrimary(resultKeyset));
  }

  private static KeysetHandle addPrimary(KeysetHandle keyset) throws GeneralSecurityException {
    return KeysetHandle.newBuilder(keyset)
        .addEntry(
            KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                .withRandomId()
                .makePrimary())
        .build();
  }

  @Override
  public String toString() {
    return "PatientKeys{dataKeys="
        + dataKeyset.size()
        + ", dataPrimaryKeyId="
        + Integer.toUnsignedString(dataPrimaryKeyId())
        + ", resultKeys="
        + resultKeyset.size()
        + ", resultPrimaryKeyId="
        + Integer.toUnsignedString(resultPrimaryKeyId())
        + "}";
  }
}
