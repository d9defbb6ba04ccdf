package org.trustbeat.attestation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trustbeat.attestation.testing.SgxTestData;
import org.trustbeat.attestation.testing.SyntheticQuote;
import org.trustbeat.attestation.testing.TestPki;

/**
 * The signature, chain and CRL checks of {@link DcapQuoteVerifier}, on the MobileCoin quote (which
 * has no collateral) and synthetic quotes: all through the explicit {@code
 * insecureWithoutCollateral()} opt-in. TCB info and QE identity are tested in {@link
 * DcapCollateralVerificationTest}.
 */
class DcapQuoteVerifierTest {
  // Offsets in the real v3 quote, read by hand from its bytes.
  private static final int REPORT_BODY = 48;
  private static final int ISV_SIGNATURE = 436;
  private static final int ATTESTATION_KEY = 500;
  private static final int QE_REPORT = 564;
  private static final int QE_REPORT_SIGNATURE = 948;
  private static final int QE_AUTH_DATA = 1014;
  private static final int PCK_CERT_DATA_TYPE = 1046;

  private static final String REAL_MRENCLAVE =
      "1dd0df84810e53e26b2b167dfe0f97cc4364085fe0bd41d5e18a759c21d5c189";
  private static final String REAL_MRSIGNER =
      "d412a4f07ef83892a5915fb2ab584be31e186e5a4f95ab5f6950fd4eb8694d7b";

  private static DcapQuoteVerifier.Builder withoutCollateralAt(Instant at) {
    return DcapQuoteVerifier.builder().insecureWithoutCollateral().at(at);
  }

  private static DcapQuoteVerifier insecureUnder(TestPki pki) throws GeneralSecurityException {
    return DcapQuoteVerifier.builder()
        .insecureWithoutCollateral()
        .replacePinnedRootForTesting(pki.root)
        .build();
  }

  private static QuoteFailure failureOf(DcapQuoteVerifier verifier, byte[] quote) {
    return assertThrows(QuoteVerificationException.class, () -> verifier.verifyQuote(quote))
        .failure();
  }

  private static byte[] flip(byte[] quote, int offset) {
    byte[] copy = quote.clone();
    copy[offset] ^= 0x01;
    return copy;
  }

  @Test
  void realQuote_verifiesWithRealCrls_andYieldsItsMeasurements() throws Exception {
    DcapQuoteVerifier verifier =
        withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT)
            .addCrl(SgxTestData.processorCrlDer())
            .addCrl(SgxTestData.rootCrlDer())
            .build();

    EnclaveIdentity id = verifier.verify(Evidence.sgxDcapQuote(SgxTestData.hwQuote()));

    assertEquals(EvidenceKind.SGX_DCAP, id.kind());
    assertTrue(id.isHardwareBacked());
    assertEquals(3, id.quoteVersion());
    assertEquals(REAL_MRENCLAVE, id.mrenclaveHex());
    assertEquals(REAL_MRSIGNER, id.mrsignerHex());
    assertEquals(0, id.isvProdId());
    assertEquals(0, id.isvSvn());
    assertTrue(id.debug(), "attributes.flags is 0x07, which has the DEBUG bit");
    assertArrayEquals(new byte[64], id.reportData());
    assertTrue(id.pckCertificateSubject().orElseThrow().contains("CN=Intel SGX PCK Certificate"));
    assertTrue(id.tcbStatus().isEmpty());
  }

  @Test
  void verifierWithoutCollateral_cannotBeBuilt_unlessTheInsecureOptInIsExplicit() throws Exception {
    // Issue 10: the old default verified no TCB level and no QE identity.
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> DcapQuoteVerifier.builder().build());
    assertTrue(e.getMessage().contains("--collateral"), e.getMessage());
    DcapQuoteVerifier insecure = DcapQuoteVerifier.builder().insecureWithoutCollateral().build();
    assertFalse(insecure.evaluatesTcb());
    assertTrue(insecure.toString().contains("INSECURE"), insecure.toString());
    EnclaveIdentity id = insecure.verifyQuote(SgxTestData.hwQuote());
    assertEquals(REAL_MRENCLAVE, id.mrenclaveHex());
    assertTrue(id.tcbStatus().isEmpty(), "no collateral, no TCB status");
  }

  @Test
  void realQuote_nowWithRealCrls_isRejectedAsStale() throws Exception {
    DcapQuoteVerifier verifier =
        DcapQuoteVerifier.builder()
            .insecureWithoutCollateral()
            .clock(Clock.systemUTC())
            .addCrl(SgxTestData.processorCrlDer())
            .build();
    assertEquals(QuoteFailure.CRL_EXPIRED, failureOf(verifier, SgxTestData.hwQuote()));
  }

  @Test
  void staleCrl_isRejected() throws Exception {
    DcapQuoteVerifier strict =
        withoutCollateralAt(SgxTestData.PROCESSOR_CRL_STALE_AT)
            .addCrl(SgxTestData.processorCrlDer())
            .build();
    QuoteVerificationException e =
        assertThrows(
            QuoteVerificationException.class, () -> strict.verifyQuote(SgxTestData.hwQuote()));
    assertEquals(QuoteFailure.CRL_EXPIRED, e.failure());
    assertTrue(e.getMessage().contains("Intel SGX PCK Processor CA"), e.getMessage());
  }

  @Test
  void crlIssuedAfterVerificationTime_isRejected() throws Exception {
    DcapQuoteVerifier verifier =
        withoutCollateralAt(Instant.parse("2023-01-01T00:00:00Z"))
            .addCrl(SgxTestData.processorCrlDer())
            .build();
    assertEquals(QuoteFailure.CRL_EXPIRED, failureOf(verifier, SgxTestData.hwQuote()));
  }

  @Test
  void pemCrl_isAcceptedLikeDer() throws Exception {
    String pem =
        "-----BEGIN X509 CRL-----\n"
            + Base64.getMimeEncoder().encodeToString(SgxTestData.processorCrlDer())
            + "\n-----END X509 CRL-----\n";
    DcapQuoteVerifier verifier =
        withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT)
            .addCrl(pem.getBytes(StandardCharsets.US_ASCII))
            .build();
    assertEquals(REAL_MRSIGNER, verifier.verifyQuote(SgxTestData.hwQuote()).mrsignerHex());
  }

  @Test
  void garbageCrl_isRejectedWhenBuilding() {
    QuoteVerificationException e =
        assertThrows(
            QuoteVerificationException.class,
            () ->
                DcapQuoteVerifier.builder()
                    .insecureWithoutCollateral()
                    .addCrl(new byte[] {0x30, 0x03, 0x01, 0x02})
                    .build());
    assertEquals(QuoteFailure.CRL_MALFORMED, e.failure());
  }

  @Test
  void certificatesOutsideTheirValidity_areRejected() throws Exception {
    assertEquals(
        QuoteFailure.CERTIFICATE_EXPIRED,
        failureOf(
            withoutCollateralAt(Instant.parse("2030-01-01T00:00:00Z")).build(),
            SgxTestData.hwQuote()));
    assertEquals(
        QuoteFailure.CERTIFICATE_EXPIRED,
        failureOf(
            withoutCollateralAt(Instant.parse("2021-01-01T00:00:00Z")).build(),
            SgxTestData.hwQuote()));
  }

  @Test
  void tamperedReportBody_isRejectedByIsvReportSignature() throws Exception {
    byte[] quote = flip(SgxTestData.hwQuote(), REPORT_BODY + 64);
    assertEquals(
        QuoteFailure.ISV_REPORT_SIGNATURE_INVALID,
        failureOf(withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT).build(), quote));
  }

  @Test
  void tamperedIsvSignature_isRejected() throws Exception {
    byte[] quote = flip(SgxTestData.hwQuote(), ISV_SIGNATURE + 10);
    assertEquals(
        QuoteFailure.ISV_REPORT_SIGNATURE_INVALID,
        failureOf(withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT).build(), quote));
  }

  @Test
  void tamperedAttestationKey_isRejectedAsNotOnCurve() throws Exception {
    byte[] quote = flip(SgxTestData.hwQuote(), ATTESTATION_KEY + 5);
    assertEquals(
        QuoteFailure.ATTESTATION_KEY_INVALID,
        failureOf(withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT).build(), quote));
  }

  @Test
  void tamperedQeReport_isRejectedByQeReportSignature() throws Exception {
    byte[] quote = flip(SgxTestData.hwQuote(), QE_REPORT + 100);
    assertEquals(
        QuoteFailure.QE_REPORT_SIGNATURE_INVALID,
        failureOf(withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT).build(), quote));
  }

  @Test
  void tamperedQeReportSignature_isRejected() throws Exception {
    byte[] quote = flip(SgxTestData.hwQuote(), QE_REPORT_SIGNATURE + 40);
    assertEquals(
        QuoteFailure.QE_REPORT_SIGNATURE_INVALID,
        failureOf(withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT).build(), quote));
  }

  @Test
  void tamperedQeAuthData_isRejectedByQeReportDataBinding() throws Exception {
    byte[] quote = flip(SgxTestData.hwQuote(), QE_AUTH_DATA + 3);
    assertEquals(
        QuoteFailure.QE_REPORT_DATA_MISMATCH,
        failureOf(withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT).build(), quote));
  }

  @Test
  void wrongVersion_isRejected() throws Exception {
    byte[] quote = SgxTestData.hwQuote();
    quote[0] = 2;
    QuoteVerificationException e =
        assertThrows(
            QuoteVerificationException.class,
            () -> withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT).build().verifyQuote(quote));
    assertEquals(QuoteFailure.UNSUPPORTED_VERSION, e.failure());
    assertTrue(e.getMessage().contains("version is 2"), e.getMessage());
  }

  @Test
  void wrongAttestationKeyType_isRejected() throws Exception {
    byte[] quote = SgxTestData.hwQuote();
    quote[2] = 3;
    assertEquals(
        QuoteFailure.UNSUPPORTED_ATTESTATION_KEY_TYPE,
        failureOf(withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT).build(), quote));
  }

  @Test
  void unsupportedPckCertificationDataType_isRejected() throws Exception {
    byte[] quote = SgxTestData.hwQuote();
    quote[PCK_CERT_DATA_TYPE] = 3;
    assertEquals(
        QuoteFailure.UNSUPPORTED_CERTIFICATION_DATA,
        failureOf(withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT).build(), quote));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 47, 48, 100, 431, 435, 436, 437, 600, 1015, 1047, 1100, 4602})
  void truncatedQuote_isRejectedAsMalformedNamingTheField(int length) throws Exception {
    byte[] quote = Arrays.copyOf(SgxTestData.hwQuote(), length);
    QuoteVerificationException e =
        assertThrows(
            QuoteVerificationException.class,
            () -> withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT).build().verifyQuote(quote));
    assertEquals(QuoteFailure.MALFORMED, e.failure());
    assertTrue(e.getMessage().contains("offset"), e.getMessage());
  }

  @Test
  void truncatedQuote_messageNamesTheSignatureData() throws Exception {
    byte[] quote = Arrays.copyOf(SgxTestData.hwQuote(), 1000);
    QuoteVerificationException e =
        assertThrows(
            QuoteVerificationException.class,
            () -> withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT).build().verifyQuote(quote));
    assertTrue(
        e.getMessage().contains("signature_data at offset 436 needs 4167 bytes"), e.getMessage());
  }

  @Test
  void trailingBytes_areRejectedAsMalformed() throws Exception {
    byte[] quote = Arrays.copyOf(SgxTestData.hwQuote(), 4604);
    assertEquals(
        QuoteFailure.MALFORMED,
        failureOf(withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT).build(), quote));
  }

  @Test
  void hugeSignatureDataLength_isRejectedAsMalformed() throws Exception {
    byte[] quote = SgxTestData.hwQuote();
    Arrays.fill(quote, 432, 436, (byte) 0xff);
    assertEquals(
        QuoteFailure.MALFORMED,
        failureOf(withoutCollateralAt(SgxTestData.REAL_DATA_VALID_AT).build(), quote));
  }

  @Test
  void chainEndingInAnotherSelfSignedRoot_isRejectedAsUntrusted() throws Exception {
    // The fake root even copies Intel's root name: only the pinned fingerprint counts.
    byte[] quote = new SyntheticQuote(TestPki.create("Intel SGX Root CA")).build();
    QuoteVerificationException e =
        assertThrows(
            QuoteVerificationException.class,
            () ->
                DcapQuoteVerifier.builder().insecureWithoutCollateral().build().verifyQuote(quote));
    assertEquals(QuoteFailure.UNTRUSTED_ROOT, e.failure());
  }

  @Test
  void chainWhoseLeafIsNotSignedByItsCa_isRejected() throws Exception {
    TestPki pki = TestPki.createWithForeignLeafSignature();
    byte[] quote = new SyntheticQuote(pki).build();
    DcapQuoteVerifier verifier = insecureUnder(pki);
    assertEquals(QuoteFailure.PCK_CHAIN_INVALID, failureOf(verifier, quote));
  }

  @Test
  void syntheticV4Quote_verifiesAgainstItsPinnedTestRoot() throws Exception {
    TestPki pki = TestPki.create();
    SyntheticQuote q = new SyntheticQuote(pki);
    DcapQuoteVerifier verifier = insecureUnder(pki);

    EnclaveIdentity id = verifier.verify(Evidence.sgxDcapQuote(q.build()));

    assertEquals(4, id.quoteVersion());
    assertArrayEquals(q.mrenclave, id.mrenclave());
    assertArrayEquals(q.mrsigner, id.mrsigner());
    assertEquals(7, id.isvProdId());
    assertEquals(3, id.isvSvn());
    assertFalse(id.debug());
    assertArrayEquals(q.reportData, id.reportData());
  }

  @Test
  void syntheticV3Quote_verifiesAgainstItsPinnedTestRoot() throws Exception {
    TestPki pki = TestPki.create();
    SyntheticQuote q = new SyntheticQuote(pki);
    q.version = 3;
    EnclaveIdentity id = insecureUnder(pki).verifyQuote(q.build());
    assertEquals(3, id.quoteVersion());
    assertArrayEquals(q.mrenclave, id.mrenclave());
  }

  @Test
  void v4QuoteForTdx_isRejected() throws Exception {
    TestPki pki = TestPki.create();
    SyntheticQuote q = new SyntheticQuote(pki);
    q.teeType = 0x81;
    assertEquals(QuoteFailure.UNSUPPORTED_TEE_TYPE, failureOf(insecureUnder(pki), q.build()));
  }

  @Test
  void v4QuoteWithoutQeReportCertificationData_isRejected() throws Exception {
    TestPki pki = TestPki.create();
    SyntheticQuote q = new SyntheticQuote(pki);
    q.outerCertDataType = 5;
    assertEquals(
        QuoteFailure.UNSUPPORTED_CERTIFICATION_DATA, failureOf(insecureUnder(pki), q.build()));
  }

  @Test
  void attestationKeyNotCommittedByQe_isRejectedByBinding() throws Exception {
    // A valid key the QE never vouched for: the ISV signature is fine, the binding is not.
    TestPki pki = TestPki.create();
    SyntheticQuote q = new SyntheticQuote(pki);
    q.boundAttestationKey = TestPki.ecKeyPair();
    assertEquals(QuoteFailure.QE_REPORT_DATA_MISMATCH, failureOf(insecureUnder(pki), q.build()));
  }

  @Test
  void qeReportSignedByAnotherKeyThanThePckLeaf_isRejected() throws Exception {
    TestPki pki = TestPki.create();
    SyntheticQuote q = new SyntheticQuote(pki);
    q.pckSigningKey = TestPki.ecKeyPair().getPrivate();
    assertEquals(
        QuoteFailure.QE_REPORT_SIGNATURE_INVALID, failureOf(insecureUnder(pki), q.build()));
  }

  @Test
  void revokedPckCertificate_isRejected() throws Exception {
    TestPki pki = TestPki.create();
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    byte[] crl =
        TestPki.crl(
            "Test SGX PCK Processor CA",
            pki.caKey.getPrivate(),
            now.minusSeconds(3600),
            now.plusSeconds(86400),
            Map.of(pki.leaf.getSerialNumber(), now.minusSeconds(7200)));
    DcapQuoteVerifier verifier =
        DcapQuoteVerifier.builder()
            .insecureWithoutCollateral()
            .replacePinnedRootForTesting(pki.root)
            .at(now)
            .addCrl(crl)
            .build();

    QuoteVerificationException e =
        assertThrows(
            QuoteVerificationException.class,
            () -> verifier.verifyQuote(new SyntheticQuote(pki).build()));
    assertEquals(QuoteFailure.CERTIFICATE_REVOKED, e.failure());
    assertTrue(e.getMessage().contains("Test SGX PCK Certificate"), e.getMessage());
  }

  @Test
  void crlListingOtherSerials_doesNotRejectTheQuote() throws Exception {
    TestPki pki = TestPki.create();
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    byte[] crl =
        TestPki.crl(
            "Test SGX PCK Processor CA",
            pki.caKey.getPrivate(),
            now.minusSeconds(3600),
            now.plusSeconds(86400),
            Map.of(BigInteger.valueOf(999), now));
    DcapQuoteVerifier verifier =
        DcapQuoteVerifier.builder()
            .insecureWithoutCollateral()
            .replacePinnedRootForTesting(pki.root)
            .at(now)
            .addCrl(crl)
            .build();
    assertEquals(4, verifier.verifyQuote(new SyntheticQuote(pki).build()).quoteVersion());
  }

  @Test
  void crlNotSignedByItsNamedIssuer_isRejected() throws Exception {
    TestPki pki = TestPki.create();
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    byte[] forged =
        TestPki.crl(
            "Test SGX PCK Processor CA",
            TestPki.ecKeyPair().getPrivate(),
            now.minusSeconds(3600),
            now.plusSeconds(86400),
            Map.of());
    DcapQuoteVerifier verifier =
        DcapQuoteVerifier.builder()
            .insecureWithoutCollateral()
            .replacePinnedRootForTesting(pki.root)
            .at(now)
            .addCrl(forged)
            .build();
    assertEquals(
        QuoteFailure.CRL_SIGNATURE_INVALID, failureOf(verifier, new SyntheticQuote(pki).build()));
  }

  @Test
  void crlOfACaOutsideTheChain_isIgnored() throws Exception {
    TestPki pki = TestPki.create();
    // The real processor CRL is Intel's; the synthetic chain does not go through that CA.
    DcapQuoteVerifier verifier =
        DcapQuoteVerifier.builder()
            .insecureWithoutCollateral()
            .replacePinnedRootForTesting(pki.root)
            .at(Instant.parse("2025-01-01T00:00:00Z"))
            .addCrl(SgxTestData.processorCrlDer())
            .build();
    assertEquals(4, verifier.verifyQuote(new SyntheticQuote(pki).build()).quoteVersion());
  }

  @Test
  void simulationEvidence_isRejectedAsWrongKind() throws Exception {
    Evidence evidence = Evidence.of(EvidenceKind.SIMULATION, SgxTestData.hwQuote());
    QuoteVerificationException e =
        assertThrows(
            QuoteVerificationException.class,
            () -> DcapQuoteVerifier.builder().insecureWithoutCollateral().build().verify(evidence));
    assertEquals(QuoteFailure.WRONG_EVIDENCE_KIND, e.failure());
  }

  @Test
  void verificationTime_comesFromTheInjectedClock() throws Exception {
    Clock fixed = Clock.fixed(Instant.parse("2031-01-01T00:00:00Z"), ZoneOffset.UTC);
    assertEquals(
        QuoteFailure.CERTIFICATE_EXPIRED,
        failureOf(
            DcapQuoteVerifier.builder().insecureWithoutCollateral().clock(fixed).build(),
            SgxTestData.hwQuote()));
  }

  @Test
  void everyRejection_isAGeneralSecurityException() {
    assertTrue(GeneralSecurityException.class.isAssignableFrom(QuoteVerificationException.class));
  }
}
