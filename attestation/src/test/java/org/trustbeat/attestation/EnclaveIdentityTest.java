package org.trustbeat.attestation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EnclaveIdentityTest {
  private static EnclaveIdentity simulation(byte[] reportData) {
    byte[] m = new byte[32];
    Arrays.fill(m, (byte) 0xab);
    return new EnclaveIdentity(
        EvidenceKind.SIMULATION, 0, m, new byte[32], 0, 0, true, reportData, null);
  }

  @Test
  void toString_showsIdsAndSizes_neverReportData() {
    byte[] reportData = new byte[64];
    Arrays.fill(reportData, (byte) 0xcd);
    String s = simulation(reportData).toString();
    assertTrue(s.contains("ab".repeat(32)), s);
    assertTrue(s.contains("reportData=64 bytes"), s);
    assertTrue(s.contains("NOT HARDWARE PROTECTED"), s);
    assertFalse(s.contains("cdcd"), s);
  }

  @Test
  void simulationIdentity_isNotHardwareBacked() {
    assertFalse(simulation(new byte[64]).isHardwareBacked());
  }

  @Test
  void accessors_returnCopies() {
    EnclaveIdentity id = simulation(new byte[64]);
    id.reportData()[0] = 1;
    id.mrenclave()[0] = 1;
    assertArrayEquals(new byte[64], id.reportData());
    assertTrue(id.mrenclaveHex().startsWith("abab"));
  }

  @Test
  void wrongFieldLengths_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> simulation(new byte[63]));
  }
}
