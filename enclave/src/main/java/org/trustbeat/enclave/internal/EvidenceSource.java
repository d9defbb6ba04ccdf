package org.trustbeat.enclave.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import org.trustbeat.attestation.Evidence;

/** Turns the enclave's 64 bytes of report data into evidence: a simulation statement or a quote. */
public interface EvidenceSource {
  Evidence attest(byte[] reportData) throws GeneralSecurityException, IOException;

  /** "SIMULATION" or "SGX_DCAP", as carried in every result header. */
  String attestationKind();

  /**
   * What the evidence protects, for log lines, e.g. "SIMULATION attestation: no hardware
   * protection".
   */
  String protectionNote();
}
