package org.trustbeat.keybroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.EvidenceKind;

class ReleaseDecisionTest {
  private static ReleaseDecision.Builder base(EvidenceKind kind) {
    return ReleaseDecision.builder()
        .time(Instant.EPOCH)
        .evidenceKind(kind)
        .hostKind("sealed-inprocess")
        .patients(List.of("p-1", "p-2"))
        .enclave("11".repeat(32), "22".repeat(32), false);
  }

  @Test
  void grantedSimulation_saysNoHardwareProtection_inSummaryAndAuditLine() {
    ReleaseDecision d = base(EvidenceKind.SIMULATION).grant("ok");
    assertTrue(
        d.summaryLine().contains("released keys to a SIMULATED enclave (no hardware protection)"));
    assertTrue(
        d.toJson().contains("released keys to a SIMULATED enclave (no hardware protection)"));
    assertTrue(d.toString().contains("SIMULATED"));
  }

  @Test
  void refusedSimulation_stillSaysSimulation() {
    ReleaseDecision d = base(EvidenceKind.SIMULATION).refuse(RefusalReason.DEBUG_REFUSED, "debug");
    assertTrue(d.summaryLine().contains("REFUSED DEBUG_REFUSED"));
    assertTrue(d.summaryLine().contains("SIMULATION evidence (no hardware protection)"));
  }

  @Test
  void hardwareEvidence_carriesNoSimulationWarning() {
    ReleaseDecision d = base(EvidenceKind.SGX_DCAP).grant("ok");
    assertFalse(d.summaryLine().contains("SIMULAT"));
    assertFalse(d.toJson().contains("protection"));
  }

  @Test
  void summary_listsAtMostTenPatients() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      many.add("p-" + i);
    }
    String line = base(EvidenceKind.SGX_DCAP).patients(many).grant("ok").summaryLine();
    assertTrue(line.contains("p-9,+15 more"), line);
    assertFalse(line.contains("p-10"), line);
  }

  @Test
  void grantedSgxRelease_recordsTcbStatusAndAdvisories_inSummaryAndAuditLine() {
    ReleaseDecision d =
        base(EvidenceKind.SGX_DCAP).tcb("SWHardeningNeeded", List.of("INTEL-SA-00615")).grant("ok");
    assertTrue(
        d.toJson()
            .contains("\"tcb_status\":\"SWHardeningNeeded\",\"advisory_ids\":[\"INTEL-SA-00615\"]"),
        d.toJson());
    assertTrue(d.summaryLine().contains("tcb=SWHardeningNeeded(INTEL-SA-00615)"), d.summaryLine());
    assertEquals("SWHardeningNeeded", d.tcbStatus().orElseThrow());
  }

  @Test
  void simulationRelease_hasNoTcbStatus() {
    ReleaseDecision d = base(EvidenceKind.SIMULATION).grant("ok");
    assertTrue(d.toJson().contains("\"tcb_status\":null,\"advisory_ids\":[]"), d.toJson());
    assertFalse(d.summaryLine().contains("tcb="));
  }
}
