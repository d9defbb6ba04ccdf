package org.trustbeat.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.trustbeat.attestation.DcapCollateral;
import org.trustbeat.attestation.DcapQuoteVerifier;
import org.trustbeat.attestation.EnclaveIdentity;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.QuoteFailure;
import org.trustbeat.attestation.QuoteVerificationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify-quote}: checks an SGX DCAP quote with Intel's collateral up to the pinned Intel SGX
 * Root CA and prints the enclave identity and TCB status it proves, or why it proves nothing. Exit
 * 0 only for a valid quote, 1 for an invalid one, 2 for bad arguments or unreadable files.
 */
@Command(
    name = "verify-quote",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Example:",
      "  trustbeat verify-quote quote.bin --collateral collateral.json --format json"
    },
    description = {
      "Verifies an Intel SGX DCAP quote and tells the platform's TCB status.",
      "",
      "The quote (v3/v4, ECDSA P-256) is checked with Intel's collateral (TCB info, QE"
          + " identity, CRLs) against the pinned Intel SGX Root CA.",
      ""
    })
public final class VerifyQuoteCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "QUOTE", description = "The raw quote.")
  Path quoteFile;

  @Option(
      names = "--collateral",
      paramLabel = "FILE",
      description =
          "The quote's collateral as dcap-qvl writes it (JSON: tcb_info, qe_identity,"
              + " their signatures and issuer chain, pck_crl, root_ca_crl). Required.")
  Path collateralFile;

  @Option(
      names = "--insecure-without-collateral",
      description =
          "Check signatures and the PCK chain only: no TCB status, no QE identity, no"
              + " collateral CRLs. For quotes that have no collateral; never for a release decision.")
  boolean insecureWithoutCollateral;

  @Option(
      names = "--crl",
      paramLabel = "F",
      description = "An extra CRL (DER or PEM) enforced besides the collateral's. Repeatable.")
  List<Path> crlFiles = new ArrayList<>();

  @Option(
      names = "--at",
      paramLabel = "ISO-TIME",
      description = "Verify as of this instant, e.g. 2025-06-25T00:00:00Z (default: now).")
  String at;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "text|json",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format = Format.text;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter err = spec.commandLine().getErr();
    if (collateralFile == null && !insecureWithoutCollateral) {
      throw usage(
          "--collateral FILE is required: Intel's collateral for the quote's platform"
              + " (dcap-qvl get_collateral writes it), without which neither the platform's TCB level"
              + " nor the Quoting Enclave can be checked; --insecure-without-collateral checks"
              + " signatures only");
    }
    if (collateralFile != null && insecureWithoutCollateral) {
      throw usage(
          "--collateral and --insecure-without-collateral contradict each other; drop"
              + " --insecure-without-collateral");
    }
    Instant when;
    try {
      when = at == null ? Instant.now() : parseInstant(at);
    } catch (DateTimeParseException e) {
      throw usage("--at '" + at + "' is not an ISO-8601 instant; write e.g. 2025-06-25T00:00:00Z");
    }
    DcapQuoteVerifier.Builder builder = DcapQuoteVerifier.builder().at(when);

    byte[] quote;
    try {
      quote = Files.readAllBytes(quoteFile);
      for (Path crl : crlFiles) {
        builder.addCrl(Files.readAllBytes(crl));
      }
      if (collateralFile != null) {
        builder.collateral(DcapCollateral.read(collateralFile));
      } else {
        builder.insecureWithoutCollateral();
      }
    } catch (IOException e) {
      throw usage("cannot read " + e.getMessage() + "; check the path and permissions");
    } catch (QuoteVerificationException e) {
      throw usage("--collateral " + collateralFile + ": " + e.getMessage());
    }
    if (quote.length == 0 || quote.length > Evidence.MAX_BYTES) {
      throw usage(quoteFile + " has " + quote.length + " bytes; a DCAP quote has a few kilobytes");
    }

    DcapQuoteVerifier verifier;
    try {
      verifier = builder.build();
    } catch (QuoteVerificationException e) {
      // Only an unparsable --crl file can fail here: an argument problem, not a verdict.
      if (e.failure() == QuoteFailure.CRL_MALFORMED) {
        throw usage(e.getMessage());
      }
      err.println(e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    } catch (GeneralSecurityException e) {
      err.println("cannot set up the verifier: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }

    Map<String, Object> verdict = new LinkedHashMap<>();
    int exit;
    try {
      EnclaveIdentity id = verifier.verify(Evidence.sgxDcapQuote(quote));
      verdict.put("valid", true);
      verdict.put("kind", id.kind().name());
      verdict.put("quote_version", id.quoteVersion());
      verdict.put("mrenclave", id.mrenclaveHex());
      verdict.put("mrsigner", id.mrsignerHex());
      verdict.put("isv_prod_id", id.isvProdId());
      verdict.put("isv_svn", id.isvSvn());
      verdict.put("debug", id.debug());
      verdict.put("tcb_status", id.tcbStatus().map(s -> s.intelName()).orElse(null));
      verdict.put("advisory_ids", id.advisoryIds());
      verdict.put("report_data", id.reportDataHex());
      exit = CommandLine.ExitCode.OK;
    } catch (QuoteVerificationException e) {
      verdict.put("valid", false);
      verdict.put("reason", e.failure().name());
      verdict.put("message", e.detail());
      exit = 1;
    } catch (GeneralSecurityException e) {
      verdict.put("valid", false);
      verdict.put("reason", "ERROR");
      verdict.put("message", e.getMessage());
      exit = 1;
    }
    verdict.put("verified_at", when.toString());
    print(verdict);
    return exit;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private static Instant parseInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(text).toInstant();
    }
  }

  private void print(Map<String, Object> verdict) throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(JSON.writeValueAsString(verdict));
    } else {
      verdict.forEach((k, v) -> out.println(k + ": " + textValue(k, v)));
      if (Boolean.TRUE.equals(verdict.get("debug"))) {
        out.println(
            "warning: debug enclave; its memory is readable by the host, never release keys to it");
      }
      if (Boolean.TRUE.equals(verdict.get("valid")) && verdict.get("tcb_status") == null) {
        out.println(
            "warning: verified WITHOUT collateral: the platform may be unpatched and the"
                + " Quoting Enclave was not checked; the key broker refuses such quotes");
      }
    }
    out.flush();
  }

  private static String textValue(String key, Object v) {
    if (v instanceof List) {
      List<?> list = (List<?>) v;
      return list.isEmpty()
          ? "none"
          : String.join(", ", list.stream().map(String::valueOf).toList());
    }
    if (v == null && key.equals("tcb_status")) {
      return "NOT EVALUATED (no collateral)";
    }
    return String.valueOf(v);
  }
}
