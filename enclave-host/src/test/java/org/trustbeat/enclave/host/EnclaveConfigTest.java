package org.trustbeat.enclave.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnclaveConfigTest {
  @TempDir Path dir;

  @Test
  void defaults_suitOneMachine() {
    EnclaveConfig c = EnclaveConfig.builder().build();
    assertEquals("1024m", c.childHeap());
    assertEquals(Path.of("/dev/attestation"), c.attestationDir());
    assertEquals("8G", c.enclaveSize());
    assertEquals(null, c.simulationKeyFile());
  }

  @Test
  void badSettings_areRefusedNamingTheFix() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> EnclaveConfig.builder().setWorkDir(dir.resolve("missing")).build())
            .getMessage()
            .contains("setWorkDir"));
    assertThrows(
        IllegalArgumentException.class, () -> EnclaveConfig.builder().setChildHeap("lots").build());
    assertThrows(
        IllegalArgumentException.class, () -> EnclaveConfig.builder().setConnections(0).build());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> EnclaveConfig.builder().setEnclaveSize("6G").build())
            .getMessage()
            .contains("power of two"));
    assertThrows(
        IllegalArgumentException.class, () -> EnclaveConfig.builder().setEnclaveThreads(4).build());
    assertThrows(
        IllegalArgumentException.class, () -> EnclaveConfig.builder().setMaxFrameBytes(10).build());
  }
}
