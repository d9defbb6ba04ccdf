package org.trustbeat.enclave.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.attestation.DcapQuoteVerifier;
import org.trustbeat.attestation.EnclaveIdentity;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.attestation.ReportData;
import org.trustbeat.enclave.EnclaveTesting;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.protocol.ProtocolLimits;

/**
 * Gramine's /dev/attestation, faked by a directory holding a real recorded quote. What this proves:
 * the program writes the right 64 bytes and returns Gramine's quote as SGX_DCAP evidence. What it
 * cannot: the recorded quote binds another enclave's report data, as a real Gramine would not.
 */
class GramineDcapEvidenceTest {
  @TempDir Path dev;
  private byte[] quote;

  @BeforeEach
  void fakeAttestationDir() throws Exception {
    quote = Files.readAllBytes(EnclaveTesting.sharedData("sgx/hw_quote.dat"));
    Files.write(dev.resolve("quote"), quote);
    Files.write(dev.resolve("user_report_data"), new byte[64]);
    Files.writeString(dev.resolve("attestation_type"), "dcap\n");
  }

  @Test
  void attest_writesReportDataBindingKeyAndNonce_andReturnsGraminesQuote() throws Exception {
    EnclaveProgram program =
        EnclaveProgram.start(
            HostKind.SGX,
            new GramineDcapEvidence(dev),
            ProtocolLimits.defaults(),
            EnclaveTesting.KEY_BROKER.verificationKey());
    byte[] nonce = EnclaveTesting.nonce();
    Evidence e = program.attest(nonce);
    assertEquals(EvidenceKind.SGX_DCAP, e.kind());
    assertArrayEquals(quote, e.bytes());
    assertArrayEquals(
        ReportData.bind(
            program.publicKey(), nonce, EnclaveTesting.KEY_BROKER.verificationKey().fingerprint()),
        Files.readAllBytes(dev.resolve("user_report_data")));
    assertEquals("SGX_DCAP", program.attestationKind());
    assertTrue(program.label().contains("sgx"));
  }

  @Test
  void returnedQuote_isAnAuthenticDcapQuote() throws Exception {
    Evidence e = new GramineDcapEvidence(dev).attest(new byte[64]);
    // Signatures and PCK chain only: the MobileCoin quote has no collateral.
    EnclaveIdentity id =
        DcapQuoteVerifier.builder()
            .insecureWithoutCollateral()
            .at(Instant.parse("2023-05-01T00:00:00Z"))
            .build()
            .verify(e);
    assertEquals(EvidenceKind.SGX_DCAP, id.kind());
  }

  @Test
  void gramineWithoutDcap_isRefusedNamingTheManifestSetting() throws Exception {
    Files.writeString(dev.resolve("attestation_type"), "none\n");
    IOException e =
        assertThrows(IOException.class, () -> new GramineDcapEvidence(dev).attest(new byte[64]));
    assertTrue(e.getMessage().contains("sgx.remote_attestation"), e.getMessage());
  }

  @Test
  void outsideGramine_attestFailsPointingToSealedProcess() {
    GramineDcapEvidence outside = new GramineDcapEvidence(dev.resolve("missing"));
    IOException e = assertThrows(IOException.class, () -> outside.attest(new byte[64]));
    assertTrue(e.getMessage().contains("sealed-process"), e.getMessage());
  }
}
