package org.trustbeat.attestation.internal;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.trustbeat.attestation.QuoteFailure;
import org.trustbeat.attestation.QuoteVerificationException;

/**
 * Verifies a collateral bundle for one quote's PCK chain, at one instant: the TCB Signing chains to
 * the pinned root, both CRLs (issuer, signature, freshness) and the revocation of every certificate
 * involved, and the signatures and validity of the TCB info and QE identity.
 */
public final class CollateralVerifier {
  private CollateralVerifier() {}

  /**
   * @param pckChain the quote's PCK chain, already validated by {@code chains}: leaf, CA, root
   */
  public static void verify(
      CollateralParts parts, List<X509Certificate> pckChain, PckChainValidator chains, Instant at)
      throws GeneralSecurityException {
    X509Certificate tcbSigner =
        chains.validateTcbSigningChain(parts.tcbInfoIssuerChain(), at, "tcb_info_issuer_chain");
    X509Certificate qeSigner =
        chains.validateTcbSigningChain(
            parts.qeIdentityIssuerChain(), at, "qe_identity_issuer_chain");

    X509Certificate pckLeaf = pckChain.get(0);
    X509Certificate pckCa = pckChain.get(1);
    CrlCheck.check(
        parts.rootCaCrl(),
        chains.pinnedRoot(),
        List.of(pckCa, tcbSigner, qeSigner),
        at,
        "the root CA CRL (root_ca_crl)");
    CrlCheck.check(parts.pckCrl(), pckCa, List.of(pckLeaf), at, "the PCK CRL (pck_crl)");

    if (!EcdsaP256.verify(
        tcbSigner.getPublicKey(), parts.tcbInfoText(), parts.tcbInfoSignature())) {
      throw new QuoteVerificationException(
          QuoteFailure.TCB_INFO_SIGNATURE_INVALID,
          "tcb_info is not signed by the Intel SGX TCB Signing certificate (tcb_info_signature);"
              + " the TCB info text or its signature was altered: fetch the collateral again");
    }
    TcbInfo tcbInfo = parts.tcbInfo();
    checkCurrent("tcb_info", tcbInfo.issueDate(), tcbInfo.nextUpdate(), at);

    if (!EcdsaP256.verify(
        qeSigner.getPublicKey(), parts.qeIdentityText(), parts.qeIdentitySignature())) {
      throw new QuoteVerificationException(
          QuoteFailure.QE_IDENTITY_SIGNATURE_INVALID,
          "qe_identity is not signed by the Intel SGX TCB Signing certificate"
              + " (qe_identity_signature); the QE identity text or its signature was altered:"
              + " fetch the collateral again");
    }
    QeIdentity qeIdentity = parts.qeIdentity();
    checkCurrent("qe_identity", qeIdentity.issueDate(), qeIdentity.nextUpdate(), at);
  }

  private static void checkCurrent(String what, Instant issueDate, Instant nextUpdate, Instant at)
      throws QuoteVerificationException {
    if (issueDate.isAfter(at) || nextUpdate.isBefore(at)) {
      throw new QuoteVerificationException(
          QuoteFailure.COLLATERAL_EXPIRED,
          what
              + " is valid from its issueDate "
              + issueDate
              + " to its nextUpdate "
              + nextUpdate
              + ", not at "
              + at
              + "; fetch current collateral from Intel PCS or your PCCS, or"
              + " verify at a time inside its validity (--at)");
    }
  }
}
