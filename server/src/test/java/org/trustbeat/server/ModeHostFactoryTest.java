package org.trustbeat.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.host.EnclaveHost;

class ModeHostFactoryTest {
  @TempDir Path tmp;

  @Test
  void sealedProcess_startsTheEnclaveJvmWithTheConfiguredHeap_committedUpFront() throws Exception {
    ModeHostFactory f =
        ModeHostFactory.of(
            HostKind.SEALED_PROCESS,
            tmp.resolve("simulation.key"),
            tmp,
            TestKeys.keyBrokerKey(),
            96);
    try (EnclaveHost host = f.create()) {
      List<String> heaps =
          ProcessHandle.current()
              .descendants()
              .map(p -> p.info().arguments().orElse(new String[0]))
              .filter(args -> List.of(args).containsAll(List.of("-Xms96m", "-Xmx96m")))
              .map(args -> String.join(" ", args))
              .toList();
      assertTrue(
          heaps.size() == 1, "one enclave JVM started with -Xms96m -Xmx96m, found " + heaps.size());
    }
  }

  @Test
  void enclaveHeapBelow64Mib_isRefusedNamingTheMinimum() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ModeHostFactory.of(
                    HostKind.SEALED_PROCESS, tmp.resolve("k"), tmp, TestKeys.keyBrokerKey(), 32));
    assertTrue(e.getMessage().contains("give 64 or more"), e.getMessage());
  }
}
