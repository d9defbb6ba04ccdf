package org.trustbeat.attestation.internal;

import java.io.ByteArrayInputStream;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;

/** Reads a certificate revocation list given as DER or PEM, as Intel's PCS serves both. */
public final class CrlParser {
  private CrlParser() {}

  public static X509CRL parse(byte[] derOrPem) throws CRLException {
    if (derOrPem.length == 0) {
      throw new CRLException("the CRL is empty");
    }
    try {
      // The JDK factory accepts both DER and a PEM "X509 CRL" block.
      return (X509CRL)
          CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(derOrPem));
    } catch (CertificateException e) {
      throw new CRLException("X.509 certificate factory unavailable", e);
    } catch (RuntimeException e) {
      // The JDK decoder has thrown unchecked exceptions on some malformed encodings.
      throw new CRLException("not a DER or PEM X.509 CRL", e);
    }
  }
}
