package org.trustbeat.enclave.host;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.logging.Logger;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.internal.PlainCrypto;
import org.trustbeat.enclave.internal.WindowProcessor;
import org.trustbeat.protocol.ProtocolLimits;

/**
 * {@link HostKind#PLAIN}: the paper's vanilla baseline. Chunks are {@code PlainChunk}s in clear,
 * the analysis runs in the calling thread, outcomes hold {@code PlainResult}s in clear and carries
 * in clear. The window logic is the same code as in the sealed modes, so results are identical;
 * only the protection is gone.
 *
 * <h2>Security guarantees</h2>
 *
 * None: plain mode has no encryption and no enclave. It exists to measure the cost of protection.
 */
public final class PlainHost implements EnclaveHost {
  /** Result headers of plain mode carry this attestation kind. */
  public static final String ATTESTATION_KIND = PlainCrypto.ATTESTATION_KIND;

  private static final String LABEL = "[plain, plain mode: no encryption, no enclave]";
  private static final Logger LOG = Logger.getLogger("org.trustbeat.enclave");

  private final WindowProcessor processor;

  private PlainHost() {
    this.processor =
        new WindowProcessor(new PlainCrypto(ProtocolLimits.defaults()), HostKind.PLAIN.label());
  }

  public static PlainHost create(EnclaveConfig config) {
    LOG.info(LABEL + " host created");
    return new PlainHost();
  }

  @Override
  public HostKind kind() {
    return HostKind.PLAIN;
  }

  @Override
  public Evidence attest(byte[] nonce) throws GeneralSecurityException {
    throw noEnclave();
  }

  @Override
  public byte[] publicKey() throws GeneralSecurityException {
    throw noEnclave();
  }

  @Override
  public void installKeys(byte[] nonce, byte[] sealedRelease) throws GeneralSecurityException {
    throw noEnclave();
  }

  private static GeneralSecurityException noEnclave() {
    return new GeneralSecurityException(
        "plain mode has no enclave: no evidence, no keys, no"
            + " encryption; use --mode sealed-inprocess, sealed-process or sgx for protected data");
  }

  /** Analyses clear chunks in the calling thread; outcomes hold {@code PlainResult} bytes. */
  @Override
  public List<WindowOutcome> process(WindowBatch batch) throws GeneralSecurityException {
    return processor.process(batch);
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "PlainHost" + LABEL;
  }
}
