package org.trustbeat.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateAuthorityTest {
  @TempDir Path dir;

  private static X509Certificate read(Path p) throws Exception {
    try (InputStream in = Files.newInputStream(p)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Test
  void serverCertificate_isSignedByTheCa_forLoopbackNames_andKeyIsPrivate() throws Exception {
    LocalCertificateAuthority ca = LocalCertificateAuthority.generate(dir);
    X509Certificate caCert = read(ca.caCertificate());
    X509Certificate server = read(ca.serverCertificate());
    server.verify(caCert.getPublicKey());
    assertTrue(caCert.getBasicConstraints() >= 0, "CA certificate is not a CA");
    assertEquals(-1, server.getBasicConstraints());
    String sans = server.getSubjectAlternativeNames().toString();
    assertTrue(sans.contains("127.0.0.1") && sans.contains("localhost"), sans);
    assertEquals(List.of("1.3.6.1.5.5.7.3.1"), server.getExtendedKeyUsage());
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.serverKey())));
    assertTrue(Files.readString(ca.serverKey()).startsWith("-----BEGIN PRIVATE KEY-----"));
  }
}
