package org.trustbeat.attestation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.testing.TestPki;

class PemCertificatesTest {
  @Test
  void parsesAChainInOrder_toleratingATrailingNul() throws Exception {
    TestPki pki = TestPki.create();
    byte[] pem = pki.chainPem();
    byte[] withNul = java.util.Arrays.copyOf(pem, pem.length + 1);
    assertEquals(pki.chain(), PemCertificates.parse(withNul));
  }

  @Test
  void noCertificate_isRejected() {
    assertThrows(
        CertificateException.class,
        () -> PemCertificates.parse("nothing here".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void moreThanThreeCertificates_isRejected() throws Exception {
    TestPki pki = TestPki.create();
    byte[] pem = pki.chainPem();
    byte[] twice = new byte[pem.length * 2];
    System.arraycopy(pem, 0, twice, 0, pem.length);
    System.arraycopy(pem, 0, twice, pem.length, pem.length);
    assertThrows(CertificateException.class, () -> PemCertificates.parse(twice));
  }

  @Test
  void corruptCertificate_isRejected() {
    byte[] pem =
        "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n"
            .getBytes(StandardCharsets.US_ASCII);
    assertThrows(CertificateException.class, () -> PemCertificates.parse(pem));
  }
}
