package org.trustbeat.server;

import java.io.IOException;
import java.security.GeneralSecurityException;
import org.trustbeat.enclave.host.EnclaveHost;
import org.trustbeat.server.internal.HostRegistry;

/**
 * The enclave hosts the jobs of this JVM share, one per {@link HostSpec}: a job's tasks reach the
 * same host. For a tool that starts a job's host before the job (so that its start is not timed
 * with the job's first batch) or warms its code up, as the bench does.
 */
public final class SharedHosts {
  private SharedHosts() {}

  /** The running host of {@code spec}, started (not yet provisioned) if none runs yet. */
  public static EnclaveHost host(HostSpec spec) throws GeneralSecurityException, IOException {
    return HostRegistry.shared().host(spec).host();
  }
}
