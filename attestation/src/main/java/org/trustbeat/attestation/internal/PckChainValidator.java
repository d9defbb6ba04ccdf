package org.trustbeat.attestation.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.trustbeat.attestation.QuoteFailure;
import org.trustbeat.attestation.QuoteVerificationException;

/**
 * Checks certificate chains against one pinned root at one instant: the PCK chain of a quote (leaf,
 * Processor or Platform CA, root) with optional extra CRLs, and the TCB Signing chain of collateral
 * (signer, root). Revocation from the collateral's own CRLs is checked by the caller.
 */
public final class PckChainValidator {
  private final X509Certificate pinnedRoot;
  private final byte[] pinnedFingerprint;
  private final List<X509CRL> crls;

  /**
   * @param crls extra CRLs checked against every PCK chain; a CRL of a CA outside it is ignored
   */
  public PckChainValidator(X509Certificate pinnedRoot, List<X509CRL> crls)
      throws GeneralSecurityException {
    this.pinnedRoot = pinnedRoot;
    this.pinnedFingerprint = sha256(pinnedRoot.getEncoded());
    this.crls = List.copyOf(crls);
  }

  public X509Certificate pinnedRoot() {
    return pinnedRoot;
  }

  public static byte[] sha256(byte[] data) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  /**
   * @return the PCK leaf certificate, whose key signs the QE report
   */
  public X509Certificate validate(List<X509Certificate> chain, Instant at)
      throws GeneralSecurityException {
    if (chain.size() != 3) {
      throw new QuoteVerificationException(
          QuoteFailure.PCK_CHAIN_INVALID,
          "the PCK chain has "
              + chain.size()
              + " certificates but must hold the PCK leaf, the"
              + " Platform or Processor CA and the root; ask the quote provider for the full chain");
    }
    checkRoot(
        chain.get(2),
        "the PCK chain",
        "the quote was not produced by a genuine SGX"
            + " platform, or it comes from a pre-production environment");
    for (X509Certificate cert : chain) {
      checkValidity(cert, at);
    }
    checkSignatures(
        chain.subList(0, 2),
        at,
        QuoteFailure.PCK_CHAIN_INVALID,
        "the PCK chain",
        "the certification data was altered or assembled wrongly");
    for (X509CRL crl : crls) {
      checkCrl(crl, chain, at);
    }
    return chain.get(0);
  }

  /**
   * Validates the issuer chain of TCB info or QE identity: exactly the Intel SGX TCB Signing
   * certificate (an end entity with that common name) and the pinned root.
   *
   * @param what names the chain in messages, e.g. "tcb_info_issuer_chain"
   * @return the TCB Signing certificate, whose key signs the collateral
   */
  public X509Certificate validateTcbSigningChain(
      List<X509Certificate> chain, Instant at, String what) throws GeneralSecurityException {
    if (chain.size() != 2) {
      throw new QuoteVerificationException(
          QuoteFailure.COLLATERAL_CHAIN_INVALID,
          what
              + " has "
              + chain.size()
              + " certificates but must hold the TCB Signing certificate"
              + " and the root; pass the issuer chain Intel PCS returned with it");
    }
    checkRoot(
        chain.get(1),
        what,
        "the collateral was not issued by Intel, or it comes from a"
            + " pre-production environment");
    X509Certificate signer = chain.get(0);
    if (signer.getBasicConstraints() != -1
        || !commonNames(signer).equals(List.of(TCB_SIGNING_COMMON_NAME))) {
      throw new QuoteVerificationException(
          QuoteFailure.COLLATERAL_CHAIN_INVALID,
          what
              + " starts with '"
              + signer.getSubjectX500Principal().getName()
              + "', not the end-entity"
              + " certificate '"
              + TCB_SIGNING_COMMON_NAME
              + "'; only that certificate may sign"
              + " TCB info and QE identity");
    }
    for (X509Certificate cert : chain) {
      checkValidity(cert, at);
    }
    checkSignatures(
        chain.subList(0, 1),
        at,
        QuoteFailure.COLLATERAL_CHAIN_INVALID,
        what,
        "the collateral's issuer chain was altered");
    return signer;
  }

  /** The common name of the certificate whose key signs TCB info and QE identity. */
  public static final String TCB_SIGNING_COMMON_NAME = "Intel SGX TCB Signing";

  private void checkRoot(X509Certificate root, String what, String meaning)
      throws GeneralSecurityException {
    if (!MessageDigest.isEqual(sha256(root.getEncoded()), pinnedFingerprint)) {
      throw new QuoteVerificationException(
          QuoteFailure.UNTRUSTED_ROOT,
          what
              + " ends at '"
              + root.getSubjectX500Principal().getName()
              + "' (SHA-256 "
              + HexFormat.of().formatHex(sha256(root.getEncoded()))
              + ") instead of the pinned root '"
              + pinnedRoot.getSubjectX500Principal().getName()
              + "'; "
              + meaning);
    }
  }

  private static List<String> commonNames(X509Certificate cert) {
    try {
      List<String> out = new java.util.ArrayList<>();
      for (javax.naming.ldap.Rdn rdn :
          new javax.naming.ldap.LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          out.add(String.valueOf(rdn.getValue()));
        }
      }
      return out;
    } catch (javax.naming.InvalidNameException e) {
      return List.of();
    }
  }

  private static void checkValidity(X509Certificate cert, Instant at)
      throws QuoteVerificationException {
    try {
      cert.checkValidity(Date.from(at));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new QuoteVerificationException(
          QuoteFailure.CERTIFICATE_EXPIRED,
          "certificate '"
              + cert.getSubjectX500Principal().getName()
              + "' is valid from "
              + cert.getNotBefore().toInstant()
              + " to "
              + cert.getNotAfter().toInstant()
              + ", not at "
              + at
              + "; fetch a fresh quote, or verify at a time inside its validity",
          e);
    }
  }

  private void checkSignatures(
      List<X509Certificate> belowRoot,
      Instant at,
      QuoteFailure failure,
      String what,
      String meaning)
      throws GeneralSecurityException {
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(pinnedRoot, null)));
    // Revocation is checked below against caller-supplied CRLs, so each failure gets its own
    // reason.
    params.setRevocationEnabled(false);
    params.setDate(Date.from(at));
    try {
      CertPathValidator.getInstance("PKIX")
          .validate(CertificateFactory.getInstance("X.509").generateCertPath(belowRoot), params);
    } catch (CertPathValidatorException e) {
      throw new QuoteVerificationException(
          failure,
          what
              + " does not validate up to the pinned root ("
              + e.getReason()
              + ": "
              + e.getMessage()
              + "); "
              + meaning,
          e);
    }
  }

  private static void checkCrl(X509CRL crl, List<X509Certificate> chain, Instant at)
      throws QuoteVerificationException {
    X509Certificate issuer = null;
    for (X509Certificate ca : chain.subList(1, chain.size())) {
      if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
        issuer = ca;
      }
    }
    if (issuer == null) {
      // A Platform CA CRL does not apply to a chain through the Processor CA, and vice versa.
      return;
    }
    CrlCheck.check(crl, issuer, chain, at, "the CRL");
  }
}
