package org.trustbeat.attestation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.internal.PemCertificates;
import org.trustbeat.attestation.testing.SgxTestData;

class IntelSgxRootCaTest {
  @Test
  void bundledRoot_matchesPinnedFingerprint_andIsSelfSigned() throws Exception {
    X509Certificate root = IntelSgxRootCa.certificate();
    assertEquals(
        IntelSgxRootCa.SHA256_FINGERPRINT_HEX,
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded())));
    assertEquals(root.getSubjectX500Principal(), root.getIssuerX500Principal());
    root.verify(root.getPublicKey());
  }

  @Test
  void bundledRoot_isTheRootOfTheRealQuotesChain() throws Exception {
    byte[] quote = SgxTestData.hwQuote();
    byte[] pem = java.util.Arrays.copyOfRange(quote, 1052, quote.length);
    List<X509Certificate> chain = PemCertificates.parse(pem);
    assertArrayEquals(chain.get(2).getEncoded(), IntelSgxRootCa.certificate().getEncoded());
    assertArrayEquals(SgxTestData.leafCertDer(), chain.get(0).getEncoded());
  }
}
