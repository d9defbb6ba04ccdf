package org.trustbeat.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.clinic.dashboard.DashboardConfig;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;

class DeploymentConfigTest {
  @TempDir Path dir;

  /** The configuration `trustbeat init` writes (a copy of one). */
  static String valid() throws IOException {
    try (InputStream in = DeploymentConfigTest.class.getResourceAsStream("valid.toml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("trustbeat.toml"), text);
  }

  /** {@link #valid()} with {@code added} on the lines after {@code anchor}. */
  private static String validWith(String anchor, String added) throws IOException {
    return valid().replace(anchor, anchor + "\n" + added);
  }

  private String error(String text) throws IOException {
    Path f = write(text);
    String m = assertThrows(ConfigException.class, () -> DeploymentConfig.load(f)).getMessage();
    assertFalse(m.contains("\n"), "one line: " + m);
    assertTrue(m.startsWith(f.toString()), "names the file: " + m);
    return m;
  }

  @Test
  void initsConfiguration_isReadWithPathsRelativeToTheFile() throws Exception {
    DeploymentConfig c = DeploymentConfig.load(write(valid()));
    assertEquals("ssl://127.0.0.1:18883", c.broker().url());
    assertEquals(dir.resolve("broker/tls/ca.crt"), c.broker().caCertificate().path());
    assertEquals(17788, c.keyBroker().url().getPort());
    assertTrue(c.keyBroker().allowSimulation());
    assertEquals(HostKind.SEALED_PROCESS, c.job().mode());
    assertEquals(HrvJob.HRV, c.job().analysis());
    assertEquals(60, c.job().windowSeconds());
    assertEquals("local[*]", c.spark().master());
    assertEquals(dir.resolve("host/landing"), c.storage().landing());
    assertTrue(c.patients().testPatients());
  }

  @Test
  void missingKey_namesFileTableKeyAndWhatToAdd() throws Exception {
    String m = error(valid().replace("url = \"ssl://127.0.0.1:18883\"\n", ""));
    assertTrue(
        m.contains("[broker] url: missing; add url = \"ssl://127.0.0.1:8883\" under [broker]"), m);
  }

  @Test
  void wrongType_namesTheKeyAndAnExample() throws Exception {
    String m = error(valid().replace("window_seconds = 60", "window_seconds = \"sixty\""));
    assertTrue(
        m.contains("[job] window_seconds: must be a whole number; write e.g. window_seconds = 300"),
        m);
  }

  @Test
  void unknownKey_isAnError_notIgnored() throws Exception {
    String m =
        error(valid().replace("trigger_seconds = 5", "trigger_seconds = 5\ntriger_seconds = 2"));
    assertTrue(m.contains("[spark] triger_seconds: unknown key; remove or correct it"), m);
    assertTrue(m.contains("trigger_seconds"), "lists the keys the table takes: " + m);
  }

  @Test
  void unknownTable_isAnError() throws Exception {
    String m = error(valid() + "\n[dashbord]\nport = 1\n");
    assertTrue(m.contains("[dashbord]: unknown table"), m);
  }

  @Test
  void otherVersion_isRefusedNamingTheVersionThisBuildReads() throws Exception {
    String m = error(valid().replace("version = 1", "version = 2"));
    assertTrue(m.contains("version: is 2, this trustbeat reads version 1"), m);
    assertTrue(error(valid().replace("version = 1\n", "")).contains("version: missing"));
  }

  @Test
  void badValues_nameTheFix() throws Exception {
    assertTrue(
        error(valid().replace("mode = \"sealed-process\"", "mode = \"plain\""))
            .contains("[job] mode: plain sends clear data"));
    assertTrue(
        error(valid().replace("ssl://127.0.0.1:18883", "tcp://127.0.0.1:18883"))
            .contains("[broker] url: is \"tcp://127.0.0.1:18883\"; write ssl://HOST:PORT"));
    assertTrue(
        error(valid().replace("master = \"local[*]\"", "master = \"yarn\""))
            .contains("[spark] master: is \"yarn\"; write local[*] or spark://HOST:7077"));
    assertTrue(
        error(valid().replace("window_seconds = 60", "window_seconds = 5"))
            .contains("[job] window_seconds: is 5, outside 30..86400"));
  }

  @Test
  void closeSpreadAndStateMemory_areOptional_andReadWhenGiven() throws Exception {
    DeploymentConfig absent =
        DeploymentConfig.load(
            write(
                valid()
                    .replaceAll("(?m)^\\s*#?\\s*close_spread_seconds.*\n", "")
                    .replaceAll("(?m)^state_memory_mb.*\n", "")));
    assertEquals(-1, absent.spark().closeSpreadSeconds(), "absent: the job's own default");
    assertEquals(2048, absent.spark().stateMemoryMb());
    DeploymentConfig given =
        DeploymentConfig.load(
            write(
                validWith(
                    "trigger_seconds = 5", "close_spread_seconds = 120\nstate_memory_mb = 4096")));
    assertEquals(120, given.spark().closeSpreadSeconds());
    assertEquals(4096, given.spark().stateMemoryMb());
    assertTrue(
        error(validWith("trigger_seconds = 5", "state_memory_mb = 8"))
            .contains("[spark] state_memory_mb: is 8, outside 64..1048576"));
  }

  @Test
  void enclaveHeap_defaultsTo1024_andIsReadWhenGiven() throws Exception {
    DeploymentConfig absent =
        DeploymentConfig.load(write(valid().replaceAll("(?m)^enclave_heap_mb.*\n", "")));
    assertEquals(1024, absent.job().enclaveHeapMb());
    DeploymentConfig given =
        DeploymentConfig.load(write(validWith("window_seconds = 60", "enclave_heap_mb = 3072")));
    assertEquals(3072, given.job().enclaveHeapMb());
    assertTrue(
        error(validWith("window_seconds = 60", "enclave_heap_mb = 16"))
            .contains("[job] enclave_heap_mb: is 16, outside 64..1048576"));
  }

  @Test
  void invalidToml_givesTheLine() throws Exception {
    String m = error(valid().replace("[spark]", "[spark"));
    assertTrue(m.contains("not valid TOML at line"), m);
  }

  @Test
  void missingFile_saysHowToMakeOne() {
    Path f = dir.resolve("nope.toml");
    String m = assertThrows(ConfigException.class, () -> DeploymentConfig.load(f)).getMessage();
    assertTrue(m.contains("no such file") && m.contains("trustbeat init"), m);
  }

  @Test
  void secretFile_readableByOthers_isRefusedNamingTheChmod() throws Exception {
    DeploymentConfig c = DeploymentConfig.load(write(valid()));
    Path pw = c.server().ingestPasswordFile().path();
    Files.createDirectories(pw.getParent());
    Files.writeString(pw, "pw-7Qx9zK\n");
    Files.setPosixFilePermissions(
        pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    String m =
        assertThrows(ConfigException.class, () -> c.server().ingestPasswordFile().password())
            .getMessage();
    assertTrue(m.contains("[server] ingest_password_file") && m.contains("chmod 600"), m);
    assertFalse(m.contains("pw-7Qx9zK"), "never quotes the password: " + m);
  }

  @Test
  void clinicTables_areRead_withTheSqliteStoreRelativeToTheFile() throws Exception {
    DeploymentConfig c = DeploymentConfig.load(write(valid()));
    StoreSection store = c.store().orElseThrow();
    assertEquals("jdbc:sqlite:" + dir.resolve("clinic/results.db"), store.url());
    assertEquals(dir.resolve("clinic/results.db"), store.sqliteFile());
    assertEquals("jdbc:sqlite:" + dir.resolve("clinic/results.db"), store.location().url());
    DashboardConfig dashboard = c.dashboard().orElseThrow().settings();
    assertEquals(8480, dashboard.port());
    assertTrue(dashboard.bind().isLoopbackAddress());
    assertTrue(dashboard.passwordHash().matches("test dashboard password".toCharArray()));
    assertEquals(120.0, c.alerts().hrAbove());
    assertEquals(3, c.alerts().hrWindows());
    assertEquals(Duration.ofMinutes(15), c.alerts().silentAfter());
  }

  @Test
  void clinicTables_areOptional_andWithoutAlertsOnlyTheIntegrityRulesAreOn() throws Exception {
    String v = valid();
    DeploymentConfig c = DeploymentConfig.load(write(v.substring(0, v.indexOf("[store]"))));
    assertTrue(c.store().isEmpty() && c.dashboard().isEmpty());
    assertTrue(c.alerts().integrity());
    assertEquals(null, c.alerts().hrAbove());
  }

  @Test
  void clinicTables_unknownKeysAndBadValues_areErrorsNamingTheFileAndTheFix() throws Exception {
    assertTrue(
        error(valid().replace("sdnn_below_ms = 20", "sdnn_below = 20"))
            .contains("unknown key [sdnn_below] in [alerts]"));
    assertTrue(
        error(valid().replace("hr_windows = 3", "hr_windows = 0"))
            .contains("[alerts] hr_windows must be 1..1000"));
    assertTrue(
        error(valid().replace("bind = \"127.0.0.1\"", "bind = \"0.0.0.0\""))
            .contains("[dashboard] bind '0.0.0.0' is not a loopback address"));
    assertTrue(
        error(valid().replace("password_hash = \"pbkdf2", "password_hash = \"md5"))
            .contains("[dashboard] password_hash"));
    assertTrue(
        error(valid().replace("jdbc:sqlite:clinic/results.db", "jdbc:mysql://db/x"))
            .contains(
                "[store] url: store url 'jdbc:mysql://db/x' is neither SQLite nor PostgreSQL"));
    assertTrue(
        error(
                valid()
                    .replace(
                        "url = \"jdbc:sqlite:clinic/results.db\"",
                        "url = \"jdbc:sqlite:clinic/results.db\"\npasword_file = \"x\""))
            .contains("[store] pasword_file: unknown key"));
  }

  @Test
  void storePasswordFile_isOnlyReadWhenTheStoreIsOpened_andMustBeOwnerOnly() throws Exception {
    DeploymentConfig c =
        DeploymentConfig.load(
            write(
                valid()
                    .replace(
                        "url = \"jdbc:sqlite:clinic/results.db\"",
                        "url = \"jdbc:postgresql://127.0.0.1:5432/tb\""
                            + "\nuser = \"tb\"\npassword_file = \"clinic/db.password\"")));
    StoreSection store = c.store().orElseThrow();
    String missing = assertThrows(ConfigException.class, store::location).getMessage();
    assertTrue(
        missing.contains("[store] password_file") && missing.contains("does not exist"), missing);
    Path pw = dir.resolve("clinic/db.password");
    Files.createDirectories(pw.getParent());
    Files.writeString(pw, "db-pw-4Kq\n");
    Files.setPosixFilePermissions(
        pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertEquals("jdbc:postgresql://127.0.0.1:5432/tb", store.location().url());
    assertTrue(store.location().toString().contains("password set"));
    assertFalse(store.location().toString().contains("db-pw-4Kq"));
    assertEquals(null, store.sqliteFile());
  }
}
