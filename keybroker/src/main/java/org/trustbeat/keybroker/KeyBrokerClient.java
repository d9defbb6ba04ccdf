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
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.trustbeat.attestation.AttestableEnclave;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.keybroker.internal.NonceRegistry;
import org.trustbeat.keybroker.internal.ReleaseRequest;
import org.trustbeat.protocol.SignedKeyRelease;

/**
 * Gets patient keys from a {@link KeyBrokerServer} into an enclave: nonce, evidence, release,
 * install. Immutable and thread-safe; one instance may serve all enclave hosts of a JVM (e.g. a
 * Spark executor's).
 *
 * <h2>Security guarantees</h2>
 *
 * The client handles only what the untrusted host may see: nonces, evidence, the enclave's public
 * key and the signed, sealed release, which only that enclave can open. It does not need to be
 * trusted; the enclave checks the broker's signature, its own key and the nonce of its round.
 * Against a broker serving mutual TLS, the client presents the host's certificate ({@link
 * Builder#clientCertificate}) and trusts only the given CA ({@link Builder#trustStore}); the
 * pseudonyms and measurements are then also hidden from the network.
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

  /**
   * A client for a broker at {@code base} (http, or https trusted by the JDK's default trust
   * store).
   */
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
   * @return what was released, and which patients their own policies refused (their keys are not in
   *     the enclave; the others are)
   * @throws KeyReleaseRefusedException if the broker refused every patient or the request, naming
   *     the reason
   * @throws GeneralSecurityException if the enclave cannot attest or does not accept the release
   * @throws IOException if the broker cannot be reached or answers outside the protocol
   */
  public ReleaseAnswer provision(AttestableEnclave host, Collection<String> patients)
      throws GeneralSecurityException, IOException {
    Objects.requireNonNull(host, "host");
    List<String> list = new ArrayList<>(patients);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("name at least one patient to provision");
    }
    byte[] nonce = requestNonce();
    Evidence evidence = host.attest(nonce);
    byte[] publicKey = host.publicKey();
    ReleaseAnswer answer = requestRelease(evidence, publicKey, nonce, host.modeLabel(), list);
    host.installKeys(nonce, answer.signedRelease());
    return answer;
  }

  /**
   * A fresh nonce from the broker, for one release request of this client.
   *
   * @throws KeyReleaseRefusedException with {@link RefusalReason#NONCE_QUOTA_EXCEEDED} when this
   *     client holds its quota of unspent nonces; the message says when to retry
   */
  public byte[] requestNonce() throws IOException, GeneralSecurityException {
    HttpResponse<InputStream> response =
        send(
            HttpRequest.newBuilder(base.resolve("v1/nonce"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    try (InputStream in = response.body()) {
      String header = response.headers().firstValue(KeyBrokerServer.REFUSAL_HEADER).orElse(null);
      if (response.statusCode() == 429 && header != null) {
        String retry = response.headers().firstValue("Retry-After").orElse("?");
        throw new KeyReleaseRefusedException(
            reasonOf(header), 429, errorText(in) + " (Retry-After: " + retry + " s)");
      }
      if (response.statusCode() != 200) {
        throw new IOException(
            "key broker at "
                + base
                + " answered HTTP "
                + response.statusCode()
                + " to a nonce request: "
                + errorText(in));
      }
      byte[] nonce = in.readNBytes(NonceRegistry.NONCE_BYTES + 1);
      if (nonce.length != NonceRegistry.NONCE_BYTES) {
        throw new IOException(
            "key broker at "
                + base
                + " sent a "
                + nonce.length
                + "-byte nonce;"
                + " expected "
                + NonceRegistry.NONCE_BYTES
                + "; is the URL a TrustBeat key broker?");
      }
      return nonce;
    }
  }

  /**
   * Asks for a release; the lower-level step of {@link #provision}.
   *
   * @return the answer; its {@link ReleaseAnswer#signedRelease()} goes to {@link
   *     AttestableEnclave#installKeys}
   * @throws KeyReleaseRefusedException if the broker refused
   */
  public ReleaseAnswer requestRelease(
      Evidence evidence,
      byte[] enclavePublicKey,
      byte[] nonce,
      String hostKind,
      List<String> patients)
      throws GeneralSecurityException, IOException {
    byte[] body =
        ReleaseRequest.of(evidence, enclavePublicKey, nonce, hostKind, patients).toBytes();
    HttpResponse<InputStream> response =
        send(
            HttpRequest.newBuilder(base.resolve("v1/release"))
                .header("Content-Type", "application/x-trustbeat-release-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    try (InputStream in = response.body()) {
      int status = response.statusCode();
      if (status == 200) {
        int max = SignedKeyRelease.MAX_BYTES + 64 * 1024 + patients.size() * 2200;
        byte[] answer = in.readNBytes(max + 1);
        if (answer.length == 0 || answer.length > max) {
          throw new IOException(
              "key broker sent an answer of " + answer.length + " bytes; expected" + " 1.." + max);
        }
        try {
          return ReleaseAnswer.parse(answer);
        } catch (IllegalArgumentException e) {
          throw new IOException(
              "key broker at " + base + " sent a malformed answer: " + e.getMessage());
        }
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
      throw new IOException(
          "cannot reach the key broker at "
              + base
              + " ("
              + e
              + "); check that"
              + " `trustbeat keybroker serve` runs there and, for https, that its certificate is trusted",
          e);
    }
  }

  private static String errorText(InputStream in) throws IOException {
    return new String(in.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8).strip();
  }

  @Override
  public String toString() {
    return "KeyBrokerClient{" + base + "}";
  }

  /** Configures TLS (trust, client certificate) and timeouts. */
  public static final class Builder {
    private final URI base;
    private SSLContext sslContext;
    private KeyStore trustStore;
    private KeyStore clientKeys;
    private char[] clientKeyPassword;
    private Duration timeout = Duration.ofSeconds(30);

    private Builder(URI base) {
      Objects.requireNonNull(base, "base");
      String scheme = base.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException(
            "key broker URL must be http:// or https://, got " + base);
      }
      String s = base.toString();
      this.base = URI.create(s.endsWith("/") ? s : s + "/");
    }

    /**
     * Trusts only the certificates of {@code trustStore} for the broker (e.g. the CA that issued
     * its certificate), not the JDK's public CAs.
     */
    public Builder trustStore(KeyStore trustStore) {
      this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
      return this;
    }

    /**
     * The host's client certificate and key (a PKCS#12 key store with one key entry), which a
     * broker serving mutual TLS requires.
     */
    public Builder clientCertificate(KeyStore keys, char[] password) {
      this.clientKeys = Objects.requireNonNull(keys, "keys");
      this.clientKeyPassword = Objects.requireNonNull(password, "password").clone();
      return this;
    }

    /** A complete TLS context, instead of {@link #trustStore} and {@link #clientCertificate}. */
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

    /**
     * @throws IllegalStateException if the TLS material cannot be used (e.g. wrong password)
     */
    public KeyBrokerClient build() {
      HttpClient.Builder http =
          HttpClient.newBuilder()
              .connectTimeout(timeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .version(HttpClient.Version.HTTP_1_1);
      SSLContext context = sslContext;
      if (context == null && (trustStore != null || clientKeys != null)) {
        try {
          KeyManagerFactory kmf = null;
          if (clientKeys != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(clientKeys, clientKeyPassword);
          }
          TrustManagerFactory tmf = null;
          if (trustStore != null) {
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
          }
          context = SSLContext.getInstance("TLS");
          context.init(
              kmf == null ? null : kmf.getKeyManagers(),
              tmf == null ? null : tmf.getTrustManagers(),
              null);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(
              "cannot use the TLS client certificate or trust store ("
                  + e.getMessage()
                  + "); check the key store password and contents",
              e);
        }
      }
      if (context != null) {
        http.sslContext(context);
      }
      return new KeyBrokerClient(base, http.build(), timeout);
    }
  }
}
