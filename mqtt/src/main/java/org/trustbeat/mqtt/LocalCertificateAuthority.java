package org.trustbeat.mqtt;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
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
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a private certificate authority and a TLS server certificate for a broker on this machine,
 * as PEM files: {@code ca.crt}, {@code server.crt}, {@code server.key}. For tests, the demo and
 * single-host deployments; a hospital would use its own PKI instead.
 *
 * <h2>Security guarantees</h2>
 *
 * ECDSA P-256 keys from {@link SecureRandom}; the server certificate names only the given hosts
 * (default {@code localhost} and {@code 127.0.0.1}) and is valid for server authentication only.
 * The CA's private key is never written: once the server certificate is made, nobody can issue
 * another one under this CA. {@code server.key} is created readable by its owner only.
 */
public final class LocalCertificateAuthority {
  private final Path caCertificate;
  private final Path serverCertificate;
  private final Path serverKey;

  private LocalCertificateAuthority(Path ca, Path cert, Path key) {
    this.caCertificate = ca;
    this.serverCertificate = cert;
    this.serverKey = key;
  }

  /** As {@link #generate(Path, Duration, List)} for {@code localhost, 127.0.0.1}, valid 30 days. */
  public static LocalCertificateAuthority generate(Path directory)
      throws IOException, GeneralSecurityException {
    return generate(directory, Duration.ofDays(30), List.of("localhost", "127.0.0.1"));
  }

  /**
   * Writes a fresh CA certificate and a server certificate and key into {@code directory}.
   *
   * @param hosts DNS names or IP literals the server certificate is valid for
   */
  public static LocalCertificateAuthority generate(
      Path directory, Duration validity, List<String> hosts)
      throws IOException, GeneralSecurityException {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("name at least one host, e.g. 127.0.0.1");
    }
    Files.createDirectories(directory);
    KeyPair caKeys = ecKeyPair();
    KeyPair serverKeys = ecKeyPair();
    Instant now = Instant.now();
    Date from = Date.from(now.minus(Duration.ofMinutes(5)));
    Date to = Date.from(now.plus(validity));
    X500Name caName = new X500Name("CN=TrustBeat local CA " + now.getEpochSecond());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    try {
      X509v3CertificateBuilder ca =
          new JcaX509v3CertificateBuilder(caName, serial(), from, to, caName, caKeys.getPublic());
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      ca.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      ca.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          ext.createSubjectKeyIdentifier(caKeys.getPublic()));
      X509Certificate caCert = sign(ca, caKeys);

      X509v3CertificateBuilder server =
          new JcaX509v3CertificateBuilder(
              caCert,
              serial(),
              from,
              to,
              new X500Name("CN=" + hosts.get(0)),
              serverKeys.getPublic());
      server.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      server.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      List<GeneralName> names = new ArrayList<>();
      for (String h : hosts) {
        boolean ip = h.matches("[0-9.]+") || h.contains(":");
        names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, h));
      }
      server.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(new GeneralName[0])));
      server.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
      X509Certificate serverCert = sign(server, caKeys);

      Path caFile = directory.resolve("ca.crt");
      Path certFile = directory.resolve("server.crt");
      Path keyFile = directory.resolve("server.key");
      Files.writeString(caFile, pem(caCert), StandardCharsets.US_ASCII);
      Files.writeString(certFile, pem(serverCert), StandardCharsets.US_ASCII);
      Files.deleteIfExists(keyFile);
      try {
        Files.createFile(
            keyFile,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(keyFile);
      }
      Files.writeString(keyFile, pkcs8Pem(serverKeys.getPrivate()), StandardCharsets.US_ASCII);
      return new LocalCertificateAuthority(caFile, certFile, keyFile);
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot create a certificate signer: " + e, e);
    }
  }

  /**
   * PEM of the CA certificate: what clients trust ({@link
   * MqttSettings.Builder#setCaCertificatePem}).
   */
  public Path caCertificate() {
    return caCertificate;
  }

  /** PEM of the broker's certificate. */
  public Path serverCertificate() {
    return serverCertificate;
  }

  /** PEM (PKCS#8) of the broker's private key. */
  public Path serverKey() {
    return serverKey;
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
    ContentSigner signer =
        new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  /** PKCS#8 "PRIVATE KEY" PEM, which every OpenSSL version reads. */
  private static String pkcs8Pem(PrivateKey key) {
    String b64 =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n";
  }

  private static String pem(Object o) throws IOException {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      w.writeObject(o);
    }
    return s.toString();
  }

  @Override
  public String toString() {
    return "LocalCertificateAuthority{ca="
        + caCertificate
        + ", serverCert="
        + serverCertificate
        + "}";
  }
}
