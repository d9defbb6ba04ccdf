package org.trustbeat.attestation.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.QuoteVerificationException;
import org.trustbeat.attestation.testing.SyntheticQuote;

class SgxReportBodyTest {
  @Test
  void fieldsComeFromTheirOffsets() throws Exception {
    byte[] mre = SyntheticQuote.filled(32, 1);
    byte[] mrs = SyntheticQuote.filled(32, 2);
    byte[] data = SyntheticQuote.filled(64, 3);
    SgxReportBody b =
        SgxReportBody.parse(SyntheticQuote.reportBody(mre, mrs, 0x0102, 0x0304, 0x07, data));
    assertArrayEquals(mre, b.mrenclave());
    assertArrayEquals(mrs, b.mrsigner());
    assertEquals(0x0102, b.isvProdId());
    assertEquals(0x0304, b.isvSvn());
    assertArrayEquals(data, b.reportData());
    assertTrue(b.debug());
  }

  @Test
  void debugIsAttributeFlagBit1() throws Exception {
    byte[] z32 = new byte[32];
    assertFalse(
        SgxReportBody.parse(SyntheticQuote.reportBody(z32, z32, 0, 0, 0x05, new byte[64])).debug());
    assertTrue(
        SgxReportBody.parse(SyntheticQuote.reportBody(z32, z32, 0, 0, 0x02, new byte[64])).debug());
  }

  @Test
  void wrongSize_isRejected() {
    assertThrows(QuoteVerificationException.class, () -> SgxReportBody.parse(new byte[383]));
    assertThrows(QuoteVerificationException.class, () -> SgxReportBody.parse(new byte[385]));
  }
}
