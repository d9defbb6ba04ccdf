package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad configuration and unreachable or refusing services give one line naming the fix and a
 * non-zero exit, never a stack trace, for every deployment command.
 */
class DeploymentCommandTest {
  /** One deployment made once; each test changes a copy of it. */
  @TempDir static Path pristineDir;

  static TestDeployment pristine;

  @TempDir Path tmp;
  TestDeployment d;
  String patient;

  @BeforeAll
  static void initOnce() throws Exception {
    pristine = TestDeployment.init(pristineDir.resolve("dep"), 1, 300);
  }

  @BeforeEach
  void copy() throws Exception {
    d = pristine.copyTo(tmp.resolve("dep"));
    patient = d.patients().get(0);
  }

  private static void assertOneLine(CommandRun r, int code, String... parts) {
    assertEquals(code, r.code(), r.out() + r.err());
    String line = r.err().strip();
    assertFalse(line.contains("\n"), "one line: " + r.err());
    assertFalse(line.contains("\tat ") || line.contains("Caused by"), "no stack trace: " + line);
    for (String p : parts) {
      assertTrue(line.contains(p), "'" + p + "' in: " + line);
    }
  }

  private CommandRun gateway() {
    return CommandRun.run(
        "gateway", "--config", d.config().toString(), "--patient", patient, "--simulate");
  }

  @Test
  void missingKey_exit2_namesKeyFileAndFix() throws Exception {
    d.edit("results = \"host/results\"\n", "");
    assertOneLine(
        CommandRun.run("server", "--config", d.config().toString()),
        2,
        d.config().toString(),
        "[storage] results: missing; add results = \"host/results\"");
  }

  @Test
  void wrongType_exit2_namesKeyAndExample() throws Exception {
    d.edit("trigger_seconds = 5", "trigger_seconds = \"5s\"");
    assertOneLine(
        CommandRun.run("results", "--config", d.config().toString(), "--patient", patient),
        2,
        "[spark] trigger_seconds: must be a whole number; write e.g. trigger_seconds = 5");
  }

  @Test
  void unknownKey_exit2() throws Exception {
    d.edit("[broker]", "[broker]\nport = 1883");
    assertOneLine(
        CommandRun.run("config", "check", d.config().toString()), 2, "[broker] port: unknown key");
  }

  @Test
  void keyFileMissing_exit2_namesPathAndHowToGetIt() throws Exception {
    Files.delete(d.patientDir(patient).resolve("keys.json"));
    assertOneLine(
        gateway(), 2, "[patients] directory (patient " + patient + ")", "keys.json does not exist");
  }

  @Test
  void keyFileReadableByOthers_exit2_namesTheChmod() throws Exception {
    Path keys = d.patientDir(patient).resolve("keys.json");
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-r--r--"));
    assertOneLine(gateway(), 2, "chmod 600 " + keys);
  }

  @Test
  void unknownPatient_exit2_saysHowToListThem() {
    assertOneLine(
        CommandRun.run(
            "gateway", "--config", d.config().toString(), "--patient", "p-nobody", "--simulate"),
        2,
        "no patient p-nobody",
        "trustbeat patients list --config");
  }

  @Test
  void brokerUnreachable_exit1_namesTheBroker() {
    // Mosquitto is not started.
    assertOneLine(
        gateway(),
        1,
        "cannot connect to ssl://127.0.0.1:" + d.brokerPort(),
        "gateway-" + patient,
        "check that the broker runs");
  }

  @Test
  void keyBrokerUnreachable_exit1_saysToStartIt() {
    assertOneLine(
        CommandRun.run("server", "--config", d.config().toString()),
        1,
        "the key broker at https://127.0.0.1:"
            + d.keyBrokerPort()
            + "/ is unreachable or refuses"
            + " this host",
        "trustbeat keybroker serve --config");
  }

  @Test
  void keyBrokerRefusingThisHost_exit1() throws Exception {
    // A host certificate of another deployment's CA: the key broker refuses it in the handshake.
    TestDeployment other = TestDeployment.init(tmp.resolve("other"), 1, 300);
    for (String f : new String[] {"host.p12", "host.password"}) {
      Files.copy(
          other.dir().resolve("server").resolve(f),
          d.dir().resolve("server").resolve(f),
          StandardCopyOption.REPLACE_EXISTING);
    }
    try (TrustbeatProcess keyBroker =
        TrustbeatProcess.trustbeat(
            tmp, "keybroker", "keybroker", "serve", "--config", d.config().toString())) {
      keyBroker.await(
          "listening line", s -> s.contains("key broker listening on"), Duration.ofSeconds(90));
      assertOneLine(
          CommandRun.run("server", "--config", d.config().toString()),
          1,
          "is unreachable or refuses this host");
      assertEquals(0, keyBroker.stop());
      assertTrue(
          keyBroker.out().contains("key broker stopped cleanly on SIGTERM"), keyBroker.out());
    }
  }
}
