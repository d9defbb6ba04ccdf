package org.trustbeat.keybroker;

import org.trustbeat.attestation.PolicyRule;

/**
 * Why the key broker refused a release, a patient, or a nonce. Each check has its own reason; the
 * reason's name is the first word of the HTTP 403/400/429 body and of the audit line. The {@code
 * *_FOR_PATIENT} reasons refuse one patient of a request (the others may still be released).
 */
public enum RefusalReason {
  /** The request is not in the documented format or breaks a size bound (HTTP 400). */
  MALFORMED_REQUEST(400),
  /** The request names more patients than this broker releases at once (HTTP 400). */
  TOO_MANY_PATIENTS(400),
  /**
   * The client already holds as many unspent nonces as this broker allows one client (HTTP 429,
   * with Retry-After); spend or let expire the ones it holds.
   */
  NONCE_QUOTA_EXCEEDED(429),
  /** The nonce was never issued by this broker, or is so old that it was forgotten. */
  NONCE_UNKNOWN(403),
  /** The nonce was issued to another client (another host certificate or address). */
  NONCE_OF_ANOTHER_CLIENT(403),
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
  /** SIMULATION evidence, and the patient is not a test patient. */
  SIMULATION_NOT_ALLOWED_FOR_PATIENT(403),
  /** The enclave's MRENCLAVE is not among those the patient's policy names. */
  MRENCLAVE_NOT_ALLOWED_FOR_PATIENT(403),
  /** The SGX platform's TCB status is not among those the patient's policy names. */
  TCB_STATUS_NOT_ALLOWED_FOR_PATIENT(403),
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
      case SIMULATION_REFUSED:
        return SIMULATION_REFUSED;
      case DEBUG_REFUSED:
        return DEBUG_REFUSED;
      case MRENCLAVE_NOT_ALLOWED:
        return MRENCLAVE_NOT_ALLOWED;
      case MRSIGNER_NOT_ALLOWED:
        return MRSIGNER_NOT_ALLOWED;
      case ISV_PROD_ID_NOT_ALLOWED:
        return ISV_PROD_ID_NOT_ALLOWED;
      case ISV_SVN_TOO_LOW:
        return ISV_SVN_TOO_LOW;
      case TCB_STATUS_NOT_ALLOWED:
        return TCB_STATUS_NOT_ALLOWED;
      default:
        throw new IllegalArgumentException("no refusal reason for policy rule " + rule);
    }
  }
}
