package org.trustbeat.attestation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Objects;
import org.trustbeat.attestation.internal.CollateralParser;
import org.trustbeat.attestation.internal.CollateralParts;
import org.trustbeat.attestation.internal.QeIdentity;
import org.trustbeat.attestation.internal.TcbInfo;

/**
 * The collateral Intel's Quote Verification Library needs besides a quote, for one platform model
 * (FMSPC): the TCB info (v3) and the Quoting Enclave identity (v2), each as the JSON text Intel
 * signed with the Intel SGX TCB Signing certificate, that certificate's issuer chain, the CRL of
 * the PCK Processor or Platform CA and the CRL of the Intel SGX Root CA. Immutable.
 *
 * <p>The file format is the JSON object Phala Network's {@code dcap-qvl} writes for its {@code
 * QuoteCollateralV3} ({@code dcap-qvl get_collateral}): {@code tcb_info}, {@code qe_identity}
 * (signed JSON text), {@code tcb_info_signature}, {@code qe_identity_signature} (hex r||s), {@code
 * tcb_info_issuer_chain}, {@code qe_identity_issuer_chain} (PEM), {@code pck_crl}, {@code
 * root_ca_crl} (hex DER); {@code pck_crl_issuer_chain} and unknown keys are ignored (the PCK CRL is
 * checked against the CA of the quote's own, validated, PCK chain).
 *
 * <h2>Security guarantees</h2>
 *
 * <p>None by itself: {@link #parse} only checks structure. {@link DcapQuoteVerifier} verifies every
 * signature, chain, CRL and validity period against the pinned root and its clock each time it uses
 * the collateral, so a {@code DcapCollateral} may come from any untrusted source (a PCCS, a file,
 * the host under attestation).
 */
public final class DcapCollateral {
  /** Far above any real bundle (10–50 kB). */
  public static final int MAX_BYTES = CollateralParser.MAX_BYTES;

  private final CollateralParts parts;

  private DcapCollateral(CollateralParts parts) {
    this.parts = parts;
  }

  /**
   * Parses a bundle in the {@code dcap-qvl} JSON format described above.
   *
   * @throws QuoteVerificationException {@link QuoteFailure#COLLATERAL_MALFORMED} naming the first
   *     bad field, or {@link QuoteFailure#COLLATERAL_UNSUPPORTED} for TDX, TCB info other than v3
   *     or unknown statuses; never an unchecked exception for any input
   */
  public static DcapCollateral parse(byte[] json) throws QuoteVerificationException {
    Objects.requireNonNull(json, "json");
    return new DcapCollateral(CollateralParser.parse(json));
  }

  /** Reads and {@link #parse parses} a collateral file. */
  public static DcapCollateral read(Path file) throws IOException, QuoteVerificationException {
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      throw new QuoteVerificationException(
          QuoteFailure.COLLATERAL_MALFORMED,
          file
              + " has "
              + size
              + " bytes, over the "
              + MAX_BYTES
              + "-byte limit; it is not a DCAP"
              + " collateral bundle");
    }
    return parse(Files.readAllBytes(file));
  }

  CollateralParts parts() {
    return parts;
  }

  /** The platform model (FMSPC) the TCB info is for, as 12 upper-case hex digits. */
  public String fmspcHex() {
    return parts.tcbInfo().fmspcHex();
  }

  public String pceIdHex() {
    return parts.tcbInfo().pceIdHex();
  }

  /** Intel's TCB recovery counter of the TCB info. */
  public int tcbEvaluationDataNumber() {
    return parts.tcbInfo().tcbEvaluationDataNumber();
  }

  /** The latest issue time of its parts: before it the bundle is not yet valid. */
  public Instant validFrom() {
    TcbInfo t = parts.tcbInfo();
    QeIdentity q = parts.qeIdentity();
    Instant from = latest(t.issueDate(), q.issueDate());
    from = latest(from, parts.pckCrl().getThisUpdate().toInstant());
    return latest(from, parts.rootCaCrl().getThisUpdate().toInstant());
  }

  /**
   * The earliest nextUpdate of its parts: after it every quote verified with this bundle is
   * refused, so fetch a fresh one before then.
   */
  public Instant validUntil() {
    Instant until = earliest(parts.tcbInfo().nextUpdate(), parts.qeIdentity().nextUpdate());
    until = earliest(until, nextUpdateOf(parts.pckCrl()));
    return earliest(until, nextUpdateOf(parts.rootCaCrl()));
  }

  /** A CRL without nextUpdate is never current. */
  private static Instant nextUpdateOf(X509CRL crl) {
    return crl.getNextUpdate() == null ? Instant.MIN : crl.getNextUpdate().toInstant();
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  @Override
  public String toString() {
    return "DcapCollateral{fmspc="
        + fmspcHex()
        + ", pceId="
        + pceIdHex()
        + ", tcbEvaluationDataNumber="
        + tcbEvaluationDataNumber()
        + ", tcbLevels="
        + parts.tcbInfo().levels().size()
        + ", qeTcbLevels="
        + parts.qeIdentity().levels().size()
        + ", validFrom="
        + validFrom()
        + ", validUntil="
        + validUntil()
        + ", tcbInfo="
        + parts.tcbInfoTextLength()
        + " bytes"
        + ", qeIdentity="
        + parts.qeIdentityTextLength()
        + " bytes}";
  }
}
