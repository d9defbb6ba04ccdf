package org.trustbeat.enclave;

/**
 * Why the enclave refused a chunk envelope. Rejections are reported by reason, never by content.
 */
public enum RejectReason {
  /** The bytes do not parse as an envelope (truncated, oversize, bad field). */
  MALFORMED,
  /** The header names another patient than the window's. */
  WRONG_PATIENT,
  /** The enclave holds no released key for the chunk's patient: provision it, then retry. */
  NO_KEY,
  /** The header's slot lies outside the window and its 30 s of context on each side. */
  OUTSIDE_WINDOW,
  /** No released key opens it, or authentication failed: tampered, or sealed with another key. */
  AUTHENTICATION_FAILED,
  /**
   * It decrypted, but its content contradicts the header or the format: a sample outside the
   * header's slot, or a body not padded as format version 2 requires.
   */
  INCONSISTENT_CONTENT,
  /**
   * The patient's analysis policy, released with their keys, does not allow the batch's job or the
   * window's length (e.g. {@code identity}, or a window length the patient did not agree to): the
   * chunk is not opened and the window gets no result. Change the patient's policy at the key
   * broker and re-provision if the analysis is wanted.
   */
  POLICY_REFUSED
}
