package org.trustbeat.attestation;

import java.io.IOException;
import java.security.GeneralSecurityException;

/**
 * What a key broker client needs of an enclave to provision it: evidence for a nonce, the public
 * key that evidence binds, and a way in for the signed release. Enclave hosts implement it; the key
 * broker depends on this interface only, not on the enclave or its hosts.
 *
 * <h2>Security guarantees</h2>
 *
 * None by itself: {@link #modeLabel()} is what the untrusted host says about itself, and the key
 * broker trusts only what it verifies in the {@link #attest evidence}. Keys enter the enclave only
 * through {@link #installKeys}, sealed to the public key its evidence binds and signed by the key
 * broker the enclave pins, for one of its own attestation rounds.
 */
public interface AttestableEnclave {
  /**
   * The execution mode the host reports in release requests and audit lines: {@code plain}, {@code
   * sealed-inprocess}, {@code sealed-process} or {@code sgx}.
   */
  String modeLabel();

  /**
   * Evidence binding the enclave's fresh HPKE public key and {@code nonce} to its measurement: an
   * SGX DCAP quote under Gramine-SGX, a clearly marked simulation statement otherwise.
   */
  Evidence attest(byte[] nonce) throws GeneralSecurityException, IOException;

  /** The enclave's HPKE public key (serialized Tink public keyset), as bound by its evidence. */
  byte[] publicKey() throws GeneralSecurityException, IOException;

  /**
   * Hands the enclave a {@code SignedKeyRelease} the key broker made for its public key and the
   * attestation round of {@code nonce} (an earlier {@link #attest} call). The enclave refuses
   * anything else — unsigned, signed by another key, for another round or enclave, or stating
   * another evidence kind — and then keeps the keys it holds.
   */
  void installKeys(byte[] nonce, byte[] sealedRelease) throws GeneralSecurityException, IOException;
}
