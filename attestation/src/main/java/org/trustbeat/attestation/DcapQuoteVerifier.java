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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.trustbeat.attestation.internal.CollateralParts;
import org.trustbeat.attestation.internal.CollateralVerifier;
import org.trustbeat.attestation.internal.CrlParser;
import org.trustbeat.attestation.internal.DcapQuote;
import org.trustbeat.attestation.internal.DcapQuoteParser;
import org.trustbeat.attestation.internal.EcdsaP256;
import org.trustbeat.attestation.internal.PckChainValidator;
import org.trustbeat.attestation.internal.PemCertificates;
import org.trustbeat.attestation.internal.QeIdentity;
import org.trustbeat.attestation.internal.SgxPckExtensions;
import org.trustbeat.attestation.internal.SgxReportBody;
import org.trustbeat.attestation.internal.TcbEvaluation;
import org.trustbeat.attestation.internal.TcbInfo;

/**
 * Verifies Intel SGX DCAP quotes (versions 3 and 4, ECDSA P-256) entirely in Java, with the checks
 * of Intel's Quote Verification Library: signatures, certificate chains, revocation, the Quoting
 * Enclave's identity and the platform's TCB level, from Intel-signed {@link DcapCollateral}.
 *
 * <h2>Security guarantees</h2>
 *
 * <p>If {@link #verify} returns, then at the verification instant (the injected clock, never the
 * wall clock directly):
 *
 * <ul>
 *   <li>the quote's PCK certificate chain leads, by signature, to the pinned Intel SGX Root CA (a
 *       chain ending at any other root is refused, however self-consistent) and every certificate
 *       of it is within its validity period;
 *   <li>the collateral's TCB info and QE identity are signed, over the exact bytes Intel served, by
 *       the end-entity certificate "Intel SGX TCB Signing" issued by that same pinned root, and are
 *       between their issueDate and nextUpdate;
 *   <li>the collateral's Root CA CRL (signed by the pinned root) and PCK CRL (signed by the quote's
 *       PCK Processor/Platform CA) are current and revoke none of the PCK CA, the PCK leaf and the
 *       TCB Signing certificate; extra CRLs given to the builder are enforced too;
 *   <li>the Quoting Enclave's report is signed by the PCK leaf key, commits to the attestation key
 *       and QE authentication data, and matches the QE identity: Intel's QE MRSIGNER and ISVPRODID,
 *       MISCSELECT and ATTRIBUTES under their masks (so no debug QE), an ISVSVN at a TCB level that
 *       is not revoked;
 *   <li>the PCK certificate's Intel SGX extension names the TCB info's FMSPC and PCE ID, and its 16
 *       CPUSVN components and PCESVN meet a TCB level that is not revoked; the returned {@link
 *       EnclaveIdentity#tcbStatus()} and {@link EnclaveIdentity#advisoryIds()} are that level's,
 *       combined with the QE's as Intel's library combines them;
 *   <li>the quote header and the ISV enclave report are signed by the attestation key, so the
 *       returned MRENCLAVE, MRSIGNER, ISV product id, SVN, debug flag and report data are the ones
 *       the CPU measured.
 * </ul>
 *
 * <p>Not guaranteed: freshness of the quote itself is the caller's business (bind a nonce with
 * {@link ReportData}); revocation and TCB status are only as current as the collateral supplied
 * (which is refused after its nextUpdate); whether an enclave and a TCB status may be trusted is
 * decided by {@link AttestationPolicy}, not here. A verifier built with {@link
 * Builder#insecureWithoutCollateral()} gives only the first and last guarantees and the extra CRLs:
 * it reports no TCB status, and {@link AttestationPolicy} refuses its identities.
 */
public final class DcapQuoteVerifier implements EvidenceVerifier {
  private final PckChainValidator chainValidator;
  private final DcapCollateral collateral;
  private final Clock clock;

  private DcapQuoteVerifier(
      PckChainValidator chainValidator, DcapCollateral collateral, Clock clock) {
    this.chainValidator = chainValidator;
    this.collateral = collateral;
    this.clock = clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public EnclaveIdentity verify(Evidence evidence) throws GeneralSecurityException {
    if (evidence.kind() != EvidenceKind.SGX_DCAP) {
      throw new QuoteVerificationException(
          QuoteFailure.WRONG_EVIDENCE_KIND,
          "evidence of kind "
              + evidence.kind()
              + " was given to the SGX DCAP verifier; use the"
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
    // Checked before the certificates so a damaged key is reported as such, not as a binding
    // mismatch.
    Optional<PublicKey> attestationKey = EcdsaP256.publicKeyFromRaw(parsed.attestationKey());
    if (attestationKey.isEmpty()) {
      throw new QuoteVerificationException(
          QuoteFailure.ATTESTATION_KEY_INVALID,
          "the attestation key is not a point on P-256; the quote was altered");
    }

    List<X509Certificate> chain;
    try {
      chain = PemCertificates.parse(parsed.pckChainPem());
    } catch (CertificateException e) {
      throw new QuoteVerificationException(
          QuoteFailure.PCK_CHAIN_INVALID,
          "the PCK certificate chain in the quote cannot be parsed (" + e.getMessage() + ")",
          e);
    }
    X509Certificate pckLeaf = chainValidator.validate(chain, at);

    SgxPckExtensions pck = null;
    CollateralParts parts = null;
    if (collateral != null) {
      pck = SgxPckExtensions.of(pckLeaf);
      parts = collateral.parts();
      CollateralVerifier.verify(parts, chain, chainValidator, at);
    }

    SgxReportBody qeReport = parsed.qeReport();
    if (!EcdsaP256.verify(pckLeaf.getPublicKey(), qeReport.raw(), parsed.qeReportSignature())) {
      throw new QuoteVerificationException(
          QuoteFailure.QE_REPORT_SIGNATURE_INVALID,
          "the QE report is not signed by the PCK certificate's key; the QE report, its signature"
              + " or the PCK certificate was altered");
    }
    checkQeBinding(parsed, qeReport);
    QeIdentity.Level qeLevel =
        parts == null ? null : TcbEvaluation.matchQe(parts.qeIdentity(), qeReport);

    if (!EcdsaP256.verify(attestationKey.get(), parsed.signedPart(), parsed.isvSignature())) {
      throw new QuoteVerificationException(
          QuoteFailure.ISV_REPORT_SIGNATURE_INVALID,
          "the quote header and enclave report are not signed by the attestation key; the report"
              + " body, header or signature was altered");
    }

    TcbStatus status = null;
    List<String> advisories = List.of();
    if (parts != null) {
      TcbInfo.Level platformLevel = TcbEvaluation.matchPlatform(parts.tcbInfo(), pck);
      TcbEvaluation.Result tcb = TcbEvaluation.combine(platformLevel, qeLevel);
      status = tcb.status();
      advisories = tcb.advisoryIds();
    }

    SgxReportBody isv = parsed.isvReport();
    return new EnclaveIdentity(
        EvidenceKind.SGX_DCAP,
        parsed.version(),
        isv.mrenclave(),
        isv.mrsigner(),
        isv.isvProdId(),
        isv.isvSvn(),
        isv.debug(),
        isv.reportData(),
        pckLeaf.getSubjectX500Principal().getName(),
        status,
        advisories);
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
      throw new QuoteVerificationException(
          QuoteFailure.QE_REPORT_DATA_MISMATCH,
          "the QE report data is not SHA-256(attestation key || QE auth data) followed by zeros;"
              + " the attestation key or QE authentication data was altered");
    }
  }

  /** Whether TCB info and QE identity are evaluated; false only for the insecure opt-in. */
  public boolean evaluatesTcb() {
    return collateral != null;
  }

  @Override
  public String toString() {
    return "DcapQuoteVerifier{"
        + (collateral == null
            ? "INSECURE: no collateral, TCB not evaluated"
            : collateral.toString())
        + ", clock="
        + clock
        + "}";
  }

  /**
   * Configures collateral, trust anchor, extra CRLs and time. Required: {@link #collateral}, unless
   * {@link #insecureWithoutCollateral()}. Defaults: the pinned Intel SGX Root CA, no extra CRLs,
   * the system UTC clock.
   */
  public static final class Builder {
    private X509Certificate pinnedRoot;
    private final List<byte[]> crls = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private DcapCollateral collateral;
    private boolean insecureWithoutCollateral;

    private Builder() {}

    /**
     * The Intel-signed collateral for the platforms to verify (one FMSPC): required. Fetch it with
     * {@code dcap-qvl} (or from a PCCS) before its nextUpdate, see {@link DcapCollateral}.
     */
    public Builder collateral(DcapCollateral collateral) {
      this.collateral = Objects.requireNonNull(collateral, "collateral");
      return this;
    }

    /**
     * Verifies signatures and the PCK chain only, without TCB info, QE identity or the collateral
     * CRLs: a quote from an unpatched platform, or whose "Quoting Enclave" is a debug or foreign
     * enclave, is accepted. The resulting identities carry no TCB status, and {@link
     * AttestationPolicy} refuses them; use this only to inspect quotes that have no collateral.
     */
    public Builder insecureWithoutCollateral() {
      this.insecureWithoutCollateral = true;
      return this;
    }

    /**
     * Adds an extra CRL (DER or PEM) enforced on every PCK chain besides the collateral's, e.g. the
     * Platform CA CRL. A CRL of a CA outside a quote's chain is ignored for that quote; a stale one
     * is refused.
     */
    public Builder addCrl(byte[] derOrPem) {
      crls.add(Objects.requireNonNull(derOrPem, "crl").clone());
      return this;
    }

    /** The clock giving the verification instant for certificate, CRL and collateral validity. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Shorthand for a clock fixed at {@code at}, to verify evidence as of a past instant. */
    public Builder at(Instant at) {
      return clock(Clock.fixed(Objects.requireNonNull(at, "at"), ZoneOffset.UTC));
    }

    /**
     * Replaces the pinned Intel SGX Root CA by {@code root}, for the PCK chain and the collateral
     * alike. For tests with synthetic quotes only: real SGX platforms never chain to another root.
     */
    public Builder replacePinnedRootForTesting(X509Certificate root) {
      this.pinnedRoot = Objects.requireNonNull(root, "root");
      return this;
    }

    /**
     * @throws IllegalStateException if no collateral was given and {@link
     *     #insecureWithoutCollateral()} was not chosen, or both were
     * @throws QuoteVerificationException with {@link QuoteFailure#CRL_MALFORMED} if an extra CRL
     *     cannot be parsed
     * @throws GeneralSecurityException if the bundled Intel root cannot be loaded
     */
    public DcapQuoteVerifier build() throws GeneralSecurityException {
      if (collateral == null && !insecureWithoutCollateral) {
        throw new IllegalStateException(
            "a DCAP verifier needs Intel's collateral (TCB info, QE"
                + " identity, CRLs) to check the platform's TCB and the Quoting Enclave; pass"
                + " collateral(DcapCollateral.read(file)) (on the command line: --collateral FILE)");
      }
      if (collateral != null && insecureWithoutCollateral) {
        throw new IllegalStateException(
            "collateral(...) and insecureWithoutCollateral() contradict"
                + " each other; drop insecureWithoutCollateral()");
      }
      X509Certificate root = pinnedRoot != null ? pinnedRoot : IntelSgxRootCa.certificate();
      List<X509CRL> parsed = new ArrayList<>();
      for (int i = 0; i < crls.size(); i++) {
        try {
          parsed.add(CrlParser.parse(crls.get(i)));
        } catch (CRLException e) {
          throw new QuoteVerificationException(
              QuoteFailure.CRL_MALFORMED,
              "CRL #"
                  + (i + 1)
                  + " is not a DER or PEM X.509 CRL ("
                  + e.getMessage()
                  + "); download it again from Intel PCS or your PCCS",
              e);
        }
      }
      return new DcapQuoteVerifier(new PckChainValidator(root, parsed), collateral, clock);
    }
  }
}
