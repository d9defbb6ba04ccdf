package org.trustbeat.attestation.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.QuoteFailure;
import org.trustbeat.attestation.QuoteVerificationException;
import org.trustbeat.attestation.testing.SgxTestData;
import org.trustbeat.attestation.testing.SyntheticQuote;
import org.trustbeat.attestation.testing.TestPki;

class DcapQuoteParserTest {
  @Test
  void realV3Quote_partsAreWhereTheLayoutSays() throws Exception {
    DcapQuote q = DcapQuoteParser.parse(SgxTestData.hwQuote());
    assertEquals(3, q.version());
    assertEquals(432, q.signedPart().length);
    assertEquals(
        "1dd0df84810e53e26b2b167dfe0f97cc4364085fe0bd41d5e18a759c21d5c189",
        HexFormat.of().formatHex(q.isvReport().mrenclave()));
    assertEquals(32, q.qeAuthData().length);
    assertEquals(0, q.qeAuthData()[0]);
    assertEquals(31, q.qeAuthData()[31]);
    assertEquals(3551, q.pckChainPem().length);
    assertTrue(
        new String(q.pckChainPem(), StandardCharsets.US_ASCII)
            .startsWith("-----BEGIN CERTIFICATE-----"));
  }

  @Test
  void syntheticV4Quote_unwrapsTheQeReportCertificationData() throws Exception {
    TestPki pki = TestPki.create();
    SyntheticQuote s = new SyntheticQuote(pki);
    DcapQuote q = DcapQuoteParser.parse(s.build());
    assertEquals(4, q.version());
    assertArrayEquals(s.qeAuthData, q.qeAuthData());
    assertArrayEquals(pki.chainPem(), q.pckChainPem());
    assertArrayEquals(SyntheticQuote.rawPublicKey(s.attestationKey), q.attestationKey());
  }

  @Test
  void v4InnerSizeLargerThanTheSignatureData_isMalformed() throws Exception {
    byte[] quote = new SyntheticQuote(TestPki.create()).build();
    // outer certification data size sits after ISV signature and attestation key
    int sizeOffset = 436 + 128 + 2;
    quote[sizeOffset + 2] = 0x7f;
    QuoteVerificationException e =
        assertThrows(QuoteVerificationException.class, () -> DcapQuoteParser.parse(quote));
    assertEquals(QuoteFailure.MALFORMED, e.failure());
  }
}
