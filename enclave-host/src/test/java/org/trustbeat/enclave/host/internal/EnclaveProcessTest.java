package org.trustbeat.enclave.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.enclave.EnclaveTesting;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.enclave.internal.EnclaveMain;
import org.trustbeat.enclave.internal.Wire;
import org.trustbeat.hrv.HrvJob;

class EnclaveProcessTest {
  @TempDir Path dir;

  /** The TCP loopback variant is what the Gramine-SGX host uses; run it here without Gramine. */
  @Test
  void tcpLoopbackChannel_servesPublicKeyAndBatches() throws Exception {
    Path work = Files.createDirectory(dir.resolve("work"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                EnclaveClasspath.asClasspath(EnclaveClasspath.entries()),
                EnclaveMain.class.getName(),
                "--tcp-port",
                "0",
                "--host-kind",
                "sealed-process",
                "--attestation",
                "simulation",
                "--simulation-key",
                dir.resolve("sim.key").toString(),
                "--key-broker-key",
                EnclaveTesting.KEY_BROKER.verificationKey().toText()));
    try (EnclaveProcess p =
        EnclaveProcess.launch(
            "test enclave", command, work, null, Duration.ofSeconds(60), 1 << 20, 1)) {
      assertTrue(p.call(Wire.PUBLIC_KEY, new byte[0]).length > 32);
      byte[] answer =
          p.call(
              Wire.PROCESS,
              Wire.encodeBatch(
                  WindowBatch.of(
                      "j",
                      HrvJob.SDNN,
                      List.of(WindowTask.of("p9", 300_000, 300_000, List.of(new byte[] {1, 2}))))));
      List<WindowOutcome> outcomes = Wire.decodeOutcomes(answer);
      assertEquals(1, outcomes.size());
      assertEquals(1, outcomes.get(0).rejectedTotal());
    }
  }
}
