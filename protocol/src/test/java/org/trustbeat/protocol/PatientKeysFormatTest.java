package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PatientKeysFormatTest {
  private static PatientKeys keys;
  private static Aead master;
  private static Aead otherMaster;

  @BeforeAll
  static void generate() throws Exception {
    keys = PatientKeys.generate().rotate();
    // Any AEAD can be the master; a patient key's AEAD is a convenient one for tests.
    master = PatientKeys.generate().dataAead();
    otherMaster = PatientKeys.generate().dataAead();
  }

  private static void assertSameKeys(PatientKeys expected, PatientKeys actual) {
    assertTrue(expected.dataKeyset().equalsKeyset(actual.dataKeyset()));
    assertTrue(expected.resultKeyset().equalsKeyset(actual.resultKeyset()));
  }

  @Test
  void encryptedExportThenImport_keepsAllKeys() throws Exception {
    byte[] stored = PatientKeysFormat.serializeEncrypted("alice", keys, master);
    assertSameKeys(keys, PatientKeysFormat.parseEncrypted("alice", stored, master));
  }

  @Test
  void encryptedBlob_containsNoKeyMaterial() throws Exception {
    byte[] stored = PatientKeysFormat.serializeEncrypted("alice", keys, master);
    String asText = new String(stored, StandardCharsets.ISO_8859_1);
    for (int i = 0; i < keys.dataKeyset().size(); i++) {
      byte[] raw =
          ((com.google.crypto.tink.aead.AesGcmKey) keys.dataKeyset().getAt(i).getKey())
              .getKeyBytes()
              .toByteArray(com.google.crypto.tink.InsecureSecretKeyAccess.get());
      assertTrue(!asText.contains(new String(raw, StandardCharsets.ISO_8859_1)));
    }
  }

  @Test
  void wrongMasterKey_fails_withoutLeakingKeys() throws Exception {
    byte[] stored = PatientKeysFormat.serializeEncrypted("alice", keys, master);
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class,
            () -> PatientKeysFormat.parseEncrypted("alice", stored, otherMaster));
    assertTrue(e.getMessage().contains("wrong master key"));
    Fixtures.assertLeaksNothing(e, Fixtures.keyMaterial(keys));
  }

  @Test
  void blobOfAnotherPatient_fails() throws Exception {
    byte[] stored = PatientKeysFormat.serializeEncrypted("alice", keys, master);
    assertThrows(
        GeneralSecurityException.class,
        () -> PatientKeysFormat.parseEncrypted("bob", stored, master));
  }

  @Test
  void cleartextExportThenImport_keepsAllKeys() throws Exception {
    byte[] exported = PatientKeysFormat.insecureExportCleartext(keys);
    assertSameKeys(keys, PatientKeysFormat.insecureImportCleartext(exported));
  }

  @Test
  void kindsAreNotInterchangeable() throws Exception {
    byte[] clear = PatientKeysFormat.insecureExportCleartext(keys);
    byte[] encrypted = PatientKeysFormat.serializeEncrypted("alice", keys, master);
    MalformedEnvelopeException e =
        assertThrows(
            MalformedEnvelopeException.class,
            () -> PatientKeysFormat.parseEncrypted("alice", clear, master));
    assertEquals("keys.kind", e.field());
    assertThrows(
        MalformedEnvelopeException.class,
        () -> PatientKeysFormat.insecureImportCleartext(encrypted));
  }

  @Test
  void everyTruncation_isMalformed() throws Exception {
    byte[] stored = PatientKeysFormat.serializeEncrypted("alice", keys, master);
    for (int len = 0; len < stored.length; len++) {
      byte[] cut = Arrays.copyOf(stored, len);
      assertThrows(
          MalformedEnvelopeException.class,
          () -> PatientKeysFormat.parseEncrypted("alice", cut, master));
    }
  }

  @Test
  void invalidPatient_isRejected() {
    assertThrows(
        GeneralSecurityException.class,
        () -> PatientKeysFormat.serializeEncrypted("a/b", keys, master));
  }
}
