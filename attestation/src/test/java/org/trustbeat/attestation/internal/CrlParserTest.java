package org.trustbeat.attestation.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.testing.SgxTestData;

class CrlParserTest {
  @Test
  void realProcessorCrl_parsesAsDer_andListsNoRevocations() throws Exception {
    X509CRL crl = CrlParser.parse(SgxTestData.processorCrlDer());
    assertTrue(crl.getIssuerX500Principal().getName().contains("CN=Intel SGX PCK Processor CA"));
    assertEquals(Instant.parse("2023-05-21T22:00:36Z"), crl.getNextUpdate().toInstant());
    assertTrue(crl.getRevokedCertificates() == null || crl.getRevokedCertificates().isEmpty());
  }

  @Test
  void realRootCrl_parsesAsPem() throws Exception {
    String pem =
        "-----BEGIN X509 CRL-----\n"
            + Base64.getMimeEncoder().encodeToString(SgxTestData.rootCrlDer())
            + "\n-----END X509 CRL-----\n";
    X509CRL crl = CrlParser.parse(pem.getBytes(StandardCharsets.US_ASCII));
    assertTrue(crl.getIssuerX500Principal().getName().contains("CN=Intel SGX Root CA"));
  }

  @Test
  void garbage_isACheckedException() {
    assertThrows(CRLException.class, () -> CrlParser.parse(new byte[0]));
    assertThrows(CRLException.class, () -> CrlParser.parse(new byte[] {0x30, (byte) 0x82, 0x7f}));
    assertThrows(
        CRLException.class, () -> CrlParser.parse("hello".getBytes(StandardCharsets.US_ASCII)));
  }
}
