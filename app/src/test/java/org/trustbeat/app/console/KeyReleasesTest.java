package org.trustbeat.app.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.keybroker.RefusalReason;
import org.trustbeat.keybroker.ReleaseDecision;

class KeyReleasesTest {
  private final List<String> messages = new ArrayList<>();
  private final KeyReleases releases = new KeyReleases(messages::add);

  private static ReleaseDecision.Builder decision(List<String> patients) {
    return ReleaseDecision.builder()
        .time(Instant.EPOCH)
        .evidenceKind(EvidenceKind.SIMULATION)
        .hostKind("sealed-process")
        .patients(patients);
  }

  @Test
  void grantedReleases_areOneSummary_countedByPatient_notALineEach() {
    for (int i = 1; i <= 22; i++) {
      List<String> p = List.of("sim-" + i);
      releases.accept(decision(p).outcome(p, List.of()).grant("ok"));
    }
    // A patient provisioned again (after a restart) is still one patient.
    releases.accept(decision(List.of("sim-1")).outcome(List.of("sim-1"), List.of()).grant("ok"));
    assertEquals(
        "released keys of 22 patients to a SIMULATED enclave (no hardware protection)",
        releases.summary());
    assertTrue(messages.isEmpty(), messages.toString());
  }

  @Test
  void refusal_isALineOfItsOwn_andCountedInTheSummary() {
    releases.accept(decision(List.of("p-1")).refuse(RefusalReason.MALFORMED_REQUEST, "no"));
    assertEquals(1, messages.size());
    assertTrue(messages.get(0).startsWith("key broker: "), messages.get(0));
    assertTrue(messages.get(0).contains("REFUSED"), messages.get(0));
    assertEquals("no keys released yet; 1 request REFUSED", releases.summary());
  }
}
