package org.trustbeat.app;

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
 * {@code verify-quote}: checks an SGX DCAP quote up to the pinned Intel SGX Root CA and prints the
 * enclave identity it proves, or why it proves nothing. Exit 0 only for a valid quote, 1 for an
 * invalid one, 2 for bad arguments or unreadable files.
 */
@Command(
    name = "verify-quote",
    mixinStandardHelpOptions = true,
    description = "Verify an Intel SGX DCAP quote (v3/v4, ECDSA P-256) against the pinned Intel SGX Root CA.")
public final class VerifyQuoteCommand implements Callable<Integer> {
  enum Format { text, json }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The raw quote.")
  Path quoteFile;

  @Option(names = "--crl", paramLabel = "F",
      description = "A CRL (DER or PEM), e.g. the PCK Processor/Platform CA CRL and the Root CA CRL. Repeatable.")
  List<Path> crlFiles = new ArrayList<>();

  @Option(names = "--at", paramLabel = "ISO-TIME",
      description = "Verify as of this instant, e.g. 2023-05-01T00:00:00Z (default: now).")
  String at;

  @Option(names = "--accept-stale-crl",
      description = "Accept CRLs past their nextUpdate (revocations they list still apply).")
  boolean acceptStaleCrl;

  @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format = Format.text;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    DcapQuoteVerifier.Builder builder = DcapQuoteVerifier.builder().acceptStaleCrls(acceptStaleCrl);
    Instant when;
    try {
      when = at == null ? Instant.now() : parseInstant(at);
    } catch (DateTimeParseException e) {
      err.println("--at '" + at + "' is not an ISO-8601 instant; write e.g. 2023-05-01T00:00:00Z");
      return CommandLine.ExitCode.USAGE;
    }
    builder.at(when);

    byte[] quote;
    try {
      quote = Files.readAllBytes(quoteFile);
      for (Path crl : crlFiles) {
        builder.addCrl(Files.readAllBytes(crl));
      }
    } catch (IOException e) {
      err.println("cannot read " + e.getMessage() + "; check the path and permissions");
      return CommandLine.ExitCode.USAGE;
    }
    if (quote.length == 0 || quote.length > Evidence.MAX_BYTES) {
      err.println(quoteFile + " has " + quote.length + " bytes; a DCAP quote has a few kilobytes");
      return CommandLine.ExitCode.USAGE;
    }

    DcapQuoteVerifier verifier;
    try {
      verifier = builder.build();
    } catch (QuoteVerificationException e) {
      // Only an unparsable --crl file can fail here: an argument problem, not a verdict.
      err.println(e.getMessage());
      return e.failure() == QuoteFailure.CRL_MALFORMED
          ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
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

  private static Instant parseInstant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return OffsetDateTime.parse(text).toInstant();
    }
  }

  private void print(Map<String, Object> verdict) {
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      StringBuilder sb = new StringBuilder("{");
      for (Map.Entry<String, Object> e : verdict.entrySet()) {
        if (sb.length() > 1) {
          sb.append(',');
        }
        sb.append('"').append(e.getKey()).append("\":");
        Object v = e.getValue();
        if (v instanceof String) {
          sb.append(jsonString((String) v));
        } else {
          sb.append(v);
        }
      }
      out.println(sb.append('}'));
    } else {
      verdict.forEach((k, v) -> out.println(k + ": " + v));
      if (Boolean.TRUE.equals(verdict.get("debug"))) {
        out.println("warning: debug enclave; its memory is readable by the host, never release keys to it");
      }
    }
    out.flush();
  }

  private static String jsonString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case '\t': sb.append("\\t"); break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }
}
