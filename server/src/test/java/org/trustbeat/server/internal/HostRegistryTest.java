package org.trustbeat.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.enclave.EnclaveHost;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.server.HostSpec;
import org.trustbeat.server.KeyProvisioner;
import org.trustbeat.server.ModeHostFactory;
import org.trustbeat.server.TestKeys;

class HostRegistryTest {
  private static final AtomicInteger ROUNDS = new AtomicInteger();

  @TempDir Path tmp;

  /** Loses the first release, as an enclave process that restarted right after it would. */
  static final class LosesFirstRelease implements KeyProvisioner {
    private static final long serialVersionUID = 1L;
    private final TestKeys keys;

    LosesFirstRelease(TestKeys keys) {
      this.keys = keys;
    }

    @Override
    public void provision(EnclaveHost host, Collection<String> patients)
        throws GeneralSecurityException, IOException {
      if (ROUNDS.incrementAndGet() > 1) {
        keys.provision(host, patients);
      }
    }
  }

  @Test
  void enclaveWithoutTheKey_isReprovisioned_andTheWindowsRetried() throws Exception {
    TestKeys keys = new TestKeys();
    keys.add("p1");
    HostSpec spec =
        HostSpec.builder()
            .setKind(HostKind.SEALED_INPROCESS)
            .setJobId("registry-test")
            .setJob(HrvJob.SDNN)
            .setHostFactory(ModeHostFactory.of(HostKind.SEALED_INPROCESS, tmp.resolve("sim.key"), null))
            .setProvisioner(new LosesFirstRelease(keys))
            .build();
    double t = 1_700_000_100.0;
    byte[] chunk =
        ChunkSealer.create(keys.keys("p1").dataKeyset())
            .seal("p1", 0, RrSamples.of(new double[] {t + 1, t + 2}, new double[] {800, 810}))
            .toBytes();
    WindowBatch batch =
        WindowBatch.of("registry-test", HrvJob.SDNN,
            List.of(WindowTask.of("p1", 1_700_000_100_000L, 300_000, List.of(chunk), null)));
    HostRegistry registry = new HostRegistry();
    try {
      List<WindowOutcome> out = registry.process(spec, "p1", batch);

      assertEquals(2, ROUNDS.get());
      assertEquals(0, out.get(0).rejected().getOrDefault(RejectReason.NO_KEY, 0));
      assertTrue(out.get(0).sealedResult().length > 0);
      assertSame(registry.host(spec), registry.host(spec), "one host per spec and JVM");
    } finally {
      registry.close(spec);
    }
  }
}
