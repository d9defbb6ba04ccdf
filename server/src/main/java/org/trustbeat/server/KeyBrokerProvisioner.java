package org.trustbeat.server;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.Collection;
import org.trustbeat.enclave.EnclaveHost;
import org.trustbeat.keybroker.KeyBrokerClient;

/** Provisions through a TrustBeat key broker ({@link KeyBrokerClient#provision}). */
public final class KeyBrokerProvisioner implements KeyProvisioner {
  private static final long serialVersionUID = 1L;

  private final URI keyBroker;
  private transient volatile KeyBrokerClient client;

  private KeyBrokerProvisioner(URI keyBroker) {
    this.keyBroker = keyBroker;
  }

  /** @param keyBroker the broker's base URI, e.g. {@code http://127.0.0.1:8443/} */
  public static KeyBrokerProvisioner of(URI keyBroker) {
    if (keyBroker == null || keyBroker.getHost() == null
        || !("http".equals(keyBroker.getScheme()) || "https".equals(keyBroker.getScheme()))) {
      throw new IllegalArgumentException(
          "key broker URI " + keyBroker + " is not http(s)://host:port/; pass the broker's base URI");
    }
    return new KeyBrokerProvisioner(keyBroker);
  }

  public URI keyBroker() {
    return keyBroker;
  }

  @Override
  public void provision(EnclaveHost host, Collection<String> patients)
      throws GeneralSecurityException, IOException {
    KeyBrokerClient c = client;
    if (c == null) {
      c = KeyBrokerClient.create(keyBroker);
      client = c;
    }
    c.provision(host, patients);
  }

  @Override
  public String toString() {
    return "KeyBrokerProvisioner{" + keyBroker + "}";
  }
}
