package org.trustbeat.server;

import org.trustbeat.enclave.HostKind;

/**
 * The label every log line of the server carries, so that no output passes for more protection than
 * it had: only {@link HostKind#SGX} claims hardware isolation.
 */
public final class ModeLabel {
  private ModeLabel() {}

  public static String of(HostKind kind) {
    switch (kind) {
      case PLAIN:
        return "[plain, NO protection: clear data in Spark]";
      case SGX:
        return "[sgx, SGX hardware isolation, DCAP attestation]";
      default:
        return "[" + kind.label() + ", SIMULATION attestation: no hardware protection]";
    }
  }
}
