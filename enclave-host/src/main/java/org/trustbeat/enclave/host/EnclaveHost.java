package org.trustbeat.enclave.host;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import org.trustbeat.attestation.AttestableEnclave;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;

/**
 * Runs the enclave program somewhere — in this JVM, in a child JVM, or under Gramine-SGX — and
 * carries batches of windows across to it. Every implementation gives byte-identical decrypted
 * results for the same input; only the isolation differs, and {@link #kind()} says which.
 *
 * <h2>Security guarantees</h2>
 *
 * Only ciphertext and clear routing headers cross this interface. What the host learns is what the
 * untrusted side already sees: patients' pseudonyms, window times, envelope sizes and the
 * completeness counters. Keys enter the enclave only through {@link #installKeys}, sealed to the
 * public key its {@link #attest evidence} binds and signed by the key broker whose verification key
 * the enclave was started with, for one of its own attestation rounds.
 */
public interface EnclaveHost extends AttestableEnclave, AutoCloseable {
  HostKind kind();

  /** The label of {@link #kind()}. */
  @Override
  default String modeLabel() {
    return kind().label();
  }

  /**
   * Evidence binding the enclave's fresh HPKE public key and {@code nonce} to its measurement: an
   * SGX DCAP quote under {@link HostKind#SGX}, a clearly marked simulation statement otherwise.
   */
  @Override
  Evidence attest(byte[] nonce) throws GeneralSecurityException, IOException;

  /** Processes the windows; one outcome per task, in the order of the tasks. */
  List<WindowOutcome> process(WindowBatch batch) throws GeneralSecurityException, IOException;

  @Override
  void close() throws IOException;
}
