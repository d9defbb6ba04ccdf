package org.trustbeat.keybroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.attestation.Evidence;

/**
 * Issue 10, finding 7: the key broker authenticated nobody, and one client took all nonces. Now
 * hosts present client certificates of the host CA, and nonces are scoped and limited per client.
 */
class KeyBrokerMutualTlsTest {
  private static final char[] PASSWORD = "test-password".toCharArray();

  @TempDir Path dir;
  private TestBroker broker;
  private LocalTlsAuthority ca;
  private KeyBrokerServer server;

  @BeforeEach
  void setUp() throws Exception {
    broker = new TestBroker(dir);
    ca = LocalTlsAuthority.create("TrustBeat test hosts CA", Duration.ofDays(1));
    server =
        broker
            .server(TestBroker.simulationPolicy().build())
            .mutualTls(ca.issueServer(List.of("127.0.0.1"), PASSWORD), PASSWORD, ca.trustStore())
            .noncesPerClient(4)
            .build()
            .start();
  }

  @AfterEach
  void tearDown() throws Exception {
    server.close();
  }

  private KeyBrokerClient host(String name) throws Exception {
    return KeyBrokerClient.builder(server.uri())
        .trustStore(ca.trustStore())
        .clientCertificate(ca.issueClient(name, PASSWORD), PASSWORD)
        .build();
  }

  @Test
  void unauthenticatedClient_isRefusedAtTls_beforeAnyNonceIsIssued() throws Exception {
    // Trusts the broker, but has no host certificate.
    KeyBrokerClient anonymous =
        KeyBrokerClient.builder(server.uri()).trustStore(ca.trustStore()).build();
    assertThrows(IOException.class, anonymous::requestNonce);
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    assertThrows(IOException.class, () -> anonymous.provision(host, List.of("p-001")));
    assertEquals(0, broker.auditLines().size(), "nothing reached the release logic");

    // The same with a bare JDK client: the handshake fails, no HTTP status is ever seen.
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ca.trustStore());
    SSLContext noCert = SSLContext.getInstance("TLS");
    noCert.init(null, tmf.getTrustManagers(), null);
    HttpClient raw = HttpClient.newBuilder().sslContext(noCert).build();
    assertThrows(
        IOException.class,
        () ->
            raw.send(
                HttpRequest.newBuilder(server.uri().resolve("v1/nonce"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void clientCertificateOfAnotherCa_isRefusedAtTls() throws Exception {
    LocalTlsAuthority rogue = LocalTlsAuthority.create("rogue CA", Duration.ofDays(1));
    KeyBrokerClient impostor =
        KeyBrokerClient.builder(server.uri())
            .trustStore(ca.trustStore())
            .clientCertificate(rogue.issueClient("host-a", PASSWORD), PASSWORD)
            .build();
    assertThrows(IOException.class, impostor::requestNonce);
    assertEquals(0, broker.auditLines().size());
  }

  @Test
  void nonceExhaustionByOneClient_doesNotDenyServiceToAnother() throws Exception {
    KeyBrokerClient greedy = host("host-greedy");
    for (int i = 0; i < 4; i++) {
      greedy.requestNonce();
    }
    KeyReleaseRefusedException e =
        assertThrows(KeyReleaseRefusedException.class, greedy::requestNonce);
    assertEquals(RefusalReason.NONCE_QUOTA_EXCEEDED, e.reason().orElseThrow());
    assertEquals(429, e.httpStatus());
    assertTrue(e.getMessage().contains("Retry-After: 60 s"), e.getMessage());

    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    ReleaseAnswer answer = host("host-honest").provision(host, List.of("p-001"));
    assertEquals(List.of("p-001"), answer.released());
    assertTrue(broker.lastAuditLine().get("client").asText().startsWith("CN=host-honest"));

    broker.clock.advance(Duration.ofSeconds(61));
    assertEquals(32, greedy.requestNonce().length, "the quota frees as nonces expire");
  }

  @Test
  void retryAfter_isSentWithTheQuotaRefusal() throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ca.issueClient("host-raw", PASSWORD), PASSWORD);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ca.trustStore());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    HttpClient raw = HttpClient.newBuilder().sslContext(ctx).build();
    HttpResponse<String> r = null;
    for (int i = 0; i < 5; i++) {
      r =
          raw.send(
              HttpRequest.newBuilder(server.uri().resolve("v1/nonce"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    }
    assertEquals(429, r.statusCode());
    assertEquals("60", r.headers().firstValue("Retry-After").orElseThrow());
    assertEquals(
        "NONCE_QUOTA_EXCEEDED", r.headers().firstValue("X-Trustbeat-Refusal").orElseThrow());
    assertTrue(r.body().startsWith("NONCE_QUOTA_EXCEEDED: "), r.body());
  }

  @Test
  void nonceIssuedToOneHost_isRefusedWhenAnotherHostPresentsIt() throws Exception {
    byte[] nonce = host("host-a").requestNonce();
    FakeEnclaveHost enclave = broker.enclave(TestBroker.MEASUREMENT, false);
    Evidence evidence = enclave.attest(nonce);
    KeyReleaseRefusedException e =
        assertThrows(
            KeyReleaseRefusedException.class,
            () ->
                host("host-b")
                    .requestRelease(
                        evidence,
                        enclave.publicKey(),
                        nonce,
                        "sealed-inprocess",
                        List.of("p-001")));
    assertEquals(RefusalReason.NONCE_OF_ANOTHER_CLIENT, e.reason().orElseThrow());
  }

  @Test
  void plainHttpBroker_onANonLoopbackAddress_isRefusedAtBuild() throws Exception {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                broker
                    .server(TestBroker.simulationPolicy().build())
                    .bindAddress(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0))
                    .build());
    assertTrue(e.getMessage().contains("--tls-client-ca"), e.getMessage());
  }
}
