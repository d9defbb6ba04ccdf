package org.trustbeat.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.testing.SgxTestData;

class DcapRealCollateralTest {
  @Test
  void phalaQuote_hasItsComputedTcbStatus() throws Exception {
    DcapQuoteVerifier v = DcapQuoteVerifier.builder()
        .collateral(DcapCollateral.parse(SgxTestData.phalaCollateral()))
        .at(SgxTestData.PHALA_VALID_AT).build();
    EnclaveIdentity id = v.verifyQuote(SgxTestData.phalaQuote());
    System.out.println(id);
    System.out.println(DcapCollateral.parse(SgxTestData.phalaCollateral()));
  }
}
