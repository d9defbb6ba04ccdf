package org.trustbeat.keybroker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.trustbeat.enclave.HostKind;

/** The broker judges mode labels without the enclave module; they must stay the enclave's. */
class ReleaseServiceModesTest {
  @Test
  void modes_areTheEnclaveHostKinds() {
    assertEquals(
        Arrays.stream(HostKind.values()).map(HostKind::label).toList(), ReleaseService.MODES);
    assertEquals(
        Arrays.stream(HostKind.values())
            .filter(HostKind::isHardwareIsolated)
            .map(HostKind::label)
            .toList(),
        ReleaseService.HARDWARE_ISOLATED_MODES);
  }
}
