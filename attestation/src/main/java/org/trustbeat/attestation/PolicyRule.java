package org.trustbeat.attestation;

/** The rule of an {@link AttestationPolicy} that an enclave identity broke. */
public enum PolicyRule {
  SIMULATION_REFUSED,
  DEBUG_REFUSED,
  MRENCLAVE_NOT_ALLOWED,
  MRSIGNER_NOT_ALLOWED,
  ISV_PROD_ID_NOT_ALLOWED,
  ISV_SVN_TOO_LOW,
  /** A hardware enclave's TCB status is not one the policy accepts, or was not evaluated. */
  TCB_STATUS_NOT_ALLOWED
}
