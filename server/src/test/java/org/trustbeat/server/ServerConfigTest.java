package org.trustbeat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.trustbeat.enclave.HostKind;

class ServerConfigTest {
  private static final HostSpec PLAIN =
      HostSpec.builder()
          .setKind(HostKind.PLAIN)
          .setJobId("cfg-test")
          .setHostFactory(ModeHostFactory.of(HostKind.PLAIN, null, null))
          .build();

  private static ServerConfig.Builder valid() {
    return ServerConfig.builder()
        .setLandingRoot(Path.of("/tmp/l"))
        .setResultRoot(Path.of("/tmp/r"))
        .setCheckpointDir(Path.of("/tmp/c"))
        .setHostSpec(PLAIN);
  }

  @Test
  void defaults_areThePapersSettings() {
    ServerConfig c = valid().build();
    assertEquals(Duration.ofSeconds(300), c.window());
    assertEquals(Duration.ofSeconds(30), c.watermarkDelay());
    assertEquals(Duration.ofSeconds(10), c.triggerInterval());
    assertEquals("local[*]", c.sparkMaster());
    assertEquals("trustbeat-cfg-test", c.queryName());
    assertTrue(c.maxFilesPerTrigger().isEmpty());
    assertTrue(c.mqtt().isEmpty());
  }

  @Test
  void missingLandingRoot_namesTheSetter() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> valid().setLandingRoot(null).build());
    assertTrue(e.getMessage().contains("setLandingRoot"));
  }

  @Test
  void windowThatIsNotWholeSeconds_isRefused() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> valid().setWindow(Duration.ofMillis(1500)).build());
    assertTrue(e.getMessage().contains("whole number of seconds"));
  }

  @Test
  void stateMemory_defaultsToRoomForAHundredThousandPatients_andTooLittleNamesTheFix() {
    assertEquals(ServerConfig.DEFAULT_STATE_MEMORY_MB, valid().build().stateMemoryMb());
    assertEquals(512, valid().setStateMemoryMb(512).build().stateMemoryMb());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> valid().setStateMemoryMb(16).build());
    assertTrue(e.getMessage().contains("use 64 MiB or more"), e.getMessage());
  }

  @Test
  void landingRootSharedWithResults_isRefused() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> valid().setResultRoot(Path.of("/tmp/l")).build());
    assertTrue(e.getMessage().contains("its own directory"));
  }

  @Test
  void sealedModeWithoutProvisioner_isRefusedByTheHostSpec() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                HostSpec.builder()
                    .setKind(HostKind.SEALED_INPROCESS)
                    .setJobId("j")
                    .setHostFactory(ModeHostFactory.of(HostKind.PLAIN, null, null))
                    .build());
    assertTrue(e.getMessage().contains("setProvisioner"));
  }
}
