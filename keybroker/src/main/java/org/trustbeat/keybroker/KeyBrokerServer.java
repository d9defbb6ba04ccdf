package org.trustbeat.keybroker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
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
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.trustbeat.attestation.AttestationPolicy;
import org.trustbeat.attestation.DcapQuoteVerifier;
import org.trustbeat.attestation.EvidenceVerifier;
import org.trustbeat.attestation.InsecureSimulationVerifier;
import org.trustbeat.keybroker.internal.NonceRegistry;
import org.trustbeat.keybroker.internal.ReleaseRequest;

/**
 * The key broker's HTTP(S) service. Two endpoints, both {@code POST}:
 *
 * <ul>
 *   <li>{@code /v1/nonce}, empty body: 200 with 32 random bytes ({@code application/octet-stream}),
 *       valid for one release request within the nonce lifetime (default 60 s).
 *   <li>{@code /v1/release}, body {@code application/x-trustbeat-release-request} as documented in
 *       {@link ReleaseRequest} (evidence kind and bytes, enclave HPKE public key, nonce, host kind
 *       label, patient pseudonyms): 200 with the {@link org.trustbeat.protocol.KeyRelease} sealed
 *       to that public key for that nonce; otherwise 400 (malformed), 403 (refused) or 500, with a
 *       {@code text/plain} body {@code REASON: what failed and how to fix it} and the reason also in
 *       the {@code X-Trustbeat-Refusal} header.
 * </ul>
 *
 * <h2>Security guarantees</h2>
 * Keys are released only to evidence that its verifier accepts, whose identity the {@link
 * AttestationPolicy} allows, and whose report data binds the presented public key and a nonce this
 * broker issued, unused and unexpired; they leave only sealed to that key (HPKE). SGX evidence is
 * accepted only through a {@link DcapQuoteVerifier} given Intel's collateral, and only for a
 * platform TCB status the policy names (default {@code UpToDate}). Every decision, with the TCB
 * status and advisory ids it was based on, is forced to the {@link AuditLog} before the answer is
 * sent. Bodies are bounded before they are
 * read. Binds 127.0.0.1 unless told otherwise. Without TLS the channel is not confidential, which
 * is harmless for the sealed keys but exposes pseudonyms and measurements; use TLS beyond
 * localhost.
 */
public final class KeyBrokerServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KeyBrokerServer.class.getName());
  static final String REFUSAL_HEADER = "X-Trustbeat-Refusal";
  private static final InetAddress LOOPBACK = loopbackV4();

  private final HttpServer server;
  private final ExecutorService executor;
  private final ReleaseService service;
  private final AuditLog audit;
  private final boolean tls;
  private final String host;
  private final AtomicInteger inFlight = new AtomicInteger();

  private KeyBrokerServer(Builder b, ReleaseService service, AuditLog audit) throws IOException {
    this.service = service;
    this.audit = audit;
    this.tls = b.sslContext != null;
    this.host = b.bindAddress.getAddress().getHostAddress();
    if (tls) {
      HttpsServer https = HttpsServer.create(b.bindAddress, 16);
      https.setHttpsConfigurator(new HttpsConfigurator(b.sslContext));
      this.server = https;
    } else {
      this.server = HttpServer.create(b.bindAddress, 16);
    }
    AtomicInteger n = new AtomicInteger();
    ThreadFactory threads = r -> {
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
    return URI.create((tls ? "https" : "http") + "://" + h + ":" + server.getAddress().getPort() + "/");
  }

  public int port() {
    return server.getAddress().getPort();
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
      try {
        nonce = service.issueNonce();
      } catch (IllegalStateException e) {
        sendText(ex, 503, null, e.getMessage());
        return;
      }
      ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.sendResponseHeaders(200, nonce.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(nonce);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "nonce request failed: " + e);
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
        LOG.log(Level.SEVERE, "release not answered, audit log failed: " + e.getMessage());
        sendText(ex, 500, RefusalReason.BROKER_ERROR,
            "BROKER_ERROR: the broker cannot record decisions; see its log");
        return;
      }
      if (outcome.decision.granted()) {
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, outcome.sealedRelease.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(outcome.sealedRelease);
        }
      } else {
        RefusalReason reason = outcome.decision.refusal().orElseThrow();
        sendText(ex, reason.httpStatus(), reason, reason + ": " + outcome.decision.message());
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "release request failed: " + e);
    }
  }

  private ReleaseService.Outcome decide(HttpExchange ex) throws IOException {
    String remote = ex.getRemoteAddress().getAddress().getHostAddress();
    byte[] body = ex.getRequestBody().readNBytes(ReleaseRequest.MAX_BYTES + 1);
    if (body.length > ReleaseRequest.MAX_BYTES) {
      return service.malformed(remote, "request body is over " + ReleaseRequest.MAX_BYTES
          + " bytes; release fewer patients per request");
    }
    ReleaseRequest request;
    try {
      request = ReleaseRequest.parse(body);
    } catch (IllegalArgumentException e) {
      return service.malformed(remote, e.getMessage());
    }
    return service.decide(request, remote);
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
   * Configures the broker. Required: {@link #keyStore}, {@link #policy}, {@link #auditLog}. Defaults:
   * 127.0.0.1, port 0 (any free port), no TLS, no DCAP verifier (SGX evidence is refused until a
   * {@link DcapQuoteVerifier} with Intel's collateral is given), no simulation verifier, 60-s
   * nonces, the system clock, 4 threads.
   */
  public static final class Builder {
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
    private int threads = 4;
    private Consumer<ReleaseDecision> listener = d -> { };

    private Builder() {}

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

    /** Where to listen; default 127.0.0.1. Beyond localhost, serve TLS. */
    public Builder bindAddress(InetSocketAddress address) {
      Objects.requireNonNull(address, "address");
      if (address.isUnresolved()) {
        throw new IllegalArgumentException("cannot resolve " + address.getHostString()
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

    /** Serves HTTPS with this context. */
    public Builder tls(SSLContext context) {
      this.sslContext = Objects.requireNonNull(context, "context");
      return this;
    }

    /** Serves HTTPS with the key and certificate of a PKCS#12 (or JKS) key store. */
    public Builder tlsKeyStore(Path keyStoreFile, char[] password)
        throws IOException, GeneralSecurityException {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      try (InputStream in = Files.newInputStream(keyStoreFile)) {
        ks.load(in, password);
      } catch (IOException e) {
        throw new IOException("cannot load TLS key store " + keyStoreFile + ": wrong password or"
            + " not a PKCS#12/JKS file; create one with keytool -genkeypair -storetype PKCS12", e);
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, new SecureRandom());
      return tls(context);
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

    public Builder maxOutstandingNonces(int max) {
      this.maxOutstandingNonces = max;
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
     * @throws IllegalStateException if a required part is missing, or the policy allows simulation
     *     without a simulation verifier
     */
    public KeyBrokerServer build() throws IOException, GeneralSecurityException {
      if (keyStore == null || policy == null || auditLog == null) {
        throw new IllegalStateException("a key broker needs keyStore(...), policy(...) and auditLog(...)");
      }
      if (policy.insecureSimulationAllowed() && simulationVerifier == null) {
        throw new IllegalStateException("the policy allows simulation but no simulation verifier was"
            + " given; pass the installation's simulation public key (--simulation-public-key)");
      }
      NonceRegistry nonces = new NonceRegistry(clock, nonceLifetime, maxOutstandingNonces, new SecureRandom());
      AuditLog audit = AuditLog.open(auditLog);
      try {
        ReleaseService service = new ReleaseService(keyStore, policy, dcapVerifier,
            simulationVerifier, nonces, audit, clock, listener);
        return new KeyBrokerServer(this, service, audit);
      } catch (IOException | RuntimeException e) {
        audit.close();
        throw e;
      }
    }
  }
}
