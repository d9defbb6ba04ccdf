package org.trustbeat.keybroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.TcbStatus;
import org.trustbeat.hrv.HrvJob;

class PatientPolicyTest {
  @Test
  void defaults_areNotATestPatient_andLeaveOutIdentity() {
    PatientPolicy d = PatientPolicy.defaults();
    assertFalse(d.testPatient());
    assertFalse(d.analysis().allowsRawSamples());
    assertTrue(d.analysis().allows("hrv", 300_000));
    assertEquals(
        "patient evidence=[SGX_DCAP] jobs=[hrv, hrv-bands, sdnn] windows=[300 s]", d.toString());
  }

  @Test
  void storedForm_roundTrips() {
    PatientPolicy p =
        PatientPolicy.builder()
            .testPatient(true)
            .jobs(List.of(HrvJob.IDENTITY, HrvJob.SDNN))
            .windows(List.of(Duration.ofSeconds(30), Duration.ofSeconds(300)))
            .allowMrenclave("AB".repeat(32))
            .acceptTcbStatus(TcbStatus.SW_HARDENING_NEEDED)
            .build();
    assertEquals(p, PatientPolicy.parse(p.toBytes()));
    assertEquals(p, p.toBuilder().build());
  }

  @Test
  void badValues_areRefusedNamingTheFix() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PatientPolicy.builder().windows(List.of(Duration.ofMillis(1500))));
    assertThrows(
        IllegalArgumentException.class,
        () -> PatientPolicy.builder().windows(List.of(Duration.ofDays(2))));
    assertThrows(IllegalArgumentException.class, () -> PatientPolicy.builder().jobs(List.of()));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class, () -> PatientPolicy.builder().allowMrenclave("xyz"))
            .getMessage()
            .contains("64 hex"));
    assertThrows(
        IllegalArgumentException.class,
        () -> PatientPolicy.builder().acceptTcbStatus(TcbStatus.REVOKED));
    assertThrows(IllegalArgumentException.class, () -> PatientPolicy.parse(new byte[] {9}));
  }
}
