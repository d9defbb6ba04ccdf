package org.trustbeat.attestation;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.trustbeat.attestation.internal.DcapQuote;
import org.trustbeat.attestation.internal.DcapQuoteParser;
import org.trustbeat.attestation.internal.CrlParser;
import org.trustbeat.attestation.internal.EcdsaP256;
import org.trustbeat.attestation.internal.PckChainValidator;
import org.trustbeat.attestation.internal.PemCertificates;
import org.trustbeat.attestation.internal.SgxReportBody;

/**
 * Verifies Intel SGX DCAP quotes (versions 3 and 4, ECDSA P-256) entirely in Java.
 *
 * <h2>Security guarantees</h2>
 *
 * <p>If {@link #verify} returns, then at the verification instant (the injected clock):
 *
 * <ul>
 *   <li>the quote's PCK certificate chain leads, by signature, to the pinned Intel SGX Root CA (a
 *       chain ending at any other root is refused, however self-consistent), every certificate of
 *       it is within its validity period, and none is listed in the CRLs given to the builder, each
 *       of which is signed by its issuer and, unless stale CRLs were accepted, current;
 *   <li>the Quoting Enclave's report is signed by the PCK leaf key, and its report data commits to
 *       the attestation key and the QE authentication data;
 *   <li>the quote header and the ISV enclave report are signed by that attestation key, so the
 *       returned MRENCLAVE, MRSIGNER, ISV product id, SVN, debug flag and report data are the ones
 *       the CPU measured.
 * </ul>
 *
 * <p>Not guaranteed: the platform's TCB level (TCB info collateral) and the Quoting Enclave's identity
 * (QE identity collateral) are not evaluated, so a genuine but out-of-date or misconfigured platform
 * is accepted; freshness of the quote is the caller's business (bind a nonce with {@link
 * ReportData}); revocation is only as current as the CRLs supplied. Whether the enclave may be
 * trusted is decided by {@link AttestationPolicy}, not here.
 */
public final class DcapQuoteVerifier implements EvidenceVerifier {
  private final PckChainValidator chainValidator;
  private final Clock clock;

  private DcapQuoteVerifier(PckChainValidator chainValidator, Clock clock) {
    this.chainValidator = chainValidator;
    this.clock = clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public EnclaveIdentity verify(Evidence evidence) throws GeneralSecurityException {
    if (evidence.kind() != EvidenceKind.SGX_DCAP) {
      throw new QuoteVerificationException(QuoteFailure.WRONG_EVIDENCE_KIND,
          "evidence of kind " + evidence.kind() + " was given to the SGX DCAP verifier; use the"
              + " verifier matching the evidence kind");
    }
    return verifyQuote(evidence.bytes());
  }

  /**
   * Verifies a raw quote.
   *
   * @throws QuoteVerificationException naming the first check that failed
   */
  public EnclaveIdentity verifyQuote(byte[] quote) throws GeneralSecurityException {
    Instant at = clock.instant();
    DcapQuote parsed = DcapQuoteParser.parse(quote);
    // Checked before the certificates so a damaged key is reported as such, not as a binding mismatch.
    Optional<PublicKey> attestationKey = EcdsaP256.publicKeyFromRaw(parsed.attestationKey());
    if (attestationKey.isEmpty()) {
      throw new QuoteVerificationException(QuoteFailure.ATTESTATION_KEY_INVALID,
          "the attestation key is not a point on P-256; the quote was altered");
    }

    List<X509Certificate> chain;
    try {
      chain = PemCertificates.parse(parsed.pckChainPem());
    } catch (CertificateException e) {
      throw new QuoteVerificationException(QuoteFailure.PCK_CHAIN_INVALID,
          "the PCK certificate chain in the quote cannot be parsed (" + e.getMessage() + ")", e);
    }
    X509Certificate pckLeaf = chainValidator.validate(chain, at);

    SgxReportBody qeReport = parsed.qeReport();
    if (!EcdsaP256.verify(pckLeaf.getPublicKey(), qeReport.raw(), parsed.qeReportSignature())) {
      throw new QuoteVerificationException(QuoteFailure.QE_REPORT_SIGNATURE_INVALID,
          "the QE report is not signed by the PCK certificate's key; the QE report, its signature"
              + " or the PCK certificate was altered");
    }
    checkQeBinding(parsed, qeReport);

    if (!EcdsaP256.verify(attestationKey.get(), parsed.signedPart(), parsed.isvSignature())) {
      throw new QuoteVerificationException(QuoteFailure.ISV_REPORT_SIGNATURE_INVALID,
          "the quote header and enclave report are not signed by the attestation key; the report"
              + " body, header or signature was altered");
    }

    SgxReportBody isv = parsed.isvReport();
    return new EnclaveIdentity(EvidenceKind.SGX_DCAP, parsed.version(), isv.mrenclave(),
        isv.mrsigner(), isv.isvProdId(), isv.isvSvn(), isv.debug(), isv.reportData(),
        pckLeaf.getSubjectX500Principal().getName());
  }

  /** Ties the attestation key to the QE that the PCK certificate vouches for. */
  private static void checkQeBinding(DcapQuote parsed, SgxReportBody qeReport)
      throws GeneralSecurityException {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update(parsed.attestationKey());
    sha256.update(parsed.qeAuthData());
    byte[] expected = new byte[64];
    System.arraycopy(sha256.digest(), 0, expected, 0, 32);
    if (!MessageDigest.isEqual(expected, qeReport.reportData())) {
      throw new QuoteVerificationException(QuoteFailure.QE_REPORT_DATA_MISMATCH,
          "the QE report data is not SHA-256(attestation key || QE auth data) followed by zeros;"
              + " the attestation key or QE authentication data was altered");
    }
  }

  @Override
  public String toString() {
    return "DcapQuoteVerifier{clock=" + clock + "}";
  }

  /** Configures trust anchor, CRLs and time. Defaults: Intel SGX Root CA, no CRLs, system UTC clock. */
  public static final class Builder {
    private X509Certificate pinnedRoot;
    private final List<byte[]> crls = new ArrayList<>();
    private boolean acceptStaleCrls;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Adds a CRL (DER or PEM), typically the PCK Processor or Platform CA CRL and the Root CA CRL.
     * CRLs of a CA outside a quote's chain are ignored for that quote.
     */
    public Builder addCrl(byte[] derOrPem) {
      crls.add(Objects.requireNonNull(derOrPem, "crl").clone());
      return this;
    }

    /**
     * Accepts CRLs whose nextUpdate has passed. Revocations they list are still enforced; only the
     * assurance that nothing was revoked since is lost.
     */
    public Builder acceptStaleCrls(boolean accept) {
      this.acceptStaleCrls = accept;
      return this;
    }

    /** The clock giving the verification instant for certificate and CRL validity. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Shorthand for a clock fixed at {@code at}, to verify evidence as of a past instant. */
    public Builder at(Instant at) {
      return clock(Clock.fixed(Objects.requireNonNull(at, "at"), java.time.ZoneOffset.UTC));
    }

    /**
     * Replaces the pinned Intel SGX Root CA by {@code root}. For tests with synthetic quotes only:
     * quotes of real SGX platforms never chain to any other root.
     */
    public Builder replacePinnedRootForTesting(X509Certificate root) {
      this.pinnedRoot = Objects.requireNonNull(root, "root");
      return this;
    }

    /**
     * @throws QuoteVerificationException with {@link QuoteFailure#CRL_MALFORMED} if a CRL cannot be
     *     parsed
     * @throws GeneralSecurityException if the bundled Intel root cannot be loaded
     */
    public DcapQuoteVerifier build() throws GeneralSecurityException {
      X509Certificate root = pinnedRoot != null ? pinnedRoot : IntelSgxRootCa.certificate();
      List<X509CRL> parsed = new ArrayList<>();
      for (int i = 0; i < crls.size(); i++) {
        try {
          parsed.add(CrlParser.parse(crls.get(i)));
        } catch (CRLException e) {
          throw new QuoteVerificationException(QuoteFailure.CRL_MALFORMED,
              "CRL #" + (i + 1) + " is not a DER or PEM X.509 CRL (" + e.getMessage()
                  + "); download it again from Intel PCS or your PCCS", e);
        }
      }
      return new DcapQuoteVerifier(new PckChainValidator(root, parsed, acceptStaleCrls), clock);
    }
  }
}
