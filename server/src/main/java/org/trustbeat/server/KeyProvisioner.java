package org.trustbeat.server;

import java.io.IOException;
import java.io.Serializable;
import java.security.GeneralSecurityException;
import java.util.Collection;
import org.trustbeat.enclave.host.EnclaveHost;

/**
 * Gets patients' keys into an enclave: asks it for evidence over a fresh nonce, has the key broker
 * verify the evidence and seal a release to the enclave's key, and installs the release.
 * Serializable because it travels to executors inside a {@link HostSpec}: it holds where the key
 * broker is, never a key.
 *
 * <h2>Security guarantees</h2>
 *
 * The host only relays: the release is sealed to the enclave's attested public key, so the host
 * running this code cannot read the keys it carries.
 */
@FunctionalInterface
public interface KeyProvisioner extends Serializable {
  void provision(EnclaveHost host, Collection<String> patients)
      throws GeneralSecurityException, IOException;
}
