package org.trustbeat.attestation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EvidenceTest {
  @Test
  void bytes_areCopiedInAndOut() {
    byte[] raw = {1, 2, 3};
    Evidence e = Evidence.sgxDcapQuote(raw);
    raw[0] = 9;
    byte[] out = e.bytes();
    out[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, e.bytes());
    assertEquals(EvidenceKind.SGX_DCAP, e.kind());
  }

  @Test
  void emptyOrOversizedEvidence_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> Evidence.sgxDcapQuote(new byte[0]));
    assertThrows(
        IllegalArgumentException.class,
        () -> Evidence.of(EvidenceKind.SIMULATION, new byte[Evidence.MAX_BYTES + 1]));
  }

  @Test
  void equality_coversKindAndBytes() {
    assertEquals(Evidence.sgxDcapQuote(new byte[] {1}), Evidence.sgxDcapQuote(new byte[] {1}));
    assertFalse(
        Evidence.sgxDcapQuote(new byte[] {1})
            .equals(Evidence.of(EvidenceKind.SIMULATION, new byte[] {1})));
  }

  @Test
  void toString_showsSizeNotContent() {
    assertEquals(
        "Evidence{kind=SGX_DCAP, 3 bytes}", Evidence.sgxDcapQuote(new byte[] {7, 7, 7}).toString());
  }
}
