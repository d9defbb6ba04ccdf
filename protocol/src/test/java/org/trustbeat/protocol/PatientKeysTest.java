package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

class PatientKeysTest {
  private static final byte[] AD = {1, 2, 3};

  @Test
  void generate_makesSeparateDataAndResultKeys() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    assertNotEquals(keys.dataPrimaryKeyId(), keys.resultPrimaryKeyId());
    byte[] ciphertext = keys.dataAead().encrypt(new byte[] {42}, AD);
    assertThrows(GeneralSecurityException.class, () -> keys.resultAead().decrypt(ciphertext, AD));
  }

  @Test
  void rotate_addsANewPrimary_andKeepsOpeningOldCiphertexts() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    byte[] oldData = keys.dataAead().encrypt(new byte[] {1}, AD);
    byte[] oldResult = keys.resultAead().encrypt(new byte[] {2}, AD);
    PatientKeys rotated = keys.rotate();
    assertEquals(2, rotated.dataKeyset().size());
    assertEquals(2, rotated.resultKeyset().size());
    assertNotEquals(keys.dataPrimaryKeyId(), rotated.dataPrimaryKeyId());
    assertNotEquals(keys.resultPrimaryKeyId(), rotated.resultPrimaryKeyId());
    assertArrayEquals(new byte[] {1}, rotated.dataAead().decrypt(oldData, AD));
    assertArrayEquals(new byte[] {2}, rotated.resultAead().decrypt(oldResult, AD));
    assertEquals(1, keys.dataKeyset().size(), "the original value is unchanged");
  }

  @Test
  void rotateData_leavesResultKeysAlone_andViceVersa() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    PatientKeys data = keys.rotateData();
    assertEquals(keys.resultPrimaryKeyId(), data.resultPrimaryKeyId());
    assertNotEquals(keys.dataPrimaryKeyId(), data.dataPrimaryKeyId());
    PatientKeys result = keys.rotateResult();
    assertEquals(keys.dataPrimaryKeyId(), result.dataPrimaryKeyId());
    assertNotEquals(keys.resultPrimaryKeyId(), result.resultPrimaryKeyId());
  }

  @Test
  void of_refusesTheSameKeysetForBothRoles() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class,
            () -> PatientKeys.of(keys.dataKeyset(), keys.dataKeyset()));
    assertTrue(e.getMessage().contains("separate"));
  }

  @Test
  void toString_showsCountsAndIds_neverKeyMaterial() throws Exception {
    PatientKeys keys = PatientKeys.generate().rotate();
    String text = keys.toString();
    assertTrue(text.startsWith("PatientKeys{dataKeys=2"), text);
    Fixtures.assertLeaksNothing(text, Fixtures.keyMaterial(keys));
  }
}
