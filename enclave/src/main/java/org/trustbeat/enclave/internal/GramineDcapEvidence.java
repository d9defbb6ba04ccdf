package org.trustbeat.enclave.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.attestation.ReportData;

/**
 * SGX DCAP quotes through Gramine's attestation pseudo-files: write the 64 bytes of report data to
 * {@code <dir>/user_report_data}, read the quote Gramine produced for them from {@code
 * <dir>/quote}. The directory is {@code /dev/attestation} inside a Gramine-SGX enclave; tests point
 * it at an ordinary directory holding a recorded quote. Calls are serialized, since the two files
 * form one exchange.
 */
public final class GramineDcapEvidence implements EvidenceSource {
  private final Path dir;

  public GramineDcapEvidence(Path attestationDir) {
    this.dir = attestationDir;
  }

  @Override
  public synchronized Evidence attest(byte[] reportData) throws IOException {
    if (reportData.length != ReportData.SIZE) {
      throw new IllegalArgumentException("report data must be " + ReportData.SIZE + " bytes");
    }
    Path type = dir.resolve("attestation_type");
    if (Files.exists(type)) {
      String t = Files.readString(type, StandardCharsets.US_ASCII).trim();
      if (!t.equals("dcap")) {
        throw new IOException(
            "Gramine reports attestation type '"
                + t
                + "', not 'dcap'; set"
                + " sgx.remote_attestation = \"dcap\" in the manifest and run under gramine-sgx");
      }
    }
    Path userData = dir.resolve("user_report_data");
    Path quote = dir.resolve("quote");
    if (!Files.exists(userData) || !Files.exists(quote)) {
      throw new IOException(
          dir
              + " has no user_report_data/quote files: the enclave is not"
              + " running under gramine-sgx with remote attestation; use --mode sealed-process here");
    }
    // Plain WRITE: the pseudo-file takes exactly 64 bytes and may not support truncation.
    Files.write(userData, reportData, StandardOpenOption.WRITE);
    return Evidence.sgxDcapQuote(Files.readAllBytes(quote));
  }

  @Override
  public String attestationKind() {
    return EvidenceKind.SGX_DCAP.name();
  }

  @Override
  public String protectionNote() {
    return "SGX_DCAP attestation: hardware-isolated enclave";
  }
}
