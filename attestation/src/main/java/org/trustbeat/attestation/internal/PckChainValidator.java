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
 * Checks a PCK certificate chain (leaf, intermediate CA, root) against one pinned root, at one
 * instant, with optional CRLs.
 */
public final class PckChainValidator {
  private final X509Certificate pinnedRoot;
  private final byte[] pinnedFingerprint;
  private final List<X509CRL> crls;
  private final boolean acceptStaleCrls;

  public PckChainValidator(X509Certificate pinnedRoot, List<X509CRL> crls, boolean acceptStaleCrls)
      throws GeneralSecurityException {
    this.pinnedRoot = pinnedRoot;
    this.pinnedFingerprint = sha256(pinnedRoot.getEncoded());
    this.crls = List.copyOf(crls);
    this.acceptStaleCrls = acceptStaleCrls;
  }

  public static byte[] sha256(byte[] data) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  /** @return the PCK leaf certificate, whose key signs the QE report */
  public X509Certificate validate(List<X509Certificate> chain, Instant at) throws GeneralSecurityException {
    if (chain.size() != 3) {
      throw new QuoteVerificationException(QuoteFailure.PCK_CHAIN_INVALID,
          "the PCK chain has " + chain.size() + " certificates but must hold the PCK leaf, the"
              + " Platform or Processor CA and the root; ask the quote provider for the full chain");
    }
    X509Certificate root = chain.get(2);
    if (!MessageDigest.isEqual(sha256(root.getEncoded()), pinnedFingerprint)) {
      throw new QuoteVerificationException(QuoteFailure.UNTRUSTED_ROOT,
          "the PCK chain ends at '" + root.getSubjectX500Principal().getName() + "' (SHA-256 "
              + HexFormat.of().formatHex(sha256(root.getEncoded())) + ") instead of the pinned root '"
              + pinnedRoot.getSubjectX500Principal().getName() + "'; the quote was not produced by a"
              + " genuine SGX platform, or it comes from a pre-production environment");
    }
    for (X509Certificate cert : chain) {
      checkValidity(cert, at);
    }
    checkSignatures(chain.subList(0, 2), at);
    for (X509CRL crl : crls) {
      checkCrl(crl, chain, at);
    }
    return chain.get(0);
  }

  private static void checkValidity(X509Certificate cert, Instant at) throws QuoteVerificationException {
    try {
      cert.checkValidity(Date.from(at));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new QuoteVerificationException(QuoteFailure.CERTIFICATE_EXPIRED,
          "certificate '" + cert.getSubjectX500Principal().getName() + "' is valid from "
              + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant()
              + ", not at " + at + "; fetch a fresh quote, or verify at a time inside its validity", e);
    }
  }

  private void checkSignatures(List<X509Certificate> leafAndIntermediate, Instant at)
      throws GeneralSecurityException {
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(pinnedRoot, null)));
    // Revocation is checked below against caller-supplied CRLs, so each failure gets its own reason.
    params.setRevocationEnabled(false);
    params.setDate(Date.from(at));
    try {
      CertPathValidator.getInstance("PKIX").validate(
          CertificateFactory.getInstance("X.509").generateCertPath(leafAndIntermediate), params);
    } catch (CertPathValidatorException e) {
      throw new QuoteVerificationException(QuoteFailure.PCK_CHAIN_INVALID,
          "the PCK chain does not validate up to the pinned root (" + e.getReason() + ": "
              + e.getMessage() + "); the certification data was altered or assembled wrongly", e);
    }
  }

  private void checkCrl(X509CRL crl, List<X509Certificate> chain, Instant at)
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
    try {
      crl.verify(issuer.getPublicKey());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new QuoteVerificationException(QuoteFailure.CRL_SIGNATURE_INVALID,
          "the CRL naming '" + crl.getIssuerX500Principal().getName() + "' as issuer is not signed"
              + " by that CA's key; download the CRL again from Intel PCS or your PCCS", e);
    }
    for (X509Certificate cert : chain) {
      if (cert.getIssuerX500Principal().equals(crl.getIssuerX500Principal())
          && crl.getRevokedCertificate(cert) != null) {
        throw new QuoteVerificationException(QuoteFailure.CERTIFICATE_REVOKED,
            "certificate '" + cert.getSubjectX500Principal().getName() + "' with serial "
                + cert.getSerialNumber().toString(16) + " is revoked by the CRL of '"
                + crl.getIssuerX500Principal().getName() + "'; this platform must not be trusted");
      }
    }
    Date thisUpdate = crl.getThisUpdate();
    Date nextUpdate = crl.getNextUpdate();
    boolean notYetIssued = thisUpdate.toInstant().isAfter(at);
    boolean stale = nextUpdate == null || nextUpdate.toInstant().isBefore(at);
    if (notYetIssued || (stale && !acceptStaleCrls)) {
      throw new QuoteVerificationException(QuoteFailure.CRL_EXPIRED,
          "the CRL of '" + crl.getIssuerX500Principal().getName() + "' is valid from "
              + thisUpdate.toInstant() + " to " + (nextUpdate == null ? "(no nextUpdate)" : nextUpdate.toInstant())
              + ", not at " + at + "; download a current CRL"
              + (notYetIssued ? "" : ", or explicitly accept stale CRLs"));
    }
  }
}
