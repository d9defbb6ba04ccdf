package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.clinic.dashboard.PasswordHash;

class DashboardCommandTest {
  @TempDir Path dir;

  /** Runs {@code trustbeat dashboard --config F} with {@code toml} as F. */
  private CommandRun withConfig(String toml) throws Exception {
    Path cfg = dir.resolve("clinic.toml");
    Files.writeString(cfg, toml);
    return CommandRun.run("dashboard", "--config", cfg.toString());
  }

  private static String hashLine() {
    return "password_hash = \"" + PasswordHash.create("0123456789ab".toCharArray()).toText()
        + "\"\n";
  }

  @Test
  void hashPassword_printsAConfigLineThatMatchesThePassword() throws Exception {
    Path pw = dir.resolve("pw");
    Files.writeString(pw, "a long clinic password\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
    CommandRun r = CommandRun.run("dashboard", "--hash-password", "--password-file", pw.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("password_hash = \"pbkdf2-sha256:600000:"), r.out());
    assertFalse(r.out().contains("a long clinic password"));
    String text = r.out().strip().replaceAll("^password_hash = \"(.*)\"$", "$1");
    assertTrue(PasswordHash.parse(text).matches("a long clinic password".toCharArray()));
    assertFalse(PasswordHash.parse(text).matches("another password".toCharArray()));
  }

  @Test
  void missingConfig_isAUsageErrorNamingTheOption() {
    CommandRun r = CommandRun.run("dashboard");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--config FILE is missing"), r.err());
  }

  @Test
  void configWithoutPasswordHash_isAUsageErrorSayingHowToMakeOne() throws Exception {
    CommandRun r = withConfig("[dashboard]\nport = 8480\n");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("password_hash is missing; make one with 'trustbeat dashboard"
        + " --hash-password'"), r.err());
  }

  @Test
  void misspeltAlertKey_isAUsageError_notASilentlyDisabledRule() throws Exception {
    CommandRun r = withConfig("[dashboard]\npassword_hash = \"x\"\n[alerts]\nsdnn_below = 20\n");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("password_hash is not a pbkdf2-sha256 hash"), r.err());
    r = withConfig("[dashboard]\n" + hashLine() + "[alerts]\nsdnn_below = 20\n");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("unknown key [sdnn_below] in [alerts]"), r.err());
    assertFalse(r.err().contains("\tat "), "a stack trace reached the user");
  }

  @Test
  void nonLoopbackBind_isRefused() throws Exception {
    CommandRun r = withConfig("[dashboard]\nbind = \"0.0.0.0\"\n" + hashLine());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("is not a loopback address"), r.err());
  }
}
