package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
  @TempDir Path tmp;

  @Test
  void init_writesSecretsOwnerOnly_aReadmeLinePerFile_andPatientsListShowsThePrintedIds()
      throws Exception {
    TestDeployment d = TestDeployment.init(tmp.resolve("dep"), 2, 300);
    Path dir = d.dir();
    for (String id : d.patients()) {
      Path p = d.patientDir(id);
      assertEquals("rwx------", mode(p));
      for (String f : List.of("keys.json", "gateway.password", "consumer.password")) {
        assertEquals("rw-------", mode(p.resolve(f)), f);
      }
    }
    for (String f :
        List.of(
            "server/ingest.password",
            "server/results.password",
            "server/host.p12",
            "server/host.password",
            "server/simulation-attestation.key",
            "keybroker/tls/server.p12",
            "keybroker/tls/server.password",
            "broker/passwd",
            "broker/tls/server.key",
            "keybroker/keys/master-key.json",
            "clinic/dashboard.password")) {
      assertEquals("rw-------", mode(dir.resolve(f)), f);
    }
    String readme = Files.readString(dir.resolve("README"));
    for (String f :
        List.of(
            "keybroker/keys/",
            "server/host.p12",
            "patients/ID/",
            "broker/passwd",
            "broker/mosquitto.conf",
            "host/",
            "trustbeat.toml",
            "clinic/dashboard.password",
            "clinic/results.db")) {
      assertTrue(readme.contains(f + "\n") || readme.contains(f + ","), "README names " + f);
    }
    // Mosquitto: TLS listener on loopback, hashed passwords, one ACL entry per login.
    String conf = Files.readString(dir.resolve("broker/mosquitto.conf"));
    assertTrue(conf.contains("listener " + d.brokerPort() + " 127.0.0.1"), conf);
    assertTrue(conf.contains("allow_anonymous false") && conf.contains("certfile "), conf);
    String passwd = Files.readString(dir.resolve("broker/passwd"));
    String gatewayPassword =
        Files.readString(d.patientDir(d.patients().get(0)).resolve("gateway.password"));
    assertFalse(passwd.contains(gatewayPassword), "the broker's password file holds hashes only");
    String acl = Files.readString(dir.resolve("broker/acl"));
    assertTrue(acl.contains("user gateway-" + d.patients().get(0)), acl);

    CommandRun list = CommandRun.run("patients", "list", "--config", d.config().toString());
    assertEquals(0, list.code(), list.err());
    for (String id : d.patients()) {
      assertTrue(list.out().contains(id + "\t"), list.out());
    }
    CommandRun check = CommandRun.run("config", "check", d.config().toString());
    assertEquals(0, check.code(), check.err());
    assertTrue(
        check.out().contains("valid (version 1; sealed-process, hrv on 300-s windows"),
        check.out());
    assertTrue(
        check
            .out()
            .contains(
                ", store jdbc:sqlite:"
                    + dir.resolve("clinic/results.db")
                    + ", dashboard http://127.0.0.1:8480/)"),
        check.out());

    // The clinic: the configuration holds the hash of the generated dashboard password only.
    String password = Files.readString(dir.resolve("clinic/dashboard.password")).strip();
    assertTrue(password.length() >= 20, "a generated password");
    String config = Files.readString(d.config());
    assertFalse(config.contains(password), "the configuration holds no password");
    String hash = config.replaceAll("(?s).*\npassword_hash = \"([^\"]+)\".*", "$1");
    assertTrue(
        org.trustbeat.clinic.dashboard.PasswordHash.parse(hash).matches(password.toCharArray()),
        "password_hash is the hash of the password file");
    assertEquals("rwx------", mode(dir.resolve("clinic")));
    assertTrue(config.contains("silent_minutes = 15"), "three 5-min windows, at least 15 min");
  }

  @Test
  void init_refusesADirectoryThatIsNotEmpty() throws Exception {
    Files.writeString(tmp.resolve("keep.txt"), "x");
    CommandRun r = CommandRun.run("init", tmp.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("is not empty; pass a new or empty directory"), r.err());
    assertEquals(List.of(tmp.resolve("keep.txt")), Files.list(tmp).toList());
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
