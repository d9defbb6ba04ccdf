package org.trustbeat.enclave.host;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.internal.EnclaveProgram;
import org.trustbeat.enclave.internal.InsecureSimulationEvidence;
import org.trustbeat.protocol.ProtocolLimits;

/**
 * {@link HostKind#SEALED_INPROCESS}: the enclave program inside this JVM, with INSECURE simulation
 * evidence. Same code path and cryptography as the other sealed modes, no isolation at all: the
 * released keys live in the host's heap. Thread-safe; calls run concurrently.
 */
public final class InProcessEnclaveHost implements EnclaveHost {
  private final EnclaveProgram program;
  private volatile boolean closed;

  private InProcessEnclaveHost(EnclaveProgram program) {
    this.program = program;
  }

  /**
   * @throws IllegalArgumentException if the config names no simulation key file or no key broker
   *     key
   */
  public static InProcessEnclaveHost create(EnclaveConfig config)
      throws IOException, GeneralSecurityException {
    if (config.simulationKeyFile() == null) {
      throw new IllegalArgumentException(
          "sealed-inprocess needs a simulation key file; set"
              + " EnclaveConfig.Builder.setSimulationKeyFile");
    }
    return new InProcessEnclaveHost(
        EnclaveProgram.start(
            HostKind.SEALED_INPROCESS,
            InsecureSimulationEvidence.create(config.simulationKeyFile()),
            ProtocolLimits.defaults(),
            config.requireKeyBrokerKey(HostKind.SEALED_INPROCESS)));
  }

  @Override
  public HostKind kind() {
    return HostKind.SEALED_INPROCESS;
  }

  @Override
  public Evidence attest(byte[] nonce) throws GeneralSecurityException, IOException {
    checkOpen();
    return program.attest(nonce);
  }

  @Override
  public byte[] publicKey() throws IOException {
    checkOpen();
    return program.publicKey();
  }

  @Override
  public void installKeys(byte[] nonce, byte[] sealedRelease)
      throws GeneralSecurityException, IOException {
    checkOpen();
    program.installKeys(nonce, sealedRelease);
  }

  @Override
  public List<WindowOutcome> process(WindowBatch batch)
      throws GeneralSecurityException, IOException {
    checkOpen();
    return program.process(batch);
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("this sealed-inprocess host is closed; create a new one");
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "InProcessEnclaveHost" + program.label();
  }
}
