package org.trustbeat.attestation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReportDataTest {
  private static final byte[] KEY = "enclave public key".getBytes();
  private static final byte[] NONCE =
      new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  private static final byte[] BROKER = filled(7);
  private static final byte[] OTHER_BROKER = filled(8);

  private static byte[] filled(int b) {
    byte[] out = new byte[32];
    Arrays.fill(out, (byte) b);
    return out;
  }

  private static EnclaveIdentity withReportData(byte[] reportData) {
    return new EnclaveIdentity(
        EvidenceKind.SGX_DCAP, 3, new byte[32], new byte[32], 0, 0, false, reportData, null);
  }

  @Test
  void bind_hashesKeyAndBrokerFingerprintFirst_thenTheNonce() throws Exception {
    byte[] out = ReportData.bind(KEY, NONCE, BROKER);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    assertEquals(64, out.length);
    sha.update("trustbeat.report-data.v2\0".getBytes(StandardCharsets.US_ASCII));
    sha.update(MessageDigest.getInstance("SHA-256").digest(KEY));
    sha.update(BROKER);
    assertArrayEquals(sha.digest(), Arrays.copyOfRange(out, 0, 32));
    assertArrayEquals(
        MessageDigest.getInstance("SHA-256").digest(NONCE), Arrays.copyOfRange(out, 32, 64));
  }

  @Test
  void checkBinding_acceptsTheBoundKeyNonceAndBroker() {
    EnclaveIdentity id = withReportData(ReportData.bind(KEY, NONCE, BROKER));
    assertDoesNotThrow(() -> ReportData.checkBinding(id, KEY, NONCE, BROKER));
  }

  @Test
  void checkBinding_rejectsAnotherKey() {
    EnclaveIdentity id = withReportData(ReportData.bind(KEY, NONCE, BROKER));
    assertThrows(
        GeneralSecurityException.class,
        () -> ReportData.checkBinding(id, "other".getBytes(), NONCE, BROKER));
  }

  @Test
  void checkBinding_rejectsAnEnclavePinningAnotherKeyBroker_namingTheExpectedOne() {
    EnclaveIdentity id = withReportData(ReportData.bind(KEY, NONCE, OTHER_BROKER));
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class, () -> ReportData.checkBinding(id, KEY, NONCE, BROKER));
    assertTrue(e.getMessage().contains("0707070707070707"), e.getMessage());
    assertTrue(e.getMessage().contains("pins another key broker"), e.getMessage());
  }

  @Test
  void checkBinding_rejectsAReplayedNonce_sayingSo() {
    EnclaveIdentity id = withReportData(ReportData.bind(KEY, NONCE, BROKER));
    byte[] fresh = NONCE.clone();
    fresh[0] = 99;
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class, () -> ReportData.checkBinding(id, KEY, fresh, BROKER));
    assertTrue(e.getMessage().contains("another nonce"), e.getMessage());
  }

  @Test
  void shortNonceEmptyKeyOrBadFingerprint_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> ReportData.bind(KEY, new byte[8], BROKER));
    assertThrows(IllegalArgumentException.class, () -> ReportData.bind(new byte[0], NONCE, BROKER));
    assertThrows(IllegalArgumentException.class, () -> ReportData.bind(KEY, NONCE, new byte[16]));
  }
}
