package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustbeat.app.CommandRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KeysCommandTest {
  @TempDir Path dir;

  @Test
  void init_createsOwnerOnlyMasterKey_andSaysWhereItBelongsInProduction() throws Exception {
    Path keys = dir.resolve("keys");
    CommandRun r = run("keys", "init", "--dir", keys.toString());
    assertEquals(0, r.code(), r.err());
    Path master = keys.resolve("master-key.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(master)));
    assertTrue(Files.isDirectory(keys.resolve("patients")));
    assertTrue(r.out().contains(master.toString()), r.out());
    assertTrue(r.err().contains("KMS or HSM"), r.err());
  }

  /**
   * Finding 11: a key directory made with the usual umask (0755) lets every local user list the
   * patients, and a group-writable one lets them swap the master key: refused before any key is
   * written, and every later use of the store is refused too, naming chmod 700.
   */
  @Test
  void keyDirectoryOtherUsersMayUse_isRefused_byInitAndByEveryLaterCommand() throws Exception {
    Path shared = Files.createDirectories(dir.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
    CommandRun r = run("keys", "init", "--dir", shared.toString());
    assertEquals(1, r.code(), r.out());
    assertTrue(r.err().contains("chmod 700 " + shared), r.err());
    assertFalse(Files.exists(shared.resolve("master-key.json")), "no key written into it");

    Path keys = dir.resolve("keys");
    assertEquals(0, run("keys", "init", "--dir", keys.toString()).code());
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwxrwx---"));
    CommandRun add = run("patients", "add", "p-1", "--dir", keys.toString());
    assertEquals(1, add.code(), add.out());
    assertTrue(add.err().contains("chmod 700 " + keys), add.err());
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(
        keys.resolve("patients"), PosixFilePermissions.fromString("rwxr-xr-x"));
    CommandRun list = run("patients", "list", "--dir", keys.toString());
    assertEquals(1, list.code(), list.out());
    assertTrue(list.err().contains("chmod 700 " + keys.resolve("patients")), list.err());
  }

  @Test
  void init_refusesToOverwriteAnExistingStore() throws Exception {
    Path keys = dir.resolve("keys");
    assertEquals(0, run("keys", "init", "--dir", keys.toString()).code());
    byte[] before = Files.readAllBytes(keys.resolve("master-key.json"));
    CommandRun again = run("keys", "init", "--dir", keys.toString());
    assertEquals(1, again.code());
    assertTrue(again.err().contains("--force"), again.err());
    assertArrayEquals(before, Files.readAllBytes(keys.resolve("master-key.json")));
  }

  @Test
  void initForce_replacesTheMasterKey_andDestroysTheOldPatientKeys() throws Exception {
    Path keys = dir.resolve("keys");
    run("keys", "init", "--dir", keys.toString());
    assertEquals(0, run("patients", "add", "p-1", "--dir", keys.toString()).code());
    byte[] before = Files.readAllBytes(keys.resolve("master-key.json"));
    CommandRun r = run("keys", "init", "--force", "--dir", keys.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("destroyed the keys of 1 patient"), r.out());
    assertFalse(
        java.util.Arrays.equals(before, Files.readAllBytes(keys.resolve("master-key.json"))));
    assertFalse(Files.exists(keys.resolve("patients/p-1.keys")));
  }

  @Test
  void keysWithoutSubcommand_orUnknownOption_isAUsageError() {
    assertEquals(CommandLine.ExitCode.USAGE, run("keys").code());
    assertEquals(CommandLine.ExitCode.USAGE, run("keys", "init", "--bogus").code());
  }
}
