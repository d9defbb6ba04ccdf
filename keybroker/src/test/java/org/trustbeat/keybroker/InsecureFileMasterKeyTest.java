package org.trustbeat.keybroker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsecureFileMasterKeyTest {
  @TempDir Path dir;

  @Test
  void createdKey_isOwnerOnly_andEncryptsAcrossLoads() throws Exception {
    Path file = dir.resolve("keys/master-key.json");
    InsecureFileMasterKey.create(file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    byte[] aad = "ad".getBytes(StandardCharsets.US_ASCII);
    byte[] ct = InsecureFileMasterKey.load(file).encrypt(new byte[] {7, 8}, aad);
    assertArrayEquals(new byte[] {7, 8}, InsecureFileMasterKey.load(file).decrypt(ct, aad));
  }

  @Test
  void create_refusesToOverwrite() throws Exception {
    Path file = dir.resolve("master-key.json");
    InsecureFileMasterKey.create(file);
    byte[] before = Files.readAllBytes(file);
    assertThrows(FileAlreadyExistsException.class, () -> InsecureFileMasterKey.create(file));
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void insecureReplace_makesOldCiphertextsUnreadable() throws Exception {
    Path file = dir.resolve("master-key.json");
    InsecureFileMasterKey.create(file);
    byte[] ct = InsecureFileMasterKey.load(file).encrypt(new byte[] {1}, new byte[0]);
    InsecureFileMasterKey.insecureReplace(file);
    Aead replaced = InsecureFileMasterKey.load(file);
    assertThrows(GeneralSecurityException.class, () -> replaced.decrypt(ct, new byte[0]));
  }

  @Test
  void missingFile_saysToRunKeysInit() {
    NoSuchFileException e =
        assertThrows(
            NoSuchFileException.class,
            () -> InsecureFileMasterKey.load(dir.resolve("master-key.json")));
    assertTrue(e.getMessage().contains("trustbeat keys init"), e.getMessage());
  }

  @Test
  void groupReadableFile_isRefused() throws Exception {
    Path file = dir.resolve("master-key.json");
    InsecureFileMasterKey.create(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> InsecureFileMasterKey.load(file));
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  /**
   * Another local user who may write the key directory replaces the master key file with one of
   * their own (the file itself is 0600, so the file check alone would pass): refused at load and
   * before a new key is written into such a directory.
   */
  @Test
  void keyDirectoryOtherUsersMayWrite_isRefused_namingChmod700() throws Exception {
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwx------"));
    Path file = keys.resolve("master-key.json");
    InsecureFileMasterKey.create(file);
    for (String mode : new String[] {"rwxrwxrwx", "rwxr-x---", "rwx---r-x"}) {
      Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString(mode));
      GeneralSecurityException e =
          assertThrows(GeneralSecurityException.class, () -> InsecureFileMasterKey.load(file));
      assertTrue(e.getMessage().contains("chmod 700 " + keys), e.getMessage());
      assertTrue(e.getMessage().contains(mode), e.getMessage());
    }
    Path other = keys.resolve("second.json");
    assertThrows(GeneralSecurityException.class, () -> InsecureFileMasterKey.create(other));
    assertFalse(Files.exists(other), "no key is written into a shared directory");
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwx------"));
    InsecureFileMasterKey.load(file);
  }

  @Test
  void garbage_isRefusedWithoutQuotingIt() throws Exception {
    Path file = dir.resolve("master-key.json");
    Files.writeString(file, "{\"secret-looking\": \"AAAA\"}");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> InsecureFileMasterKey.load(file));
    assertFalse(e.getMessage().contains("secret-looking"), e.getMessage());
    assertTrue(e.getMessage().contains("not a Tink AEAD keyset"), e.getMessage());
  }
}
