package org.trustbeat.app;

import static org.trustbeat.app.CommandRun.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyQuoteCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSIDE_CRL_VALIDITY = "2023-05-01T00:00:00Z";

  @TempDir Path dir;

  static Path sgx(String name) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path f = p.resolve("shared/data/sgx").resolve(name);
      if (Files.exists(f)) {
        return f;
      }
    }
    throw new IllegalStateException("shared/data/sgx/" + name + " not found");
  }

  @Test
  void realQuote_isValid_andItsIdentityIsPrinted() throws Exception {
    CommandRun r = run("verify-quote", sgx("hw_quote.dat").toString(),
        "--crl", sgx("root_crl.der").toString(), "--crl", sgx("processor_crl.der").toString(),
        "--at", INSIDE_CRL_VALIDITY, "--format", "json");
    assertEquals(0, r.code(), r.err() + r.out());
    JsonNode v = JSON.readTree(r.out());
    assertTrue(v.get("valid").asBoolean());
    assertEquals("1dd0df84810e53e26b2b167dfe0f97cc4364085fe0bd41d5e18a759c21d5c189", v.get("mrenclave").asText());
    assertEquals("d412a4f07ef83892a5915fb2ab584be31e186e5a4f95ab5f6950fd4eb8694d7b", v.get("mrsigner").asText());
    assertEquals(0, v.get("isv_prod_id").asInt());
    assertEquals(0, v.get("isv_svn").asInt());
    assertTrue(v.get("debug").asBoolean());
    assertEquals("0".repeat(128), v.get("report_data").asText());
  }

  @Test
  void staleCrl_makesTheVerdictInvalid_withItsReason() throws Exception {
    CommandRun r = run("verify-quote", sgx("hw_quote.dat").toString(),
        "--crl", sgx("root_crl.der").toString(), "--at", "2026-11-25T00:00:00Z", "--format", "json");
    assertEquals(1, r.code());
    JsonNode v = JSON.readTree(r.out());
    assertEquals("CRL_EXPIRED", v.get("reason").asText());
  }

  @Test
  void tamperedQuote_isInvalid() throws Exception {
    byte[] q = Files.readAllBytes(sgx("hw_quote.dat"));
    q[48 + 64] ^= 1; // a byte of the ISV report body (MRENCLAVE)
    Path tampered = Files.write(dir.resolve("tampered.dat"), q);
    CommandRun r = run("verify-quote", tampered.toString(), "--at", INSIDE_CRL_VALIDITY);
    assertEquals(1, r.code());
    assertTrue(r.out().contains("valid: false"), r.out());
    assertTrue(r.out().contains("ISV_REPORT_SIGNATURE_INVALID"), r.out());
  }

  @Test
  void badArguments_exitWithUsage() {
    assertEquals(CommandLine.ExitCode.USAGE, run("verify-quote").code());
    assertEquals(CommandLine.ExitCode.USAGE,
        run("verify-quote", dir.resolve("missing.dat").toString()).code());
    assertEquals(CommandLine.ExitCode.USAGE,
        run("verify-quote", sgx("hw_quote.dat").toString(), "--at", "yesterday").code());
  }
}
