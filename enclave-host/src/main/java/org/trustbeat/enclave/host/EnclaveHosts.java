package org.trustbeat.enclave.host;

import java.io.IOException;
import java.security.GeneralSecurityException;
import org.trustbeat.enclave.HostKind;

/** Creates the host for an execution mode (shared/DESIGN.md, "Execution modes"). */
public final class EnclaveHosts {
  private EnclaveHosts() {}

  /**
   * @throws IOException if an enclave process cannot start, or for {@link HostKind#SGX} at once
   *     when this machine has no SGX or Gramine
   * @throws IllegalArgumentException if {@code config} lacks what the mode needs (the message says
   *     which setting)
   */
  public static EnclaveHost create(HostKind kind, EnclaveConfig config)
      throws IOException, GeneralSecurityException {
    return switch (kind) {
      case PLAIN -> PlainHost.create(config);
      case SEALED_INPROCESS -> InProcessEnclaveHost.create(config);
      case SEALED_PROCESS -> ChildProcessEnclaveHost.start(config);
      case SGX -> GramineSgxEnclaveHost.start(config);
    };
  }
}
