package org.trustbeat.attestation.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decodes the concatenated PEM certificates of DCAP certification data type 5. */
public final class PemCertificates {
  /** Leaf, intermediate, root: a longer list is not a PCK chain and only costs parsing time. */
  public static final int MAX_CERTIFICATES = 3;

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----");

  private PemCertificates() {}

  /**
   * @throws CertificateException if there is no certificate, more than {@link #MAX_CERTIFICATES},
   *     or a block is not a valid X.509 certificate
   */
  public static List<X509Certificate> parse(byte[] pem) throws CertificateException {
    // A NUL terminator is common after the last PEM block in quotes; it carries no data.
    String text = new String(pem, StandardCharsets.US_ASCII);
    Matcher m = BLOCK.matcher(text);
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    while (m.find()) {
      if (out.size() == MAX_CERTIFICATES) {
        throw new CertificateException(
            "more than " + MAX_CERTIFICATES + " certificates in the PCK chain");
      }
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(1));
      } catch (IllegalArgumentException e) {
        throw new CertificateException(
            "certificate " + (out.size() + 1) + " is not valid base64", e);
      }
      out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
    }
    if (out.isEmpty()) {
      throw new CertificateException("no PEM certificate found in the certification data");
    }
    return out;
  }
}
