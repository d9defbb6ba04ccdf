package org.trustbeat.attestation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReportDataTest {
  private static final byte[] KEY = "enclave public key".getBytes();
  private static final byte[] NONCE = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

  private static EnclaveIdentity withReportData(byte[] reportData) {
    return new EnclaveIdentity(EvidenceKind.SGX_DCAP, 3, new byte[32], new byte[32], 0, 0, false,
        reportData, null);
  }

  @Test
  void bind_isHashOfKeyFollowedByHashOfNonce() throws Exception {
    byte[] out = ReportData.bind(KEY, NONCE);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    assertEquals(64, out.length);
    assertArrayEquals(sha.digest(KEY), Arrays.copyOfRange(out, 0, 32));
    assertArrayEquals(sha.digest(NONCE), Arrays.copyOfRange(out, 32, 64));
  }

  @Test
  void checkBinding_acceptsTheBoundKeyAndNonce() {
    EnclaveIdentity id = withReportData(ReportData.bind(KEY, NONCE));
    assertDoesNotThrow(() -> ReportData.checkBinding(id, KEY, NONCE));
  }

  @Test
  void checkBinding_rejectsAnotherKey() {
    EnclaveIdentity id = withReportData(ReportData.bind(KEY, NONCE));
    assertThrows(GeneralSecurityException.class, () -> ReportData.checkBinding(id, "other".getBytes(), NONCE));
  }

  @Test
  void checkBinding_rejectsAReplayedNonce() {
    EnclaveIdentity id = withReportData(ReportData.bind(KEY, NONCE));
    byte[] fresh = NONCE.clone();
    fresh[0] = 99;
    assertThrows(GeneralSecurityException.class, () -> ReportData.checkBinding(id, KEY, fresh));
  }

  @Test
  void shortNonceOrEmptyKey_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> ReportData.bind(KEY, new byte[8]));
    assertThrows(IllegalArgumentException.class, () -> ReportData.bind(new byte[0], NONCE));
  }
}
