package org.trustbeat.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.host.EnclaveConfig;
import org.trustbeat.enclave.host.EnclaveHost;
import org.trustbeat.enclave.host.InProcessEnclaveHost;

class BenchKeysTest {
  @TempDir Path tmp;

  /** Counts key-release rounds (one attestation each) on a real in-process enclave. */
  private static final class CountingHost implements EnclaveHost {
    final EnclaveHost inner;
    int attestations;

    CountingHost(EnclaveHost inner) {
      this.inner = inner;
    }

    @Override
    public HostKind kind() {
      return inner.kind();
    }

    @Override
    public Evidence attest(byte[] nonce) throws GeneralSecurityException, IOException {
      attestations++;
      return inner.attest(nonce);
    }

    @Override
    public byte[] publicKey() throws GeneralSecurityException, IOException {
      return inner.publicKey();
    }

    @Override
    public void installKeys(byte[] nonce, byte[] sealedRelease)
        throws GeneralSecurityException, IOException {
      inner.installKeys(nonce, sealedRelease);
    }

    @Override
    public List<WindowOutcome> process(WindowBatch batch)
        throws GeneralSecurityException, IOException {
      return inner.process(batch);
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }

  private CountingHost host(BenchKeys keys) throws Exception {
    return new CountingHost(
        InProcessEnclaveHost.create(
            EnclaveConfig.builder()
                .setWorkDir(tmp)
                .setSimulationKeyFile(tmp.resolve("sim.key"))
                .setKeyBrokerKey(keys.keyBrokerKey())
                .build()));
  }

  @Test
  void patientAlreadyReleased_costsNoFurtherReleaseRound() throws Exception {
    BenchKeys keys = BenchKeys.create(tmp.resolve("sim.key"));
    keys.ensure(List.of("p1", "p2", "p3"));
    CountingHost host = host(keys);

    keys.provision(host, List.of());
    keys.provision(host, List.of("p2"));
    keys.provision(host, List.of("p1", "p3"));

    assertEquals(1, host.attestations);
  }

  @Test
  void patientAddedLater_isReleasedInANewRound() throws Exception {
    BenchKeys keys = BenchKeys.create(tmp.resolve("sim.key"));
    keys.ensure(List.of("p1"));
    CountingHost host = host(keys);
    keys.provision(host, List.of());

    keys.ensure(List.of("p9"));
    keys.provision(host, List.of("p9"));
    keys.provision(host, List.of("p9"));

    assertEquals(2, host.attestations);
  }
}
