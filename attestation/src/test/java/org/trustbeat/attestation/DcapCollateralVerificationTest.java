package org.trustbeat.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trustbeat.attestation.testing.SgxTestData;
import org.trustbeat.attestation.testing.SyntheticCollateral;
import org.trustbeat.attestation.testing.SyntheticQuote;
import org.trustbeat.attestation.testing.TestPckExtension;
import org.trustbeat.attestation.testing.TestPki;

/**
 * Issue 10, finding 1: each attack on DCAP verification, reproduced against the real classes and
 * refused with its own reason. Real data: the Phala quote and the collateral Intel issued for it on
 * 2025-06-19, and tampered copies of each signed part. Synthetic data (a test root, PCK leaves with
 * and without the SGX extension, collateral signed by a test TCB Signing key) for what real data
 * cannot show: another FMSPC, another Quoting Enclave, a revoked PCK leaf.
 */
class DcapCollateralVerificationTest {
  private static final Instant PHALA_AT = SgxTestData.PHALA_VALID_AT;
  private static final String PHALA_MRENCLAVE =
      "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb";

  // ---- real quote and collateral -------------------------------------------------------------

  private static EnclaveIdentity verifyPhala(Instant at, byte[] collateralJson) throws Exception {
    return DcapQuoteVerifier.builder()
        .collateral(DcapCollateral.parse(collateralJson))
        .at(at)
        .build()
        .verifyQuote(SgxTestData.phalaQuote());
  }

  /** The reason the Phala quote is refused, whether by the collateral parser or the verifier. */
  private static QuoteFailure phalaFailure(Instant at, byte[] collateralJson) {
    return assertThrows(QuoteVerificationException.class, () -> verifyPhala(at, collateralJson))
        .failure();
  }

  /** The real collateral with one field changed. */
  private static byte[] realWith(String key, UnaryOperator<String> change) throws Exception {
    ObjectNode tree = SyntheticCollateral.tree(SgxTestData.phalaCollateral());
    String before = tree.get(key).textValue();
    String after = change.apply(before);
    assertFalse(before.equals(after), "the tampering must change " + key);
    tree.put(key, after);
    return SyntheticCollateral.json(tree);
  }

  /** Flips one bit of a hex string's last digit: the last byte of a signature. */
  private static String flipLastHexDigit(String hex) {
    char last = hex.charAt(hex.length() - 1);
    int flipped = Character.digit(last, 16) ^ 1;
    return hex.substring(0, hex.length() - 1) + Character.forDigit(flipped, 16);
  }

  @Test
  void phalaQuote_withItsCollateral_isConfigurationAndSwHardeningNeeded_withItsAdvisories()
      throws Exception {
    // By hand: the PCK leaf has FMSPC 00A067110000, PCE ID 0000, components
    // [11,11,2,2,255,1,0,0,...] and PCESVN 13. The first TCB level needs component 7 >= 12 (fails);
    // the second, [11,11,2,2,255,1,0,...] PCESVN 13, is met: ConfigurationAndSWHardeningNeeded,
    // INTEL-SA-00289 and INTEL-SA-00615. The QE (MRSIGNER 8c4f...7bff, ISVPRODID 1, ATTRIBUTES
    // 0x15 & mask 0xFB = 0x11, ISVSVN 10 >= 8) is UpToDate, which leaves the platform's status.
    EnclaveIdentity id = verifyPhala(PHALA_AT, SgxTestData.phalaCollateral());
    assertEquals(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED, id.tcbStatus().orElseThrow());
    assertEquals(List.of("INTEL-SA-00289", "INTEL-SA-00615"), id.advisoryIds());
    assertEquals(PHALA_MRENCLAVE, id.mrenclaveHex());
    assertFalse(id.debug());
    assertEquals(3, id.quoteVersion());
  }

  @Test
  void phalaQuote_isAcceptedAtBothEndsOfItsCollateralsValidity() throws Exception {
    DcapCollateral collateral = DcapCollateral.parse(SgxTestData.phalaCollateral());
    assertEquals(Instant.parse("2025-06-19T10:56:11Z"), collateral.validFrom());
    assertEquals(Instant.parse("2025-07-19T10:01:18Z"), collateral.validUntil());
    assertEquals("00A067110000", collateral.fmspcHex());
    assertTrue(
        verifyPhala(collateral.validFrom(), SgxTestData.phalaCollateral()).tcbStatus().isPresent());
    assertTrue(
        verifyPhala(collateral.validUntil(), SgxTestData.phalaCollateral())
            .tcbStatus()
            .isPresent());
  }

  @Test
  void tcbInfoTextUpgradedToUpToDate_isRefusedByTheTcbInfoSignature() throws Exception {
    byte[] forged =
        realWith(
            "tcb_info", t -> t.replace("\"ConfigurationAndSWHardeningNeeded\"", "\"UpToDate\""));
    assertEquals(QuoteFailure.TCB_INFO_SIGNATURE_INVALID, phalaFailure(PHALA_AT, forged));
  }

  @Test
  void tcbInfoTextWithOneSpaceMore_isRefused_becauseTheExactBytesAreSigned() throws Exception {
    byte[] reformatted = realWith("tcb_info", t -> t.replaceFirst("\"id\":", "\"id\": "));
    assertEquals(QuoteFailure.TCB_INFO_SIGNATURE_INVALID, phalaFailure(PHALA_AT, reformatted));
  }

  @Test
  void tamperedTcbInfoSignature_isRefused() throws Exception {
    byte[] forged =
        realWith("tcb_info_signature", DcapCollateralVerificationTest::flipLastHexDigit);
    assertEquals(QuoteFailure.TCB_INFO_SIGNATURE_INVALID, phalaFailure(PHALA_AT, forged));
  }

  @Test
  void qeIdentityTextAdmittingAnotherQe_isRefusedByTheQeIdentitySignature() throws Exception {
    byte[] forged = realWith("qe_identity", t -> t.replace("\"isvprodid\":1", "\"isvprodid\":2"));
    assertEquals(QuoteFailure.QE_IDENTITY_SIGNATURE_INVALID, phalaFailure(PHALA_AT, forged));
  }

  @Test
  void tamperedQeIdentitySignature_isRefused() throws Exception {
    byte[] forged =
        realWith("qe_identity_signature", DcapCollateralVerificationTest::flipLastHexDigit);
    assertEquals(QuoteFailure.QE_IDENTITY_SIGNATURE_INVALID, phalaFailure(PHALA_AT, forged));
  }

  @Test
  void tamperedPckCrl_isRefusedByItsSignature() throws Exception {
    byte[] forged = realWith("pck_crl", DcapCollateralVerificationTest::flipLastHexDigit);
    assertEquals(QuoteFailure.CRL_SIGNATURE_INVALID, phalaFailure(PHALA_AT, forged));
  }

  @Test
  void tamperedRootCaCrl_isRefusedByItsSignature() throws Exception {
    byte[] forged = realWith("root_ca_crl", DcapCollateralVerificationTest::flipLastHexDigit);
    assertEquals(QuoteFailure.CRL_SIGNATURE_INVALID, phalaFailure(PHALA_AT, forged));
  }

  @Test
  void rootCaCrlPassedAsThePckCrl_isRefusedAsIssuerMismatch() throws Exception {
    String rootCrl =
        SyntheticCollateral.tree(SgxTestData.phalaCollateral()).get("root_ca_crl").textValue();
    byte[] swapped = realWith("pck_crl", t -> rootCrl);
    assertEquals(QuoteFailure.CRL_ISSUER_MISMATCH, phalaFailure(PHALA_AT, swapped));
  }

  @Test
  void collateralWithoutItsPckCrl_isRefusedAsMalformed() throws Exception {
    ObjectNode tree = SyntheticCollateral.tree(SgxTestData.phalaCollateral());
    tree.remove("pck_crl");
    QuoteVerificationException e =
        assertThrows(
            QuoteVerificationException.class,
            () -> DcapCollateral.parse(SyntheticCollateral.json(tree)));
    assertEquals(QuoteFailure.COLLATERAL_MALFORMED, e.failure());
    assertTrue(e.getMessage().contains("pck_crl is missing"), e.getMessage());
  }

  @ParameterizedTest(name = "at {0}: {1}")
  @CsvSource({
    // Before the PCK CRL's thisUpdate (2025-06-19T10:23:18Z).
    "2025-06-01T00:00:00Z, CRL_EXPIRED",
    // After the CRL and the QE identity were issued, before the TCB info (10:56:11).
    "2025-06-19T10:30:00Z, COLLATERAL_EXPIRED",
    // After the QE identity's nextUpdate (2025-07-19T10:01:18Z), before the PCK CRL's (10:23:18).
    "2025-07-19T10:10:00Z, COLLATERAL_EXPIRED",
    // After the PCK CRL's nextUpdate.
    "2025-07-19T10:30:00Z, CRL_EXPIRED",
    "2026-01-01T00:00:00Z, CRL_EXPIRED",
    // After the root CA CRL's nextUpdate (2026-04-03), still inside every certificate's validity.
    "2026-05-01T00:00:00Z, CRL_EXPIRED"
  })
  void verificationOutsideTheCollateralsValidity_isRefused(String at, QuoteFailure expected) {
    assertEquals(expected, phalaFailure(Instant.parse(at), SgxTestData.phalaCollateral()));
  }

  @Test
  void realQuote_withCollateralUnderAnotherPinnedRoot_isRefusedAsUntrusted() throws Exception {
    DcapQuoteVerifier verifier =
        DcapQuoteVerifier.builder()
            .collateral(DcapCollateral.parse(SgxTestData.phalaCollateral()))
            .replacePinnedRootForTesting(TestPki.create().root)
            .at(PHALA_AT)
            .build();
    assertEquals(
        QuoteFailure.UNTRUSTED_ROOT,
        assertThrows(
                QuoteVerificationException.class,
                () -> verifier.verifyQuote(SgxTestData.phalaQuote()))
            .failure());
  }

  @Test
  void genuineQuoteOfAnotherPlatformModel_withThePhalaCollateral_isRefusedForItsFmspc()
      throws Exception {
    // The MobileCoin quote is genuine and its PCK chain still valid in 2025, but its PCK leaf
    // names another FMSPC than the Phala collateral's TCB info.
    QuoteVerificationException e =
        assertThrows(
            QuoteVerificationException.class,
            () ->
                DcapQuoteVerifier.builder()
                    .collateral(DcapCollateral.parse(SgxTestData.phalaCollateral()))
                    .at(PHALA_AT)
                    .build()
                    .verifyQuote(SgxTestData.hwQuote()));
    assertEquals(QuoteFailure.FMSPC_MISMATCH, e.failure(), e.getMessage());
  }

  // ---- synthetic quotes and collateral under a test root -------------------------------------

  /** A PKI with an SGX PCK leaf, a quote and collateral that fit each other; change one thing. */
  private static final class Setup {
    final TestPki pki;
    final SyntheticQuote quote;
    final SyntheticCollateral collateral;

    Setup() throws Exception {
      this(new TestPckExtension());
    }

    Setup(TestPckExtension sgx) throws Exception {
      this.pki = sgx == null ? TestPki.create() : TestPki.withSgxExtension(sgx);
      this.quote = new SyntheticQuote(pki);
      this.collateral = new SyntheticCollateral(pki);
    }

    EnclaveIdentity verify() throws Exception {
      return verify(collateral.json());
    }

    EnclaveIdentity verify(byte[] collateralJson) throws Exception {
      return DcapQuoteVerifier.builder()
          .replacePinnedRootForTesting(pki.root)
          .collateral(DcapCollateral.parse(collateralJson))
          .at(SyntheticCollateral.AT)
          .build()
          .verifyQuote(quote.build());
    }

    QuoteVerificationException refusal() {
      return assertThrows(QuoteVerificationException.class, this::verify);
    }

    QuoteFailure failure() {
      return refusal().failure();
    }
  }

  @Test
  void syntheticPlatform_isRatedByItsTcbLevel() throws Exception {
    EnclaveIdentity id = new Setup().verify();
    assertEquals(TcbStatus.SW_HARDENING_NEEDED, id.tcbStatus().orElseThrow());
    assertEquals(List.of("INTEL-SA-00615"), id.advisoryIds());
  }

  @Test
  void issue10Attack_foreignDebugQe_andPckLeafWithoutSgxExtensions_isRefused() throws Exception {
    // The finding: QE of another MRSIGNER, ISVPRODID 0x9999, ISVSVN 0 and DEBUG, PCK leaf without
    // SGX extensions, all under a test root; it used to be accepted as a non-debug enclave.
    Setup s = new Setup(null);
    s.quote.qeMrsigner = SyntheticQuote.filled(32, 0x99);
    s.quote.qeIsvProdId = 0x9999;
    s.quote.qeIsvSvn = 0;
    s.quote.qeAttributeFlags = 0x07;
    assertEquals(QuoteFailure.PCK_SGX_EXTENSIONS_MISSING, s.failure());

    Setup withExtensions = new Setup();
    withExtensions.quote.qeMrsigner = SyntheticQuote.filled(32, 0x99);
    withExtensions.quote.qeIsvProdId = 0x9999;
    withExtensions.quote.qeIsvSvn = 0;
    withExtensions.quote.qeAttributeFlags = 0x07;
    assertEquals(QuoteFailure.QE_MRSIGNER_MISMATCH, withExtensions.failure());
  }

  @Test
  void pckLeafWithoutSgxExtensions_isRefused() throws Exception {
    QuoteVerificationException e = new Setup(null).refusal();
    assertEquals(QuoteFailure.PCK_SGX_EXTENSIONS_MISSING, e.failure());
    assertTrue(e.getMessage().contains("1.2.840.113741.1.13.1"), e.getMessage());
  }

  @Test
  void pckLeafWithoutFmspc_isRefusedAsMalformedExtensions() throws Exception {
    TestPckExtension sgx = new TestPckExtension();
    sgx.includeFmspc = false;
    QuoteVerificationException e = new Setup(sgx).refusal();
    assertEquals(QuoteFailure.PCK_SGX_EXTENSIONS_MALFORMED, e.failure());
    assertTrue(e.getMessage().contains("FMSPC"), e.getMessage());
  }

  @Test
  void pckLeafWithoutPcesvn_isRefusedAsMalformedExtensions() throws Exception {
    TestPckExtension sgx = new TestPckExtension();
    sgx.includePcesvn = false;
    assertEquals(QuoteFailure.PCK_SGX_EXTENSIONS_MALFORMED, new Setup(sgx).failure());
  }

  @Test
  void pckLeafNamingTwoFmspcs_isRefusedAsMalformedExtensions() throws Exception {
    TestPckExtension sgx = new TestPckExtension();
    sgx.duplicateFmspc = true;
    assertEquals(QuoteFailure.PCK_SGX_EXTENSIONS_MALFORMED, new Setup(sgx).failure());
  }

  @Test
  void tcbInfoOfAnotherFmspc_isRefused() throws Exception {
    Setup s = new Setup();
    s.collateral.fmspc = "00A067110000";
    QuoteVerificationException e = s.refusal();
    assertEquals(QuoteFailure.FMSPC_MISMATCH, e.failure());
    assertTrue(e.getMessage().contains(TestPckExtension.DEFAULT_FMSPC), e.getMessage());
  }

  @Test
  void tcbInfoOfAnotherPceId_isRefused() throws Exception {
    Setup s = new Setup();
    s.collateral.pceId = "0001";
    assertEquals(QuoteFailure.PCE_ID_MISMATCH, s.failure());
  }

  @Test
  void qeOfAnotherMrsigner_isRefused() throws Exception {
    Setup s = new Setup();
    s.quote.qeMrsigner = SyntheticQuote.filled(32, 0x99);
    assertEquals(QuoteFailure.QE_MRSIGNER_MISMATCH, s.failure());
  }

  @Test
  void qeOfAnotherProductId_isRefused() throws Exception {
    Setup s = new Setup();
    s.quote.qeIsvProdId = 0x9999;
    QuoteVerificationException e = s.refusal();
    assertEquals(QuoteFailure.QE_ISV_PROD_ID_MISMATCH, e.failure());
    assertTrue(e.getMessage().contains("0x9999"), e.getMessage());
  }

  @Test
  void qeWithIsvSvnBelowEveryLevel_isRefused() throws Exception {
    Setup s = new Setup();
    s.quote.qeIsvSvn = 0;
    assertEquals(QuoteFailure.QE_ISV_SVN_NOT_SUPPORTED, s.failure());
  }

  @Test
  void qeAtARevokedLevel_isRefused() throws Exception {
    Setup s = new Setup();
    s.quote.qeIsvSvn = 4;
    assertEquals(QuoteFailure.QE_REVOKED, s.failure());
  }

  @Test
  void debugQe_isRefusedByItsMaskedAttributes() throws Exception {
    Setup s = new Setup();
    s.quote.qeAttributeFlags = 0x07;
    QuoteVerificationException e = s.refusal();
    assertEquals(QuoteFailure.QE_ATTRIBUTES_MISMATCH, e.failure());
    assertTrue(e.getMessage().contains("DEBUG"), e.getMessage());
  }

  @Test
  void qeAttributeBitsOutsideTheMask_areIgnored() throws Exception {
    // Mask FB...: bit 2 (MODE64BIT) of the flags is not compared.
    Setup s = new Setup();
    s.quote.qeAttributeFlags = 0x01;
    assertEquals(TcbStatus.SW_HARDENING_NEEDED, s.verify().tcbStatus().orElseThrow());
  }

  @Test
  void qeWithAnotherMiscSelect_isRefused() throws Exception {
    Setup s = new Setup();
    s.quote.qeMiscSelect = 1;
    assertEquals(QuoteFailure.QE_MISCSELECT_MISMATCH, s.failure());
  }

  @Test
  void outOfDateQe_makesThePlatformOutOfDate_andAddsItsAdvisories() throws Exception {
    Setup s = new Setup();
    s.quote.qeIsvSvn = 7;
    EnclaveIdentity id = s.verify();
    assertEquals(TcbStatus.OUT_OF_DATE, id.tcbStatus().orElseThrow());
    assertEquals(List.of("INTEL-SA-00615", "INTEL-SA-00477"), id.advisoryIds());
  }

  @Test
  void outOfDateQe_onAPlatformNeedingConfiguration_isOutOfDateConfigurationNeeded()
      throws Exception {
    Setup s = new Setup();
    s.collateral.tcbLevels.remove(1); // now the ConfigurationAndSWHardeningNeeded level matches
    s.quote.qeIsvSvn = 6;
    assertEquals(TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED, s.verify().tcbStatus().orElseThrow());
  }

  @Test
  void pckLeafRevokedByThePckCrl_isRefused() throws Exception {
    Setup s = new Setup();
    s.collateral.pckCrlRevoked.put(
        s.pki.leaf.getSerialNumber(), SyntheticCollateral.AT.minusSeconds(60));
    QuoteVerificationException e = s.refusal();
    assertEquals(QuoteFailure.CERTIFICATE_REVOKED, e.failure());
    assertTrue(e.getMessage().contains("Test SGX PCK Certificate"), e.getMessage());
  }

  @Test
  void pckCaRevokedByTheRootCrl_isRefused() throws Exception {
    Setup s = new Setup();
    s.collateral.rootCrlRevoked.put(
        s.pki.ca.getSerialNumber(), SyntheticCollateral.AT.minusSeconds(60));
    assertEquals(QuoteFailure.CERTIFICATE_REVOKED, s.failure());
  }

  @Test
  void tcbSigningCertificateRevokedByTheRootCrl_isRefused() throws Exception {
    Setup s = new Setup();
    s.collateral.rootCrlRevoked.put(
        s.pki.tcbSigning.getSerialNumber(), SyntheticCollateral.AT.minusSeconds(60));
    QuoteVerificationException e = s.refusal();
    assertEquals(QuoteFailure.CERTIFICATE_REVOKED, e.failure());
    assertTrue(e.getMessage().contains(TestPki.TCB_SIGNING_CN), e.getMessage());
  }

  @Test
  void crlListingOtherSerials_doesNotRefuseTheQuote() throws Exception {
    Setup s = new Setup();
    s.collateral.pckCrlRevoked.put(BigInteger.valueOf(999), SyntheticCollateral.AT);
    s.collateral.rootCrlRevoked.put(BigInteger.valueOf(998), SyntheticCollateral.AT);
    assertTrue(s.verify().tcbStatus().isPresent());
  }

  @Test
  void pckCrlOfAnotherCa_isRefusedAsIssuerMismatch() throws Exception {
    Setup s = new Setup();
    s.collateral.pckCrlIssuerCn = "Test SGX PCK Platform CA";
    assertEquals(QuoteFailure.CRL_ISSUER_MISMATCH, s.failure());
  }

  @Test
  void collateralSignedByAnotherKey_isRefusedByTheTcbInfoSignature() throws Exception {
    Setup s = new Setup();
    s.collateral.tcbSigner = TestPki.ecKeyPair().getPrivate();
    assertEquals(QuoteFailure.TCB_INFO_SIGNATURE_INVALID, s.failure());
  }

  @Test
  void collateralSignedUnderAnotherRoot_isRefusedAsUntrusted() throws Exception {
    Setup s = new Setup();
    TestPki other = TestPki.create();
    s.collateral.tcbSigner = other.tcbSigningKey.getPrivate();
    s.collateral.tcbSigningChainPem = other.tcbSigningChainPem();
    assertEquals(QuoteFailure.UNTRUSTED_ROOT, s.failure());
  }

  @Test
  void collateralSignedByThePckCaInsteadOfTheTcbSigningCertificate_isRefused() throws Exception {
    // The PCK CA is Intel's too, but only the TCB Signing certificate may sign collateral.
    Setup s = new Setup();
    s.collateral.tcbSigner = s.pki.caKey.getPrivate();
    s.collateral.tcbSigningChainPem = TestPki.pem(List.of(s.pki.ca, s.pki.root));
    assertEquals(QuoteFailure.COLLATERAL_CHAIN_INVALID, s.failure());
  }

  @Test
  void platformBelowEveryTcbLevel_isRefused() throws Exception {
    TestPckExtension sgx = new TestPckExtension();
    sgx.components = new int[] {1, 1, 2, 2, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertEquals(QuoteFailure.TCB_NOT_SUPPORTED, new Setup(sgx).failure());
  }

  @Test
  void platformAtARevokedTcbLevel_isRefused() throws Exception {
    Setup s = new Setup();
    s.collateral.tcbLevels.get(1).status = "Revoked";
    assertEquals(QuoteFailure.TCB_REVOKED, s.failure());
  }

  @Test
  void pcesvnBelowALevel_fallsToALowerLevel() throws Exception {
    TestPckExtension sgx = new TestPckExtension();
    sgx.pceSvn = 10;
    EnclaveIdentity id = new Setup(sgx).verify();
    assertEquals(TcbStatus.OUT_OF_DATE, id.tcbStatus().orElseThrow());
    assertEquals(List.of("INTEL-SA-00334", "INTEL-SA-00615"), id.advisoryIds());
  }

  @Test
  void tcbLevels_areMatchedHighestFirst_whateverTheirOrderInTheText() throws Exception {
    Setup s = new Setup();
    Collections.reverse(s.collateral.tcbLevels);
    assertEquals(TcbStatus.SW_HARDENING_NEEDED, s.verify().tcbStatus().orElseThrow());
  }

  @Test
  void expiredSyntheticCollateral_isRefused() throws Exception {
    Setup s = new Setup();
    s.collateral.nextUpdate = SyntheticCollateral.AT.minusSeconds(1);
    assertEquals(QuoteFailure.COLLATERAL_EXPIRED, s.failure());
  }

  @Test
  void signedTcbInfoWithDuplicateKeys_isRefusedAsMalformed() throws Exception {
    // A signed text another parser could read differently must not be read at all.
    Setup s = new Setup();
    ObjectNode tree = s.collateral.toTree();
    String text =
        s.collateral
            .tcbInfoText()
            .replaceFirst(
                "\"tcbStatus\":\"SWHardeningNeeded\"",
                "\"tcbStatus\":\"OutOfDate\",\"tcbStatus\":\"UpToDate\"");
    tree.put("tcb_info", text);
    tree.put(
        "tcb_info_signature",
        HexFormat.of().formatHex(SyntheticCollateral.sign(s.pki.tcbSigningKey.getPrivate(), text)));
    QuoteVerificationException e =
        assertThrows(
            QuoteVerificationException.class,
            () -> DcapCollateral.parse(SyntheticCollateral.json(tree)));
    assertEquals(QuoteFailure.COLLATERAL_MALFORMED, e.failure());
    assertTrue(e.getMessage().contains("Duplicate"), e.getMessage());
  }

  @Test
  void tdxTcbInfo_isRefusedAsUnsupported() throws Exception {
    Setup s = new Setup();
    s.collateral.tcbInfoId = "TDX";
    assertEquals(
        QuoteFailure.COLLATERAL_UNSUPPORTED,
        assertThrows(
                QuoteVerificationException.class, () -> DcapCollateral.parse(s.collateral.json()))
            .failure());
  }

  @Test
  void unknownTcbStatus_isRefusedAsUnsupported() throws Exception {
    Setup s = new Setup();
    s.collateral.tcbLevels.get(0).status = "Fine";
    assertEquals(
        QuoteFailure.COLLATERAL_UNSUPPORTED,
        assertThrows(
                QuoteVerificationException.class, () -> DcapCollateral.parse(s.collateral.json()))
            .failure());
  }

  @Test
  void collateral_toStringShowsIdsAndSizes_notItsContents() throws Exception {
    String text = DcapCollateral.parse(SgxTestData.phalaCollateral()).toString();
    assertTrue(text.contains("fmspc=00A067110000") && text.contains("bytes"), text);
    assertFalse(text.contains("INTEL-SA"), text);
  }

  @Test
  void tcbEvaluation_isSkippedOnlyByTheExplicitInsecureOptIn() throws Exception {
    Setup s = new Setup(null);
    EnclaveIdentity id =
        DcapQuoteVerifier.builder()
            .insecureWithoutCollateral()
            .replacePinnedRootForTesting(s.pki.root)
            .at(SyntheticCollateral.AT)
            .build()
            .verifyQuote(s.quote.build());
    assertTrue(id.tcbStatus().isEmpty());
    assertThrows(
        IllegalStateException.class,
        () ->
            DcapQuoteVerifier.builder()
                .insecureWithoutCollateral()
                .collateral(DcapCollateral.parse(s.collateral.json()))
                .build());
  }
}
