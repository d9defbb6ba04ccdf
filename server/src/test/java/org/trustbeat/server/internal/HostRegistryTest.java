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
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.enclave.host.EnclaveHost;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.server.HostSpec;
import org.trustbeat.server.KeyProvisioner;
import org.trustbeat.server.ModeHostFactory;
import org.trustbeat.server.TestKeys;

class HostRegistryTest {
  @TempDir Path tmp;

  /** A key broker that refuses every release, counting the rounds. */
  static final class Refuses implements KeyProvisioner {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public void provision(EnclaveHost host, Collection<String> patients)
        throws GeneralSecurityException {
      CALLS.incrementAndGet();
      throw new GeneralSecurityException("MRENCLAVE_NOT_ALLOWED: not in the policy");
    }
  }

  /**
   * Releases keys through the test broker, counting the rounds; the first {@code lost} rounds are
   * lost, as they would be by an enclave process that restarted right after them.
   */
  static final class CountingRelease implements KeyProvisioner {
    private static final long serialVersionUID = 1L;
    final AtomicInteger rounds = new AtomicInteger();
    private final TestKeys keys;
    private final int lost;

    CountingRelease(TestKeys keys, int lost) {
      this.keys = keys;
      this.lost = lost;
    }

    @Override
    public void provision(EnclaveHost host, Collection<String> patients)
        throws GeneralSecurityException, IOException {
      if (rounds.incrementAndGet() > lost) {
        keys.provision(host, patients);
      }
    }
  }

  @Test
  void releasedPatient_isReleasedOnce_evenWhenTasksAskConcurrently() throws Exception {
    TestKeys keys = new TestKeys();
    keys.add("p1");
    CountingRelease release = new CountingRelease(keys, 0);
    HostSpec spec = spec(release);
    WindowBatch batch = oneWindow(keys);
    HostRegistry registry = new HostRegistry();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<List<WindowOutcome>>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(pool.submit(() -> registry.process(spec, batch)));
      }
      for (java.util.concurrent.Future<List<WindowOutcome>> f : calls) {
        assertTrue(f.get().get(0).sealedResult().length > 0);
      }

      assertEquals(1, release.rounds.get());
    } finally {
      pool.shutdownNow();
      registry.close(spec);
    }
  }

  @Test
  void refusedRelease_reportsTheWindowsAsNoKey_asksOncePerCall_andAgainNextCall() throws Exception {
    TestKeys keys = new TestKeys();
    keys.add("p1");
    HostSpec spec = spec(new Refuses());
    WindowBatch batch = oneWindow(keys);
    HostRegistry registry = new HostRegistry();
    try {
      List<WindowOutcome> out = registry.process(spec, batch);

      assertEquals(1, Refuses.CALLS.get(), "no second round after a refusal in the same call");
      assertEquals(1, out.get(0).rejected().get(RejectReason.NO_KEY));
      assertEquals(0, out.get(0).sealedResult().length);

      registry.process(spec, batch);
      assertEquals(2, Refuses.CALLS.get(), "a later batch asks the broker again");
    } finally {
      registry.close(spec);
    }
  }

  private HostSpec spec(KeyProvisioner provisioner) {
    return HostSpec.builder()
        .setKind(HostKind.SEALED_INPROCESS)
        .setJobId("registry-test")
        .setJob(HrvJob.SDNN)
        .setHostFactory(
            ModeHostFactory.of(
                HostKind.SEALED_INPROCESS, tmp.resolve("sim.key"), null, TestKeys.keyBrokerKey()))
        .setProvisioner(provisioner)
        .build();
  }

  private static WindowBatch oneWindow(TestKeys keys) throws GeneralSecurityException {
    double t = 1_700_000_100.0;
    byte[] chunk =
        ChunkSealer.create(keys.keys("p1").dataKeyset())
            .seal("p1", 0, RrSamples.of(new double[] {t + 1, t + 2}, new double[] {800, 810}))
            .toBytes();
    return WindowBatch.of(
        "registry-test",
        HrvJob.SDNN,
        List.of(WindowTask.of("p1", 1_700_000_100_000L, 300_000, List.of(chunk))));
  }

  @Test
  void enclaveWithoutTheKey_isReprovisioned_andTheWindowsRetried() throws Exception {
    TestKeys keys = new TestKeys();
    keys.add("p1");
    CountingRelease release = new CountingRelease(keys, 1);
    HostSpec spec = spec(release);
    WindowBatch batch = oneWindow(keys);
    HostRegistry registry = new HostRegistry();
    try {
      List<WindowOutcome> out = registry.process(spec, batch);

      assertEquals(2, release.rounds.get());
      assertEquals(0, out.get(0).rejected().getOrDefault(RejectReason.NO_KEY, 0));
      assertTrue(out.get(0).sealedResult().length > 0);
      assertSame(registry.host(spec), registry.host(spec), "one host per spec and JVM");
    } finally {
      registry.close(spec);
    }
  }
}
