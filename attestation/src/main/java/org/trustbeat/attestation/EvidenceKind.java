package org.trustbeat.attestation;

/**
 * Where a piece of evidence comes from. Carried through to {@link EnclaveIdentity#kind()} so that
 * no caller can mistake a simulation statement for hardware-protected evidence.
 */
public enum EvidenceKind {
  /**
   * An Intel SGX DCAP quote, signed by a Quoting Enclave whose PCK chain ends at the Intel SGX Root
   * CA.
   */
  SGX_DCAP,
  /**
   * A statement signed by a software key on a machine without SGX. It proves nothing about
   * isolation: whoever can read the simulation key file can forge any measurement.
   */
  SIMULATION
}
