package org.trustbeat.keybroker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustbeat.attestation.AttestationPolicy;
import org.trustbeat.attestation.DcapQuoteVerifier;
import org.trustbeat.attestation.EvidenceVerifier;
import org.trustbeat.attestation.InsecureSimulationVerifier;
import org.trustbeat.keybroker.internal.NonceRegistry;
import org.trustbeat.keybroker.internal.ReleaseRequest;
import org.trustbeat.protocol.KeyBrokerSigningKey;
import org.trustbeat.protocol.KeyBrokerVerificationKey;

/**
 * The key broker's HTTP(S) service. Two endpoints, both {@code POST}:
 *
 * <ul>
 *   <li>{@code /v1/nonce}, empty body: 200 with 32 random bytes ({@code application/octet-stream}),
 *       valid for one release request of the same client within the nonce lifetime (default 60 s).
 *       429 with {@code Retry-After} (seconds) and {@code X-Trustbeat-Refusal:
 *       NONCE_QUOTA_EXCEEDED} when the client already holds its quota of unspent nonces (default
 *       16); 503 with {@code Retry-After} when the broker's overall bound is reached.
 *   <li>{@code /v1/release}, body {@code application/x-trustbeat-release-request} as documented in
 *       {@link ReleaseRequest} (evidence kind and bytes, enclave HPKE public key, nonce, host kind
 *       label, patient pseudonyms; at most {@link Builder#maxPatientsPerRequest} patients, default
 *       1000): 200 with a {@link ReleaseAnswer} (the {@link
 *       org.trustbeat.protocol.SignedKeyRelease} for that enclave key and nonce, and the patients
 *       refused by their own policies); otherwise 400 (malformed), 403 (refused) or 500, with a
 *       {@code text/plain} body {@code REASON: what failed and how to fix it} and the reason also
 *       in the {@code X-Trustbeat-Refusal} header.
 * </ul>
 *
 * <h2>Security guarantees</h2>
 *
 * Keys are released only to evidence that its verifier accepts, whose identity the {@link
 * AttestationPolicy} and each patient's {@link PatientPolicy} allow, and whose report data binds
 * the presented public key, this broker's verification key and a nonce this broker issued to the
 * same client, unused and unexpired; they leave only sealed to that key (HPKE) and signed with the
 * broker's {@link KeyBrokerSigningKey} for that key and nonce. SGX evidence is accepted only
 * through a {@link DcapQuoteVerifier} given Intel's collateral, and only for a platform TCB status
 * the policy names (default {@code UpToDate}). Every decision, with the client, the verified
 * evidence kind, the TCB status and the patients released and refused, is forced to the {@link
 * AuditLog} before the answer is sent. Bodies are bounded before they are read.
 *
 * <p>With TLS ({@link Builder#mutualTls}) the broker requires a client certificate issued by the
 * configured host CA: a client without one is refused in the TLS handshake, before any request is
 * read, and nonces and quotas are per certificate. Without TLS it only serves on a loopback
 * address, identifies clients by address only (no authentication), and says so in every audit line.
 */
public final class KeyBrokerServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyBrokerServer.class);
  static final String REFUSAL_HEADER = "X-Trustbeat-Refusal";
  private static final InetAddress LOOPBACK = loopbackV4();

  private final HttpServer server;
  private final ExecutorService executor;
  private final ReleaseService service;
  private final AuditLog audit;
  private final boolean tls;
  private final String host;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final KeyBrokerSigningKey signingKey;

  private KeyBrokerServer(Builder b, ReleaseService service, AuditLog audit) throws IOException {
    this.service = service;
    this.audit = audit;
    this.signingKey = b.signingKey;
    this.tls = b.sslContext != null;
    this.host = b.bindAddress.getAddress().getHostAddress();
    if (tls) {
      HttpsServer https = HttpsServer.create(b.bindAddress, 16);
      https.setHttpsConfigurator(
          new HttpsConfigurator(b.sslContext) {
            @Override
            public void configure(HttpsParameters params) {
              // Hosts must authenticate: no certificate from the host CA, no TLS session.
              SSLParameters p = getSSLContext().getDefaultSSLParameters();
              p.setNeedClientAuth(true);
              p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
              params.setSSLParameters(p);
            }
          });
      this.server = https;
    } else {
      this.server = HttpServer.create(b.bindAddress, 16);
    }
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "keybroker-http-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.executor = Executors.newFixedThreadPool(b.threads, threads);
    server.setExecutor(executor);
    server.createContext("/v1/nonce", counted(this::handleNonce));
    server.createContext("/v1/release", counted(this::handleRelease));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts serving; returns at once. */
  public KeyBrokerServer start() {
    server.start();
    return this;
  }

  /** The base URI, e.g. {@code https://127.0.0.1:8443/}, with the actual port when 0 was asked. */
  public URI uri() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create(
        (tls ? "https" : "http") + "://" + h + ":" + server.getAddress().getPort() + "/");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The key enclaves must pin to take this broker's releases. */
  public KeyBrokerVerificationKey verificationKey() {
    return signingKey.verificationKey();
  }

  /** Whether clients must present a host certificate (mutual TLS). */
  public boolean authenticatesClients() {
    return tls;
  }

  /** Waits up to a second for requests in flight, stops, and closes the audit log. */
  @Override
  public void close() throws IOException {
    // HttpServer.stop(n) of JDK 17 always sleeps the full n seconds, so drain requests ourselves.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    audit.close();
  }

  private HttpHandler counted(HttpHandler handler) {
    return ex -> {
      inFlight.incrementAndGet();
      try {
        handler.handle(ex);
      } finally {
        inFlight.decrementAndGet();
      }
    };
  }

  private void handleNonce(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        sendText(ex, 405, null, "use POST /v1/nonce");
        return;
      }
      byte[] nonce;
      ClientIdentity client = clientOf(ex);
      try {
        nonce = service.issueNonce(client);
      } catch (NonceRegistry.Refused e) {
        ex.getResponseHeaders().set("Retry-After", Long.toString(e.retryAfter().toSeconds()));
        if (e.clientQuota()) {
          LOG.warn("nonce refused to client " + client + ": " + e.getMessage());
          sendText(
              ex,
              RefusalReason.NONCE_QUOTA_EXCEEDED.httpStatus(),
              RefusalReason.NONCE_QUOTA_EXCEEDED,
              RefusalReason.NONCE_QUOTA_EXCEEDED + ": " + e.getMessage());
        } else {
          sendText(ex, 503, null, e.getMessage());
        }
        return;
      }
      ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.sendResponseHeaders(200, nonce.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(nonce);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("nonce request failed: " + e);
    }
  }

  private void handleRelease(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        sendText(ex, 405, null, "use POST /v1/release");
        return;
      }
      ReleaseService.Outcome outcome;
      try {
        outcome = decide(ex);
      } catch (ReleaseService.AuditFailedException e) {
        // No record, no release.
        LOG.error("release not answered, audit log failed: " + e.getMessage());
        sendText(
            ex,
            500,
            RefusalReason.BROKER_ERROR,
            "BROKER_ERROR: the broker cannot record decisions; see its log");
        return;
      }
      if (outcome.decision.granted()) {
        byte[] body = outcome.answer.toBytes();
        ex.getResponseHeaders().set("Content-Type", "application/x-trustbeat-release-answer");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      } else {
        RefusalReason reason = outcome.decision.refusal().orElseThrow();
        sendText(ex, reason.httpStatus(), reason, reason + ": " + outcome.decision.message());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("release request failed: " + e);
    }
  }

  private ReleaseService.Outcome decide(HttpExchange ex) throws IOException {
    ClientIdentity client = clientOf(ex);
    byte[] body = ex.getRequestBody().readNBytes(ReleaseRequest.MAX_BYTES + 1);
    if (body.length > ReleaseRequest.MAX_BYTES) {
      return service.malformed(
          client,
          "request body is over "
              + ReleaseRequest.MAX_BYTES
              + " bytes; release fewer patients per request");
    }
    ReleaseRequest request;
    try {
      request = ReleaseRequest.parse(body);
    } catch (IllegalArgumentException e) {
      return service.malformed(client, e.getMessage());
    }
    return service.decide(request, client);
  }

  /** The host's certificate under mutual TLS; its address (unauthenticated) on plain HTTP. */
  private static ClientIdentity clientOf(HttpExchange ex) throws IOException {
    String remote = ex.getRemoteAddress().getAddress().getHostAddress();
    if (ex instanceof HttpsExchange) {
      SSLSession session = ((HttpsExchange) ex).getSSLSession();
      Certificate[] chain = session.getPeerCertificates(); // the handshake required one
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate)) {
        throw new SSLPeerUnverifiedException("the client presented no X.509 certificate");
      }
      return ClientIdentity.ofCertificate((X509Certificate) chain[0], remote);
    }
    return ClientIdentity.ofAddress(remote);
  }

  private static void sendText(HttpExchange ex, int status, RefusalReason reason, String text)
      throws IOException {
    byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if (reason != null) {
      ex.getResponseHeaders().set(REFUSAL_HEADER, reason.name());
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static InetAddress loopbackV4() {
    try {
      return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("a literal address cannot be unknown", e);
    }
  }

  @Override
  public String toString() {
    return "KeyBrokerServer{" + uri() + "}";
  }

  /**
   * Configures the broker. Required: {@link #keyStore}, {@link #policy}, {@link #auditLog}, {@link
   * #signingKey}. Defaults: 127.0.0.1, port 0 (any free port), no TLS (loopback only), no DCAP
   * verifier (SGX evidence is refused until a {@link DcapQuoteVerifier} with Intel's collateral is
   * given), no simulation verifier, 60-s nonces, 16 unspent nonces per client and 10 000 in all,
   * 1000 patients per request, the system clock, 4 threads.
   */
  public static final class Builder {
    private KeyBrokerSigningKey signingKey;
    private PatientKeyStore keyStore;
    private AttestationPolicy policy;
    private Path auditLog;
    private EvidenceVerifier dcapVerifier;
    private InsecureSimulationVerifier simulationVerifier;
    private InetSocketAddress bindAddress = new InetSocketAddress(LOOPBACK, 0);
    private SSLContext sslContext;
    private Clock clock = Clock.systemUTC();
    private Duration nonceLifetime = Duration.ofSeconds(60);
    private int maxOutstandingNonces = 10_000;
    private int noncesPerClient = 16;
    private int maxPatientsPerRequest = 1_000;
    private int threads = 4;
    private Consumer<ReleaseDecision> listener = d -> {};

    private Builder() {}

    /**
     * The key the broker signs releases with; enclaves pin its {@link
     * KeyBrokerSigningKey#verificationKey()} (see {@link KeyDirectory#loadOrCreateSigningKey}).
     */
    public Builder signingKey(KeyBrokerSigningKey signingKey) {
      this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
      return this;
    }

    public Builder keyStore(PatientKeyStore keyStore) {
      this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
      return this;
    }

    public Builder policy(AttestationPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The append-only decision log; created if missing. */
    public Builder auditLog(Path file) {
      this.auditLog = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * The verifier for SGX_DCAP evidence: a {@link DcapQuoteVerifier} with current collateral, so
     * that the policy can judge the platform's TCB status. Without one, SGX evidence is refused.
     */
    public Builder dcapVerifier(EvidenceVerifier verifier) {
      this.dcapVerifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /**
     * The verifier for SIMULATION evidence. It is consulted only if the policy allows simulation;
     * every decision about simulation evidence then says it was not hardware protected.
     */
    public Builder insecureSimulationVerifier(InsecureSimulationVerifier verifier) {
      this.simulationVerifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /** Where to listen; default 127.0.0.1. Beyond loopback, {@link #mutualTls} is required. */
    public Builder bindAddress(InetSocketAddress address) {
      Objects.requireNonNull(address, "address");
      if (address.isUnresolved()) {
        throw new IllegalArgumentException(
            "cannot resolve "
                + address.getHostString()
                + "; give an IP address or a resolvable host name");
      }
      this.bindAddress = address;
      return this;
    }

    /** 127.0.0.1 and {@code port} (0 for any free port). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      return bindAddress(new InetSocketAddress(bindAddress.getAddress(), port));
    }

    /**
     * Serves HTTPS with the broker's key and certificate from {@code serverKeys}, and requires
     * every client to present a certificate that chains to one of the CA certificates in {@code
     * hostCas} (and only those: the JDK's public CAs are not trusted for clients).
     */
    public Builder mutualTls(KeyStore serverKeys, char[] password, KeyStore hostCas)
        throws GeneralSecurityException {
      Objects.requireNonNull(serverKeys, "serverKeys");
      Objects.requireNonNull(hostCas, "hostCas");
      if (hostCas.size() == 0) {
        throw new GeneralSecurityException(
            "the host CA trust store is empty; give the CA"
                + " certificate that issues the hosts' client certificates");
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(serverKeys, password);
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(hostCas);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
      this.sslContext = context;
      return this;
    }

    /**
     * As {@link #mutualTls(KeyStore, char[], KeyStore)} from files: a PKCS#12 (or JKS) key store
     * with the broker's key and certificate, and a PEM file of the CA certificate(s) that issue
     * host client certificates.
     */
    public Builder mutualTls(Path keyStoreFile, char[] password, Path hostCaPem)
        throws IOException, GeneralSecurityException {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      try (InputStream in = Files.newInputStream(keyStoreFile)) {
        ks.load(in, password);
      } catch (IOException e) {
        throw new IOException(
            "cannot load TLS key store "
                + keyStoreFile
                + ": wrong password or"
                + " not a PKCS#12/JKS file; create one with keytool -genkeypair -storetype PKCS12",
            e);
      }
      return mutualTls(ks, password, TlsFiles.trustStoreOfPem(hostCaPem));
    }

    /** The clock for nonce expiry and decision times. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Builder nonceLifetime(Duration lifetime) {
      this.nonceLifetime = Objects.requireNonNull(lifetime, "lifetime");
      return this;
    }

    /** Unspent nonces remembered in all (a memory bound); default 10 000. */
    public Builder maxOutstandingNonces(int max) {
      this.maxOutstandingNonces = max;
      return this;
    }

    /**
     * Unspent, unexpired nonces one client (certificate, or address without TLS) may hold; default
     * 16. A client over its quota gets 429 with Retry-After; other clients are not affected.
     */
    public Builder noncesPerClient(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("nonces per client must be at least 1, got " + max);
      }
      this.noncesPerClient = max;
      return this;
    }

    /** Most patients one release request may name; default 1000. */
    public Builder maxPatientsPerRequest(int max) {
      if (max < 1 || max > ReleaseRequest.MAX_PATIENTS) {
        throw new IllegalArgumentException(
            "patients per request must be 1.." + ReleaseRequest.MAX_PATIENTS + ", got " + max);
      }
      this.maxPatientsPerRequest = max;
      return this;
    }

    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** Told every decision after it is in the audit log, e.g. to print it. Must not block. */
    public Builder listener(Consumer<ReleaseDecision> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Binds the socket (not yet serving; call {@link #start}).
     *
     * @throws IllegalStateException if a required part is missing, the policy allows simulation
     *     without a simulation verifier, or a non-loopback address is to be served without TLS
     */
    public KeyBrokerServer build() throws IOException, GeneralSecurityException {
      if (keyStore == null || policy == null || auditLog == null || signingKey == null) {
        throw new IllegalStateException(
            "a key broker needs keyStore(...), policy(...),"
                + " auditLog(...) and signingKey(...)");
      }
      if (sslContext == null && !bindAddress.getAddress().isLoopbackAddress()) {
        throw new IllegalStateException(
            "without TLS the key broker cannot authenticate hosts, so"
                + " it serves only on a loopback address; to serve "
                + bindAddress.getAddress().getHostAddress()
                + " give mutual TLS (--tls-keystore, --tls-password, --tls-client-ca)");
      }
      if (policy.insecureSimulationAllowed() && simulationVerifier == null) {
        throw new IllegalStateException(
            "the policy allows simulation but no simulation verifier was"
                + " given; pass the installation's simulation public key (--simulation-public-key)");
      }
      NonceRegistry nonces =
          new NonceRegistry(
              clock,
              nonceLifetime,
              maxOutstandingNonces,
              Math.min(noncesPerClient, maxOutstandingNonces),
              new SecureRandom());
      AuditLog audit = AuditLog.open(auditLog);
      try {
        ReleaseService service =
            new ReleaseService(
                keyStore,
                policy,
                dcapVerifier,
                simulationVerifier,
                signingKey,
                maxPatientsPerRequest,
                nonces,
                audit,
                clock,
                listener);
        return new KeyBrokerServer(this, service, audit);
      } catch (IOException | RuntimeException e) {
        audit.close();
        throw e;
      }
    }
  }
}
