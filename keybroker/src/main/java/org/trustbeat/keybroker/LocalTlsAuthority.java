package org.trustbeat.keybroker;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small in-memory certificate authority for mutual TLS between hosts and the key broker: it
 * issues the broker's server certificate and one client certificate per host. For tests, the demo
 * and single-site deployments; a hospital would use its own PKI. (The MQTT module's CA issues
 * server certificates only and forgets its key, so it cannot issue host client certificates.)
 *
 * <h2>Security guarantees</h2>
 *
 * ECDSA P-256 keys from {@link SecureRandom}. The CA's private key lives in this object only and is
 * never written. Server certificates name only the given hosts and are valid for server
 * authentication only; client certificates for client authentication only, so a host certificate
 * cannot impersonate the broker and the reverse.
 */
public final class LocalTlsAuthority {
  private final KeyPair caKeys;
  private final X509Certificate caCertificate;
  private final Duration validity;

  private LocalTlsAuthority(KeyPair caKeys, X509Certificate caCertificate, Duration validity) {
    this.caKeys = caKeys;
    this.caCertificate = caCertificate;
    this.validity = validity;
  }

  /** A fresh CA named {@code CN=name}, whose certificates are valid for {@code validity}. */
  public static LocalTlsAuthority create(String name, Duration validity)
      throws GeneralSecurityException {
    Objects.requireNonNull(name, "name");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive, got " + validity);
    }
    KeyPair keys = ecKeyPair();
    X500Name subject = new X500Name("CN=" + name);
    Instant now = Instant.now();
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(validity)),
              subject,
              keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
      return new LocalTlsAuthority(keys, sign(b, keys), validity);
    } catch (IOException | OperatorCreationException e) {
      throw new GeneralSecurityException("cannot create the CA certificate: " + e, e);
    }
  }

  public X509Certificate certificate() {
    return caCertificate;
  }

  /**
   * A trust store holding only this CA: what the broker trusts for hosts, and hosts for the broker.
   */
  public KeyStore trustStore() throws GeneralSecurityException {
    try {
      return TlsFiles.trustStoreOf(caCertificate);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot make an in-memory trust store", e);
    }
  }

  /** Writes the CA certificate as PEM (public; what clients and the broker trust). */
  public void writeCertificatePem(Path file) throws IOException {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      w.writeObject(caCertificate);
    }
    Files.writeString(file, s.toString(), StandardCharsets.US_ASCII);
  }

  /**
   * A PKCS#12 key store (alias {@code server}) with a new key and a server certificate for {@code
   * hosts} (DNS names or IP literals).
   */
  public KeyStore issueServer(List<String> hosts, char[] password) throws GeneralSecurityException {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("name at least one host, e.g. 127.0.0.1");
    }
    List<GeneralName> names = new ArrayList<>();
    for (String h : hosts) {
      boolean ip = h.matches("[0-9.]+") || h.contains(":");
      names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, h));
    }
    return issue(
        "server",
        "CN=" + hosts.get(0),
        KeyPurposeId.id_kp_serverAuth,
        new GeneralNames(names.toArray(new GeneralName[0])),
        password);
  }

  /** A PKCS#12 key store (alias {@code client}) with a new key and a client certificate. */
  public KeyStore issueClient(String commonName, char[] password) throws GeneralSecurityException {
    Objects.requireNonNull(commonName, "commonName");
    return issue("client", "CN=" + commonName, KeyPurposeId.id_kp_clientAuth, null, password);
  }

  private KeyStore issue(
      String alias, String subject, KeyPurposeId purpose, GeneralNames names, char[] password)
      throws GeneralSecurityException {
    KeyPair keys = ecKeyPair();
    Instant now = Instant.now();
    try {
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              caCertificate,
              serial(),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(validity)),
              new X500Name(subject),
              keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      if (names != null) {
        b.addExtension(Extension.subjectAlternativeName, false, names);
      }
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCertificate));
      X509Certificate cert = sign(b, caKeys);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(alias, keys.getPrivate(), password, new Certificate[] {cert, caCertificate});
      return ks;
    } catch (IOException | OperatorCreationException e) {
      throw new GeneralSecurityException("cannot issue a certificate: " + e, e);
    }
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return g.generateKeyPair();
  }

  private static BigInteger serial() {
    return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
  }

  @Override
  public String toString() {
    return "LocalTlsAuthority{" + caCertificate.getSubjectX500Principal().getName() + "}";
  }
}
