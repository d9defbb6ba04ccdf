package org.trustbeat.attestation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.attestation.testing.SgxTestData;

class InsecureSimulationVerifierTest {
  @TempDir Path dir;
  private InsecureSimulationAttester attester;
  private InsecureSimulationVerifier verifier;
  private final byte[] measurement = new byte[32];
  private final byte[] reportData = ReportData.bind("pk".getBytes(), new byte[16], new byte[32]);

  @BeforeEach
  void setUp() throws Exception {
    Arrays.fill(measurement, (byte) 0x5a);
    attester = InsecureSimulationAttester.loadOrCreate(dir.resolve("sim.key"));
    verifier = InsecureSimulationVerifier.create(attester.insecureSimulationPublicKey());
  }

  @Test
  void statement_verifiesToASimulationIdentity() throws Exception {
    EnclaveIdentity id = verifier.verify(attester.attestInsecurely(measurement, reportData, true));
    assertEquals(EvidenceKind.SIMULATION, id.kind());
    assertFalse(id.isHardwareBacked());
    assertEquals(0, id.quoteVersion());
    assertArrayEquals(measurement, id.mrenclave());
    assertArrayEquals(reportData, id.reportData());
    assertTrue(id.debug());
    assertArrayEquals(
        MessageDigest.getInstance("SHA-256").digest(attester.insecureSimulationPublicKey()),
        id.mrsigner());
  }

  @Test
  void tamperedMeasurement_isRejected() throws Exception {
    byte[] bytes = attester.attestInsecurely(measurement, reportData, false).bytes();
    bytes[60] ^= 1;
    assertThrows(
        GeneralSecurityException.class,
        () -> verifier.verify(Evidence.of(EvidenceKind.SIMULATION, bytes)));
  }

  @Test
  void flippedDebugFlag_isRejected() throws Exception {
    byte[] bytes = attester.attestInsecurely(measurement, reportData, true).bytes();
    int flags = "TRUSTBEAT SIMULATION -- NOT HARDWARE PROTECTED\n".length() + 1;
    bytes[flags] = 0;
    assertThrows(
        GeneralSecurityException.class,
        () -> verifier.verify(Evidence.of(EvidenceKind.SIMULATION, bytes)));
  }

  @Test
  void statementOfAnotherInstallation_isRejected() throws Exception {
    InsecureSimulationAttester other =
        InsecureSimulationAttester.loadOrCreate(dir.resolve("other.key"));
    Evidence e = other.attestInsecurely(measurement, reportData, false);
    GeneralSecurityException ex =
        assertThrows(GeneralSecurityException.class, () -> verifier.verify(e));
    assertTrue(ex.getMessage().contains("another installation"), ex.getMessage());
  }

  @Test
  void truncatedOrForeignBytes_areRejected() throws Exception {
    byte[] bytes = attester.attestInsecurely(measurement, reportData, false).bytes();
    assertThrows(
        GeneralSecurityException.class,
        () ->
            verifier.verify(
                Evidence.of(EvidenceKind.SIMULATION, Arrays.copyOf(bytes, bytes.length - 1))));
    assertThrows(
        GeneralSecurityException.class,
        () -> verifier.verify(Evidence.of(EvidenceKind.SIMULATION, SgxTestData.hwQuote())));
  }

  @Test
  void dcapQuote_isRejectedAsWrongKind() {
    assertThrows(
        GeneralSecurityException.class,
        () -> verifier.verify(Evidence.sgxDcapQuote(SgxTestData.hwQuote())));
  }

  @Test
  void simulationStatement_isNotAcceptedAsADcapQuote() throws Exception {
    byte[] bytes = attester.attestInsecurely(measurement, reportData, false).bytes();
    QuoteVerificationException e =
        assertThrows(
            QuoteVerificationException.class,
            () ->
                DcapQuoteVerifier.builder()
                    .collateral(DcapCollateral.parse(SgxTestData.phalaCollateral()))
                    .build()
                    .verify(Evidence.sgxDcapQuote(bytes)));
    assertTrue(
        e.failure() == QuoteFailure.UNSUPPORTED_VERSION || e.failure() == QuoteFailure.MALFORMED);
  }
}
