package org.trustbeat.attestation;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.security.auth.x500.X500Principal;

/**
 * The Intel SGX Root CA, shipped as a resource and pinned by its SHA-256 fingerprint, so that a
 * replaced resource file fails loudly instead of silently trusting another root.
 */
public final class IntelSgxRootCa {
  /**
   * SHA-256 over the DER encoding of the Intel SGX Root CA certificate (valid 2018-05-21 to
   * 2049-12-31).
   */
  public static final String SHA256_FINGERPRINT_HEX =
      "44a0196b2b99f889b8e149e95b807a350e7424964399e885a7cbb8ccfab674d3";

  static final String RESOURCE = "intel-sgx-root-ca.pem";

  private IntelSgxRootCa() {}

  /**
   * Loads and checks the pinned root certificate.
   *
   * @throws GeneralSecurityException if the resource is missing, is not self-signed by "CN=Intel
   *     SGX Root CA", or its fingerprint differs from {@link #SHA256_FINGERPRINT_HEX}
   */
  public static X509Certificate certificate() throws GeneralSecurityException {
    X509Certificate root;
    try (InputStream in = IntelSgxRootCa.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new GeneralSecurityException(
            "resource " + RESOURCE + " is missing from the attestation jar; rebuild the module");
      }
      root = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot read " + RESOURCE + "; rebuild the module", e);
    }
    String fingerprint =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded()));
    if (!fingerprint.equals(SHA256_FINGERPRINT_HEX)) {
      throw new GeneralSecurityException(
          "the bundled root certificate has SHA-256 "
              + fingerprint
              + " but the Intel SGX Root CA is pinned as "
              + SHA256_FINGERPRINT_HEX
              + "; restore "
              + RESOURCE
              + " from the Intel PCS");
    }
    X500Principal subject = root.getSubjectX500Principal();
    if (!subject.equals(root.getIssuerX500Principal())
        || !commonNames(subject).equals(java.util.List.of("Intel SGX Root CA"))) {
      throw new GeneralSecurityException(
          "the bundled root is '"
              + subject.getName()
              + "', not the self-issued Intel SGX Root CA; restore "
              + RESOURCE);
    }
    root.verify(root.getPublicKey());
    return root;
  }

  private static java.util.List<String> commonNames(X500Principal name)
      throws GeneralSecurityException {
    try {
      java.util.List<String> out = new java.util.ArrayList<>();
      for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(name.getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          out.add(String.valueOf(rdn.getValue()));
        }
      }
      return out;
    } catch (javax.naming.InvalidNameException e) {
      throw new GeneralSecurityException("unparsable subject name " + name, e);
    }
  }
}
