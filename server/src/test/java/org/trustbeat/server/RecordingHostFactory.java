package org.trustbeat.server;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.host.EnclaveHost;

/**
 * Starts the real in-process enclave host, wrapped so a test can see every batch it was given. The
 * recording lives in this JVM; the factory serializes with the path of the simulation key.
 */
public final class RecordingHostFactory implements EnclaveHostFactory {
  private static final long serialVersionUID = 1L;
  private static final List<WindowBatch> CALLS = new CopyOnWriteArrayList<>();

  private final EnclaveHostFactory real;

  public RecordingHostFactory(Path simulationKeyFile) {
    this.real =
        ModeHostFactory.of(
            HostKind.SEALED_INPROCESS, simulationKeyFile, null, TestKeys.keyBrokerKey());
  }

  /** Every batch processed by any recording host of this JVM since the last {@link #reset}. */
  public static List<WindowBatch> calls() {
    return List.copyOf(CALLS);
  }

  public static void reset() {
    CALLS.clear();
  }

  @Override
  public EnclaveHost create() throws GeneralSecurityException, IOException {
    EnclaveHost host = real.create();
    return new EnclaveHost() {
      @Override
      public HostKind kind() {
        return host.kind();
      }

      @Override
      public Evidence attest(byte[] nonce) throws GeneralSecurityException, IOException {
        return host.attest(nonce);
      }

      @Override
      public byte[] publicKey() throws GeneralSecurityException, IOException {
        return host.publicKey();
      }

      @Override
      public void installKeys(byte[] nonce, byte[] sealedRelease)
          throws GeneralSecurityException, IOException {
        host.installKeys(nonce, sealedRelease);
      }

      @Override
      public List<WindowOutcome> process(WindowBatch batch)
          throws GeneralSecurityException, IOException {
        CALLS.add(batch);
        return host.process(batch);
      }

      @Override
      public void close() throws IOException {
        host.close();
      }
    };
  }
}
