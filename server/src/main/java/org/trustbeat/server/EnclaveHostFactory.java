package org.trustbeat.server;

import java.io.IOException;
import java.io.Serializable;
import java.security.GeneralSecurityException;
import org.trustbeat.enclave.host.EnclaveHost;

/**
 * Starts the enclave host of one executor JVM. Serializable because Spark ships it to every
 * executor inside a {@link HostSpec}; it must hold configuration only, never a started host or a
 * key.
 */
@FunctionalInterface
public interface EnclaveHostFactory extends Serializable {
  EnclaveHost create() throws GeneralSecurityException, IOException;

  /**
   * Fails fast, before any query starts, when this machine cannot run the hosts at all (e.g. the
   * {@code sgx} mode without SGX); the job calls it on the driver when Spark runs locally.
   */
  default void checkAvailable() throws IOException {}
}
