package org.trustbeat.enclave.host;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.List;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.host.internal.EnclaveProcess;
import org.trustbeat.enclave.internal.Wire;

/**
 * A host whose enclave program runs in another process — a child JVM or a JVM under Gramine-SGX —
 * reached over the length-prefixed wire protocol; the subclasses differ only in how they start it.
 */
abstract class RemoteEnclaveHost implements EnclaveHost {
  final EnclaveProcess process;
  private volatile byte[] publicKey;

  RemoteEnclaveHost(EnclaveProcess process) {
    this.process = process;
  }

  @Override
  public Evidence attest(byte[] nonce) throws GeneralSecurityException, IOException {
    return Wire.decodeEvidence(process.call(Wire.ATTEST, Wire.encodeAttest(nonce)));
  }

  @Override
  public byte[] publicKey() throws GeneralSecurityException, IOException {
    byte[] k = publicKey;
    if (k == null) {
      k = process.call(Wire.PUBLIC_KEY, new byte[0]);
      publicKey = k;
    }
    return k.clone();
  }

  @Override
  public void installKeys(byte[] nonce, byte[] sealedRelease)
      throws GeneralSecurityException, IOException {
    process.call(Wire.INSTALL_KEYS, Wire.encodeInstallKeys(nonce, sealedRelease));
  }

  @Override
  public List<WindowOutcome> process(WindowBatch batch)
      throws GeneralSecurityException, IOException {
    return Wire.decodeOutcomes(process.call(Wire.PROCESS, Wire.encodeBatch(batch)));
  }

  @Override
  public void close() throws IOException {
    process.close();
  }
}
