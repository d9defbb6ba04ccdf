package org.trustbeat.keybroker;

import org.trustbeat.attestation.PolicyRule;

/**
 * Why the key broker refused a release. Each check of a release request has its own reason; the
 * reason's name is the first word of the HTTP 403/400 body and of the audit line.
 */
public enum RefusalReason {
  /** The request is not in the documented format or breaks a size bound (HTTP 400). */
  MALFORMED_REQUEST(400),
  /** The nonce was never issued by this broker, or is so old that it was forgotten. */
  NONCE_UNKNOWN(403),
  /** The nonce was already presented once; each release round needs a fresh one. */
  NONCE_ALREADY_USED(403),
  /** The nonce's lifetime ended before it was presented. */
  NONCE_EXPIRED(403),
  /** The broker has no verifier for the evidence kind. */
  EVIDENCE_KIND_UNSUPPORTED(403),
  /** The evidence's signatures, certificates or format do not check out. */
  EVIDENCE_INVALID(403),
  SIMULATION_REFUSED(403),
  DEBUG_REFUSED(403),
  MRENCLAVE_NOT_ALLOWED(403),
  MRSIGNER_NOT_ALLOWED(403),
  ISV_PROD_ID_NOT_ALLOWED(403),
  ISV_SVN_TOO_LOW(403),
  /** The SGX platform's TCB status (from Intel's collateral) is not one the policy accepts. */
  TCB_STATUS_NOT_ALLOWED(403),
  /** The host claims hardware isolation but presents simulation evidence. */
  HOST_KIND_MISMATCH(403),
  /** The evidence does not bind the presented public key and nonce. */
  KEY_NOT_BOUND(403),
  /** The bound public key is not an HPKE key of the release suite (HTTP 400). */
  PUBLIC_KEY_INVALID(400),
  /** A requested patient has no keys in the store. */
  UNKNOWN_PATIENT(403),
  /** The broker could not read its key store or write its audit log (HTTP 500). */
  BROKER_ERROR(500);

  private final int httpStatus;

  RefusalReason(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The reason for an {@link org.trustbeat.attestation.AttestationPolicy} rule. */
  public static RefusalReason of(PolicyRule rule) {
    switch (rule) {
      case SIMULATION_REFUSED: return SIMULATION_REFUSED;
      case DEBUG_REFUSED: return DEBUG_REFUSED;
      case MRENCLAVE_NOT_ALLOWED: return MRENCLAVE_NOT_ALLOWED;
      case MRSIGNER_NOT_ALLOWED: return MRSIGNER_NOT_ALLOWED;
      case ISV_PROD_ID_NOT_ALLOWED: return ISV_PROD_ID_NOT_ALLOWED;
      case ISV_SVN_TOO_LOW: return ISV_SVN_TOO_LOW;
      case TCB_STATUS_NOT_ALLOWED: return TCB_STATUS_NOT_ALLOWED;
      default: throw new IllegalArgumentException("no refusal reason for policy rule " + rule);
    }
  }
}
