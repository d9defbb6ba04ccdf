package org.trustbeat.attestation.internal;

import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.trustbeat.attestation.QuoteFailure;
import org.trustbeat.attestation.QuoteVerificationException;

/** Checks one CRL against the CA that must have issued it, at one instant. */
final class CrlCheck {
  private CrlCheck() {}

  /**
   * Verifies that {@code crl} is issued and signed by {@code issuer}, that none of {@code subjects}
   * issued by it is listed, and that it is current at {@code at}.
   *
   * @param what names the CRL in messages, e.g. "the PCK CRL"
   */
  static void check(
      X509CRL crl, X509Certificate issuer, List<X509Certificate> subjects, Instant at, String what)
      throws QuoteVerificationException {
    if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      throw new QuoteVerificationException(
          QuoteFailure.CRL_ISSUER_MISMATCH,
          what
              + " is issued by '"
              + crl.getIssuerX500Principal().getName()
              + "' but must be"
              + " issued by '"
              + issuer.getSubjectX500Principal().getName()
              + "'; fetch the CRL"
              + " of that CA (for the PCK CRL: ca=processor or ca=platform as the PCK leaf's issuer)");
    }
    checkSignedBy(crl, issuer, what);
    checkRevocations(crl, subjects);
    checkCurrent(crl, at, what);
  }

  static void checkSignedBy(X509CRL crl, X509Certificate issuer, String what)
      throws QuoteVerificationException {
    try {
      crl.verify(issuer.getPublicKey());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new QuoteVerificationException(
          QuoteFailure.CRL_SIGNATURE_INVALID,
          what
              + " naming '"
              + crl.getIssuerX500Principal().getName()
              + "' as issuer is not"
              + " signed by that CA's key; the CRL was altered: download it again from Intel PCS or"
              + " your PCCS",
          e);
    }
  }

  static void checkRevocations(X509CRL crl, List<X509Certificate> subjects)
      throws QuoteVerificationException {
    for (X509Certificate cert : subjects) {
      if (cert.getIssuerX500Principal().equals(crl.getIssuerX500Principal())
          && crl.getRevokedCertificate(cert) != null) {
        throw new QuoteVerificationException(
            QuoteFailure.CERTIFICATE_REVOKED,
            "certificate '"
                + cert.getSubjectX500Principal().getName()
                + "' with serial "
                + cert.getSerialNumber().toString(16)
                + " is revoked by the CRL of '"
                + crl.getIssuerX500Principal().getName()
                + "'; this platform must not be trusted");
      }
    }
  }

  static void checkCurrent(X509CRL crl, Instant at, String what) throws QuoteVerificationException {
    Date thisUpdate = crl.getThisUpdate();
    Date nextUpdate = crl.getNextUpdate();
    boolean notYetIssued = thisUpdate.toInstant().isAfter(at);
    boolean stale = nextUpdate == null || nextUpdate.toInstant().isBefore(at);
    if (notYetIssued || stale) {
      throw new QuoteVerificationException(
          QuoteFailure.CRL_EXPIRED,
          what
              + " of '"
              + crl.getIssuerX500Principal().getName()
              + "' is valid from "
              + thisUpdate.toInstant()
              + " to "
              + (nextUpdate == null ? "(no nextUpdate)" : nextUpdate.toInstant())
              + ", not at "
              + at
              + "; download a current CRL, or verify at a time inside its validity (--at)");
    }
  }
}
