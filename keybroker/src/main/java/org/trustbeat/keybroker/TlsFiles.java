package org.trustbeat.keybroker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/** Loading the key stores and CA certificates mutual TLS between hosts and the key broker needs. */
public final class TlsFiles {
  private TlsFiles() {}

  /**
   * A trust store holding every certificate of a PEM (or DER) file, e.g. the host CA.
   *
   * @throws IOException naming the file if it holds no certificate
   */
  public static KeyStore trustStoreOfPem(Path pem) throws IOException, GeneralSecurityException {
    Collection<? extends Certificate> certs;
    try (InputStream in = Files.newInputStream(pem)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (java.security.cert.CertificateException e) {
      throw new IOException(
          pem + " holds no readable X.509 certificate; give the CA certificate" + " in PEM form",
          e);
    }
    if (certs.isEmpty()) {
      throw new IOException(pem + " holds no certificate; give the CA certificate in PEM form");
    }
    return trustStoreOf(certs.toArray(new Certificate[0]));
  }

  /** A trust store holding {@code certificates}. */
  public static KeyStore trustStoreOf(Certificate... certificates)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    int i = 0;
    for (Certificate c : certificates) {
      ks.setCertificateEntry("ca-" + i++, c);
    }
    return ks;
  }

  /** A PKCS#12 (or JKS) key store, with an error that says what to check. */
  public static KeyStore loadKeyStore(Path file, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, password);
    } catch (IOException e) {
      throw new IOException(
          "cannot load key store " + file + ": wrong password or not a" + " PKCS#12/JKS file", e);
    }
    return ks;
  }

  /** The subject of a certificate, for messages. */
  static String subjectOf(Certificate c) {
    return c instanceof X509Certificate
        ? ((X509Certificate) c).getSubjectX500Principal().getName()
        : c.getType();
  }
}
