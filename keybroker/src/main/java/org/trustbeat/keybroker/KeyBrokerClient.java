package org.trustbeat.keybroker;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.enclave.EnclaveHost;
import org.trustbeat.keybroker.internal.NonceRegistry;
import org.trustbeat.keybroker.internal.ReleaseRequest;
import org.trustbeat.protocol.KeyRelease;

/**
 * Gets patient keys from a {@link KeyBrokerServer} into an enclave: nonce, evidence, release,
 * install. Immutable and thread-safe; one instance may serve all enclave hosts of a JVM (e.g. a
 * Spark executor's).
 *
 * <h2>Security guarantees</h2>
 * The client handles only what the untrusted host may see: nonces, evidence, the enclave's public
 * key and the sealed release, which only that enclave can open. It does not need to be trusted;
 * the enclave checks that a release opens with its key and the nonce of this round. With TLS the
 * pseudonyms and measurements are also hidden from the network.
 */
public final class KeyBrokerClient {
  private static final int MAX_ERROR_BYTES = 8 * 1024;

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  private KeyBrokerClient(URI base, HttpClient http, Duration timeout) {
    this.base = base;
    this.http = http;
    this.timeout = timeout;
  }

  /** A client for a broker at {@code base} (http, or https trusted by the JDK's default trust store). */
  public static KeyBrokerClient create(URI base) {
    return builder(base).build();
  }

  public static Builder builder(URI base) {
    return new Builder(base);
  }

  /**
   * Provisions {@code host}'s enclave with the keys of {@code patients}: gets a fresh nonce, has
   * the enclave attest to it and its public key, asks for the release and installs it.
   *
   * @throws KeyReleaseRefusedException if the broker refused, naming the reason
   * @throws GeneralSecurityException if the enclave cannot attest or does not accept the release
   * @throws IOException if the broker cannot be reached or answers outside the protocol
   */
  public void provision(EnclaveHost host, Collection<String> patients)
      throws GeneralSecurityException, IOException {
    Objects.requireNonNull(host, "host");
    List<String> list = new ArrayList<>(patients);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("name at least one patient to provision");
    }
    byte[] nonce = requestNonce();
    Evidence evidence = host.attest(nonce);
    byte[] publicKey = host.publicKey();
    byte[] sealed = requestRelease(evidence, publicKey, nonce, host.kind().label(), list);
    host.installKeys(nonce, sealed);
  }

  /** A fresh nonce from the broker, for one release request. */
  public byte[] requestNonce() throws IOException {
    HttpResponse<InputStream> response = send(
        HttpRequest.newBuilder(base.resolve("v1/nonce")).POST(HttpRequest.BodyPublishers.noBody()));
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("key broker at " + base + " answered HTTP " + response.statusCode()
            + " to a nonce request: " + errorText(in));
      }
      byte[] nonce = in.readNBytes(NonceRegistry.NONCE_BYTES + 1);
      if (nonce.length != NonceRegistry.NONCE_BYTES) {
        throw new IOException("key broker at " + base + " sent a " + nonce.length + "-byte nonce;"
            + " expected " + NonceRegistry.NONCE_BYTES + "; is the URL a TrustBeat key broker?");
      }
      return nonce;
    }
  }

  /**
   * Asks for a release; the lower-level step of {@link #provision}.
   *
   * @return the sealed release, for {@link EnclaveHost#installKeys}
   * @throws KeyReleaseRefusedException if the broker refused
   */
  public byte[] requestRelease(Evidence evidence, byte[] enclavePublicKey, byte[] nonce,
      String hostKind, List<String> patients) throws GeneralSecurityException, IOException {
    byte[] body = ReleaseRequest.of(evidence, enclavePublicKey, nonce, hostKind, patients).toBytes();
    HttpResponse<InputStream> response = send(HttpRequest.newBuilder(base.resolve("v1/release"))
        .header("Content-Type", "application/x-trustbeat-release-request")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    try (InputStream in = response.body()) {
      int status = response.statusCode();
      if (status == 200) {
        byte[] sealed = in.readNBytes(KeyRelease.MAX_RELEASE_BYTES + 1);
        if (sealed.length == 0 || sealed.length > KeyRelease.MAX_RELEASE_BYTES) {
          throw new IOException("key broker sent a release of " + sealed.length + " bytes; expected"
              + " 1.." + KeyRelease.MAX_RELEASE_BYTES);
        }
        return sealed;
      }
      String text = errorText(in);
      String header = response.headers().firstValue(KeyBrokerServer.REFUSAL_HEADER).orElse(null);
      if (header == null) {
        throw new IOException("key broker at " + base + " answered HTTP " + status + ": " + text);
      }
      throw new KeyReleaseRefusedException(reasonOf(header), status, text);
    }
  }

  private static RefusalReason reasonOf(String name) {
    try {
      return RefusalReason.valueOf(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private HttpResponse<InputStream> send(HttpRequest.Builder request) throws IOException {
    try {
      return http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while talking to the key broker at " + base);
    } catch (IOException e) {
      throw new IOException("cannot reach the key broker at " + base + " (" + e + "); check that"
          + " `trustbeat keybroker serve` runs there and, for https, that its certificate is trusted", e);
    }
  }

  private static String errorText(InputStream in) throws IOException {
    return new String(in.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8).strip();
  }

  @Override
  public String toString() {
    return "KeyBrokerClient{" + base + "}";
  }

  /** Configures TLS trust and timeouts. */
  public static final class Builder {
    private final URI base;
    private SSLContext sslContext;
    private Duration timeout = Duration.ofSeconds(30);

    private Builder(URI base) {
      Objects.requireNonNull(base, "base");
      String scheme = base.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException("key broker URL must be http:// or https://, got " + base);
      }
      String s = base.toString();
      this.base = URI.create(s.endsWith("/") ? s : s + "/");
    }

    /** Trusts the certificates of {@code trustStore} (e.g. the broker's self-signed certificate). */
    public Builder trustStore(KeyStore trustStore) throws GeneralSecurityException {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return sslContext(context);
    }

    public Builder sslContext(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "context");
      return this;
    }

    /** Per-request timeout (default 30 s). */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public KeyBrokerClient build() {
      HttpClient.Builder http = HttpClient.newBuilder()
          .connectTimeout(timeout)
          .followRedirects(HttpClient.Redirect.NEVER)
          .version(HttpClient.Version.HTTP_1_1);
      if (sslContext != null) {
        http.sslContext(sslContext);
      }
      return new KeyBrokerClient(base, http.build(), timeout);
    }
  }
}
