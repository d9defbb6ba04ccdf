package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustbeat.app.CommandRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.testing.SharedData;
import picocli.CommandLine;

class VerifyQuoteCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSIDE_CRL_VALIDITY = "2023-05-01T00:00:00Z";
  private static final String INSIDE_PHALA_COLLATERAL_VALIDITY = "2025-06-25T00:00:00Z";
  private static final String PHALA_MRENCLAVE =
      "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb";

  @TempDir Path dir;

  static Path sgx(String name) {
    return SharedData.sgx(name);
  }

  @Test
  void phalaQuote_withItsCollateral_printsItsTcbStatusAndAdvisories_asJson() throws Exception {
    CommandRun r =
        run(
            "verify-quote",
            sgx("phala_sgx_quote.dat").toString(),
            "--collateral",
            sgx("phala_sgx_quote_collateral.json").toString(),
            "--at",
            INSIDE_PHALA_COLLATERAL_VALIDITY,
            "--format",
            "json");
    assertEquals(0, r.code(), r.err() + r.out());
    JsonNode v = JSON.readTree(r.out());
    assertTrue(v.get("valid").asBoolean());
    assertEquals(PHALA_MRENCLAVE, v.get("mrenclave").asText());
    assertEquals("ConfigurationAndSWHardeningNeeded", v.get("tcb_status").asText());
    assertEquals("[\"INTEL-SA-00289\",\"INTEL-SA-00615\"]", v.get("advisory_ids").toString());
    assertEquals(false, v.get("debug").asBoolean());
  }

  @Test
  void phalaQuote_withItsCollateral_printsItsTcbStatusAndAdvisories_asText() {
    CommandRun r =
        run(
            "verify-quote",
            sgx("phala_sgx_quote.dat").toString(),
            "--collateral",
            sgx("phala_sgx_quote_collateral.json").toString(),
            "--at",
            INSIDE_PHALA_COLLATERAL_VALIDITY);
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("tcb_status: ConfigurationAndSWHardeningNeeded"), r.out());
    assertTrue(r.out().contains("advisory_ids: INTEL-SA-00289, INTEL-SA-00615"), r.out());
    assertFalse(r.out().contains("warning"), r.out());
  }

  @Test
  void phalaQuote_afterItsCollateralsNextUpdate_isInvalid_withTheReason() throws Exception {
    CommandRun r =
        run(
            "verify-quote",
            sgx("phala_sgx_quote.dat").toString(),
            "--collateral",
            sgx("phala_sgx_quote_collateral.json").toString(),
            "--at",
            "2025-07-19T10:10:00Z",
            "--format",
            "json");
    assertEquals(1, r.code(), r.err() + r.out());
    JsonNode v = JSON.readTree(r.out());
    assertFalse(v.get("valid").asBoolean());
    assertEquals("COLLATERAL_EXPIRED", v.get("reason").asText());
    assertTrue(v.get("message").asText().contains("qe_identity"), v.get("message").asText());
  }

  @Test
  void tamperedCollateral_isInvalid_withTheReason() throws Exception {
    String json = Files.readString(sgx("phala_sgx_quote_collateral.json"));
    // Upgrade the platform's TCB level to UpToDate inside the signed TCB info text.
    Path forged =
        Files.writeString(
            dir.resolve("forged.json"),
            json.replace("\\\"ConfigurationAndSWHardeningNeeded\\\"", "\\\"UpToDate\\\""));
    CommandRun r =
        run(
            "verify-quote",
            sgx("phala_sgx_quote.dat").toString(),
            "--collateral",
            forged.toString(),
            "--at",
            INSIDE_PHALA_COLLATERAL_VALIDITY);
    assertEquals(1, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("reason: TCB_INFO_SIGNATURE_INVALID"), r.out());
  }

  @Test
  void quoteWithoutCollateral_isAUsageError_namingTheFix() {
    CommandRun r = run("verify-quote", sgx("hw_quote.dat").toString());
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("--collateral FILE is required"), r.err());
  }

  @Test
  void malformedCollateral_isAUsageError() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"tcb_info\": 1}");
    CommandRun r =
        run(
            "verify-quote",
            sgx("phala_sgx_quote.dat").toString(),
            "--collateral",
            garbage.toString());
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("COLLATERAL_MALFORMED"), r.err());
  }

  @Test
  void mobileCoinQuote_hasNoCollateral_soOnlyTheInsecureOptInVerifiesIt_andSaysSo()
      throws Exception {
    CommandRun r =
        run(
            "verify-quote",
            sgx("hw_quote.dat").toString(),
            "--insecure-without-collateral",
            "--crl",
            sgx("root_crl.der").toString(),
            "--crl",
            sgx("processor_crl.der").toString(),
            "--at",
            INSIDE_CRL_VALIDITY,
            "--format",
            "json");
    assertEquals(0, r.code(), r.err() + r.out());
    JsonNode v = JSON.readTree(r.out());
    assertTrue(v.get("valid").asBoolean());
    assertEquals(
        "1dd0df84810e53e26b2b167dfe0f97cc4364085fe0bd41d5e18a759c21d5c189",
        v.get("mrenclave").asText());
    assertEquals(
        "d412a4f07ef83892a5915fb2ab584be31e186e5a4f95ab5f6950fd4eb8694d7b",
        v.get("mrsigner").asText());
    assertEquals(0, v.get("isv_prod_id").asInt());
    assertEquals(0, v.get("isv_svn").asInt());
    assertTrue(v.get("debug").asBoolean());
    assertTrue(v.get("tcb_status").isNull());
    assertEquals(0, v.get("advisory_ids").size());
    assertEquals("0".repeat(128), v.get("report_data").asText());

    CommandRun text =
        run(
            "verify-quote",
            sgx("hw_quote.dat").toString(),
            "--insecure-without-collateral",
            "--at",
            INSIDE_CRL_VALIDITY);
    assertTrue(text.out().contains("tcb_status: NOT EVALUATED"), text.out());
    assertTrue(text.out().contains("warning: verified WITHOUT collateral"), text.out());
  }

  @Test
  void staleCrl_makesTheVerdictInvalid_withItsReason() throws Exception {
    CommandRun r =
        run(
            "verify-quote",
            sgx("hw_quote.dat").toString(),
            "--insecure-without-collateral",
            "--crl",
            sgx("root_crl.der").toString(),
            "--at",
            "2026-11-25T00:00:00Z",
            "--format",
            "json");
    assertEquals(1, r.code());
    JsonNode v = JSON.readTree(r.out());
    assertEquals("CRL_EXPIRED", v.get("reason").asText());
  }

  @Test
  void tamperedQuote_isInvalid() throws Exception {
    byte[] q = Files.readAllBytes(sgx("phala_sgx_quote.dat"));
    q[48 + 64] ^= 1; // a byte of the ISV report body (MRENCLAVE)
    Path tampered = Files.write(dir.resolve("tampered.dat"), q);
    CommandRun r =
        run(
            "verify-quote",
            tampered.toString(),
            "--collateral",
            sgx("phala_sgx_quote_collateral.json").toString(),
            "--at",
            INSIDE_PHALA_COLLATERAL_VALIDITY);
    assertEquals(1, r.code());
    assertTrue(r.out().contains("valid: false"), r.out());
    assertTrue(r.out().contains("ISV_REPORT_SIGNATURE_INVALID"), r.out());
  }

  @Test
  void badArguments_exitWithUsage() {
    String collateral = sgx("phala_sgx_quote_collateral.json").toString();
    assertEquals(CommandLine.ExitCode.USAGE, run("verify-quote").code());
    assertEquals(
        CommandLine.ExitCode.USAGE,
        run("verify-quote", dir.resolve("missing.dat").toString(), "--collateral", collateral)
            .code());
    CommandRun badTime =
        run(
            "verify-quote",
            sgx("phala_sgx_quote.dat").toString(),
            "--collateral",
            collateral,
            "--at",
            "yesterday");
    assertEquals(CommandLine.ExitCode.USAGE, badTime.code());
    assertTrue(badTime.err().contains("2025-06-25T00:00:00Z"), badTime.err());
    assertEquals(
        CommandLine.ExitCode.USAGE,
        run(
                "verify-quote",
                sgx("phala_sgx_quote.dat").toString(),
                "--collateral",
                collateral,
                "--insecure-without-collateral")
            .code());
    assertEquals(
        CommandLine.ExitCode.USAGE,
        run(
                "verify-quote",
                sgx("phala_sgx_quote.dat").toString(),
                "--collateral",
                dir.resolve("missing.json").toString())
            .code());
  }
}
