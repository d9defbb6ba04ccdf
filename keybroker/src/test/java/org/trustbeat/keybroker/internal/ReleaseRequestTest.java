package org.trustbeat.keybroker.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.EvidenceKind;

class ReleaseRequestTest {
  private static ReleaseRequest sample() {
    return ReleaseRequest.of(
        Evidence.of(EvidenceKind.SIMULATION, new byte[] {1, 2, 3}),
        new byte[] {9, 9},
        new byte[16],
        "sealed-process",
        List.of("p-1", "p-2"));
  }

  @Test
  void roundTrip_keepsEveryField() {
    ReleaseRequest parsed = ReleaseRequest.parse(sample().toBytes());
    assertEquals(sample().evidence(), parsed.evidence());
    assertArrayEquals(new byte[] {9, 9}, parsed.publicKey());
    assertArrayEquals(new byte[16], parsed.nonce());
    assertEquals("sealed-process", parsed.hostKind());
    assertEquals(List.of("p-1", "p-2"), parsed.patients());
  }

  @Test
  void everyTruncation_isRefused() {
    byte[] bytes = sample().toBytes();
    for (int n = 0; n < bytes.length; n++) {
      byte[] cut = Arrays.copyOf(bytes, n);
      assertThrows(IllegalArgumentException.class, () -> ReleaseRequest.parse(cut), "length " + n);
    }
  }

  @Test
  void trailingBytes_areRefused() {
    byte[] bytes = Arrays.copyOf(sample().toBytes(), sample().toBytes().length + 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ReleaseRequest.parse(bytes));
    assertTrue(e.getMessage().contains("follow"), e.getMessage());
  }

  @Test
  void shortNonce_duplicatePatient_andBadPseudonym_areRefused() {
    Evidence ev = Evidence.of(EvidenceKind.SGX_DCAP, new byte[] {1});
    assertThrows(
        IllegalArgumentException.class,
        () -> ReleaseRequest.of(ev, new byte[] {1}, new byte[15], "sgx", List.of("p")));
    IllegalArgumentException dup =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReleaseRequest.of(ev, new byte[] {1}, new byte[16], "sgx", List.of("p", "p")));
    assertTrue(dup.getMessage().contains("twice"));
    assertThrows(
        IllegalArgumentException.class,
        () -> ReleaseRequest.of(ev, new byte[] {1}, new byte[16], "sgx", List.of("a/b")));
    assertThrows(
        IllegalArgumentException.class,
        () -> ReleaseRequest.of(ev, new byte[] {1}, new byte[16], "sgx", List.of()));
  }

  @Test
  void unknownEvidenceKindCode_isRefused() {
    byte[] bytes = sample().toBytes();
    bytes[5] = 7;
    assertThrows(IllegalArgumentException.class, () -> ReleaseRequest.parse(bytes));
  }

  @Test
  void toString_showsSizesNotContent() {
    String s = sample().toString();
    assertTrue(s.contains("publicKey=2 bytes"), s);
    assertFalse(s.contains("[9, 9]"), s);
  }
}
