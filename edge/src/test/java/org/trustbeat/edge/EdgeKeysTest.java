package org.trustbeat.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.PatientKeysFormat;

class EdgeKeysTest {
  @TempDir Path dir;

  @Test
  void exportedKeys_loadAndOpenWhatTheOriginalSealed() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    Path f = dir.resolve("p001.keys");
    Files.write(f, PatientKeysFormat.insecureExportCleartext(keys));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    PatientKeys loaded = EdgeKeys.load(f);
    assertEquals(keys.dataPrimaryKeyId(), loaded.dataPrimaryKeyId());
    byte[] ct = keys.resultAead().encrypt(new byte[] {1, 2}, new byte[0]);
    assertEquals(2, loaded.resultAead().decrypt(ct, new byte[0]).length);
  }

  @Test
  void missingFile_saysHowToGetOne() {
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> EdgeKeys.load(dir.resolve("none")));
    assertTrue(e.getMessage().contains("export"));
  }

  @Test
  void otherFile_isRejectedNamingIt() throws Exception {
    Path f = dir.resolve("junk");
    Files.write(f, new byte[] {'T', 'K', 1, 1, 0});
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> EdgeKeys.load(f));
    assertTrue(e.getMessage().contains(f.toString()));
  }

  /** Another local user reads the patient's keys from a file left readable (umask 022). */
  @Test
  void keyFileOtherUsersMayRead_isRefused_namingChmod600() throws Exception {
    Path f = dir.resolve("p001.keys");
    Files.write(f, PatientKeysFormat.insecureExportCleartext(PatientKeys.generate()));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> EdgeKeys.load(f));
    assertTrue(e.getMessage().contains("chmod 600 " + f), e.getMessage());
  }

  /**
   * Another local user swaps the patient's key file for one holding keys of their own (the
   * directory lets them): the gateway would seal the patient's samples for them.
   */
  @Test
  void keyFileInADirectoryOtherUsersMayWrite_isRefused_namingTheFix() throws Exception {
    Path shared = Files.createDirectories(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path f = shared.resolve("p001.keys");
    Files.write(f, PatientKeysFormat.insecureExportCleartext(PatientKeys.generate()));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> EdgeKeys.load(f));
    assertTrue(e.getMessage().contains("chmod go-w " + shared), e.getMessage());
  }
}
