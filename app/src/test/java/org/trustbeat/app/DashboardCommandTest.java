package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.clinic.dashboard.PasswordHash;

class DashboardCommandTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @TempDir Path dir;

  /** The deployment configuration init writes, with its [store], [dashboard] and [alerts]. */
  private static String deployment() throws Exception {
    try (InputStream in =
        DashboardCommandTest.class.getResourceAsStream("/org/trustbeat/app/config/valid.toml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Runs {@code trustbeat dashboard --config F} with {@code toml} as F. */
  private CommandRun withConfig(String toml) throws Exception {
    Path cfg = dir.resolve("trustbeat.toml");
    Files.writeString(cfg, toml);
    return CommandRun.run("dashboard", "--config", cfg.toString());
  }

  private static void assertOneLine(CommandRun r, String part) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains(part), r.err());
    assertFalse(r.err().strip().contains("\n"), "one line: " + r.err());
    assertFalse(r.err().contains("\tat "), "a stack trace reached the user");
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
  void deploymentWithoutDashboardTable_isAConfigErrorSayingWhatToAdd() throws Exception {
    String d = deployment();
    String noDashboard =
        d.substring(0, d.indexOf("[dashboard]")) + d.substring(d.indexOf("[alerts]"));
    assertOneLine(withConfig(noDashboard), "[dashboard]: missing table; add it with password_hash");
    String noStore = d.substring(0, d.indexOf("[store]")) + d.substring(d.indexOf("[dashboard]"));
    assertOneLine(withConfig(noStore), "[store]: missing table; add it");
  }

  @Test
  void misspeltAlertKey_isAConfigError_notASilentlyDisabledRule() throws Exception {
    assertOneLine(
        withConfig(deployment().replace("sdnn_below_ms = 20", "sdnn_below = 20")),
        "unknown key [sdnn_below] in [alerts]");
  }

  @Test
  void nonLoopbackBind_isRefused() throws Exception {
    assertOneLine(
        withConfig(deployment().replace("bind = \"127.0.0.1\"", "bind = \"0.0.0.0\"")),
        "is not a loopback address");
  }

  @Test
  void initsDeployment_servesTheDashboard_loginWithTheWrittenPasswordFile() throws Exception {
    TestDeployment d = TestDeployment.init(dir.resolve("dep"), 1, 300);
    int port = TrustbeatProcess.freePort();
    try (TrustbeatProcess dashboard =
        TrustbeatProcess.trustbeat(
            dir,
            "dashboard",
            "dashboard",
            "--config",
            d.config().toString(),
            "--port",
            String.valueOf(port))) {
      dashboard.await(
          "listening line",
          s -> s.contains("dashboard: http://127.0.0.1:" + port),
          Duration.ofSeconds(60));
      assertTrue(
          dashboard.out().contains("store jdbc:sqlite:" + d.dir().resolve("clinic/results.db")),
          dashboard.out());
      String base = "http://127.0.0.1:" + port;
      assertEquals(
          401,
          HTTP.send(
                  HttpRequest.newBuilder(URI.create(base + "/api/patients")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .statusCode());
      String password = Files.readString(d.dir().resolve("clinic/dashboard.password")).strip();
      HttpResponse<String> login =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals("/", login.headers().firstValue("Location").orElse(""), "login refused");
      String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
      HttpResponse<String> patients =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/api/patients"))
                  .header("Cookie", setCookie.substring(0, setCookie.indexOf(';')))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, patients.statusCode());
      assertTrue(Files.exists(d.dir().resolve("clinic/results.db")), "the store was created");
      dashboard.stop();
      assertFalse(
          dashboard.out().contains(password) || dashboard.err().contains(password),
          "the password reached the output");
    }
  }
}
