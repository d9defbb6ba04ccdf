package org.trustbeat.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustbeat.enclave.host.EnclaveHost;
import org.trustbeat.keybroker.KeyBrokerClient;
import org.trustbeat.keybroker.PatientRefusal;
import org.trustbeat.keybroker.ReleaseAnswer;
import org.trustbeat.keybroker.TlsFiles;

/**
 * Provisions through a TrustBeat key broker ({@link KeyBrokerClient#provision}), over plain HTTP to
 * a broker on loopback ({@link #of}) or over mutual TLS with this host's client certificate ({@link
 * #ofMutualTls}). Serializable: it carries the broker's URI and, for TLS, the paths of the host's
 * key store and of the broker's CA certificate and the key store password — never a patient key.
 * Each executor reads those files itself.
 */
public final class KeyBrokerProvisioner implements KeyProvisioner {
  private static final long serialVersionUID = 2L;
  private static final Logger LOG = LoggerFactory.getLogger(KeyBrokerProvisioner.class);

  private final URI keyBroker;
  private final String clientKeyStore;
  private final String clientKeyStorePassword;
  private final String brokerCaPem;
  private transient volatile KeyBrokerClient client;

  private KeyBrokerProvisioner(
      URI keyBroker, String clientKeyStore, String password, String brokerCaPem) {
    this.keyBroker = keyBroker;
    this.clientKeyStore = clientKeyStore;
    this.clientKeyStorePassword = password;
    this.brokerCaPem = brokerCaPem;
  }

  /**
   * @param keyBroker the broker's base URI, e.g. {@code http://127.0.0.1:7788/}
   */
  public static KeyBrokerProvisioner of(URI keyBroker) {
    check(keyBroker);
    return new KeyBrokerProvisioner(keyBroker, null, null, null);
  }

  /**
   * Over mutual TLS.
   *
   * @param keyBroker {@code https://host:port/}
   * @param clientKeyStore PKCS#12 with this host's client key and certificate (from the host CA)
   * @param password of {@code clientKeyStore}
   * @param brokerCaPem the CA certificate that issued the broker's server certificate
   */
  public static KeyBrokerProvisioner ofMutualTls(
      URI keyBroker, Path clientKeyStore, char[] password, Path brokerCaPem) {
    check(keyBroker);
    if (!"https".equals(keyBroker.getScheme())) {
      throw new IllegalArgumentException(
          "mutual TLS needs an https:// key broker URI, got " + keyBroker);
    }
    return new KeyBrokerProvisioner(
        keyBroker,
        clientKeyStore.toAbsolutePath().toString(),
        new String(password),
        brokerCaPem.toAbsolutePath().toString());
  }

  private static void check(URI keyBroker) {
    if (keyBroker == null
        || keyBroker.getHost() == null
        || !("http".equals(keyBroker.getScheme()) || "https".equals(keyBroker.getScheme()))) {
      throw new IllegalArgumentException(
          "key broker URI "
              + keyBroker
              + " is not http(s)://host:port/; pass the broker's base URI");
    }
  }

  public URI keyBroker() {
    return keyBroker;
  }

  @Override
  public void provision(EnclaveHost host, Collection<String> patients)
      throws GeneralSecurityException, IOException {
    ReleaseAnswer answer = client().provision(host, patients);
    if (!answer.refused().isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (PatientRefusal r : answer.refused()) {
        sb.append(sb.length() == 0 ? "" : "; ")
            .append(r.patient())
            .append(' ')
            .append(r.reasonName());
      }
      LOG.warn(
          "key broker "
              + keyBroker
              + " released "
              + answer.released().size()
              + " patients and refused "
              + answer.refused().size()
              + " by their own policies: "
              + sb);
    }
  }

  private KeyBrokerClient client() throws IOException, GeneralSecurityException {
    KeyBrokerClient c = client;
    if (c == null) {
      KeyBrokerClient.Builder b = KeyBrokerClient.builder(keyBroker);
      if (clientKeyStore != null) {
        char[] pw = clientKeyStorePassword.toCharArray();
        b.clientCertificate(TlsFiles.loadKeyStore(Path.of(clientKeyStore), pw), pw)
            .trustStore(TlsFiles.trustStoreOfPem(Path.of(brokerCaPem)));
      }
      c = b.build();
      client = c;
    }
    return c;
  }

  @Override
  public String toString() {
    return "KeyBrokerProvisioner{"
        + keyBroker
        + (clientKeyStore == null ? "" : ", mutual TLS with " + clientKeyStore)
        + "}";
  }
}
