package org.trustbeat.attestation;

import java.security.GeneralSecurityException;

/**
 * Turns evidence into the identity of the enclave that produced it, or refuses it.
 *
 * <p>A verifier only establishes <em>what</em> produced the evidence; whether that identity may
 * receive keys is decided separately by {@link AttestationPolicy#check(EnclaveIdentity)}.
 */
public interface EvidenceVerifier {
  /**
   * @return the verified identity, never {@code null}
   * @throws GeneralSecurityException if the evidence is of a kind this verifier does not handle, is
   *     malformed, or any of its signatures, certificates or bindings does not check out
   */
  EnclaveIdentity verify(Evidence evidence) throws GeneralSecurityException;
}
