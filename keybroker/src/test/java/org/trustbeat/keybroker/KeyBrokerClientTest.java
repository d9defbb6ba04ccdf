package org.trustbeat.keybroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyBrokerClientTest {
  private static final char[] PASSWORD = "test-password".toCharArray();

  @TempDir Path dir;

  @Test
  void provision_overMutualTls_withTheHostsCertificate_andTheBrokersCaTrusted() throws Exception {
    TestBroker broker = new TestBroker(dir);
    LocalTlsAuthority ca = LocalTlsAuthority.create("test CA", Duration.ofDays(1));
    try (KeyBrokerServer server =
        broker
            .server(TestBroker.simulationPolicy().build())
            .mutualTls(ca.issueServer(List.of("127.0.0.1"), PASSWORD), PASSWORD, ca.trustStore())
            .build()
            .start()) {
      assertEquals("https", server.uri().getScheme());
      assertTrue(server.authenticatesClients());
      KeyBrokerClient client =
          KeyBrokerClient.builder(server.uri())
              .trustStore(ca.trustStore())
              .clientCertificate(ca.issueClient("host-a", PASSWORD), PASSWORD)
              .build();
      FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
      client.provision(host, List.of("p-001"));
      assertEquals(
          broker.store.load("p-001").dataPrimaryKeyId(),
          host.installed.get("p-001").dataPrimaryKeyId());
      assertTrue(
          broker.lastAuditLine().get("client").asText().startsWith("CN=host-a (sha256:"),
          broker.lastAuditLine().toString());
    }
  }

  @Test
  void https_withAnUntrustedBrokerCertificate_failsWithoutReleasingKeys() throws Exception {
    TestBroker broker = new TestBroker(dir);
    LocalTlsAuthority ca = LocalTlsAuthority.create("test CA", Duration.ofDays(1));
    LocalTlsAuthority other = LocalTlsAuthority.create("another CA", Duration.ofDays(1));
    try (KeyBrokerServer server =
        broker
            .server(TestBroker.simulationPolicy().build())
            .mutualTls(ca.issueServer(List.of("127.0.0.1"), PASSWORD), PASSWORD, ca.trustStore())
            .build()
            .start()) {
      FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
      KeyBrokerClient client =
          KeyBrokerClient.builder(server.uri())
              .trustStore(other.trustStore())
              .clientCertificate(ca.issueClient("host-a", PASSWORD), PASSWORD)
              .build();
      IOException e =
          assertThrows(IOException.class, () -> client.provision(host, List.of("p-001")));
      assertTrue(e.getMessage().contains("certificate is trusted"), e.getMessage());
      assertEquals(0, broker.auditLines().size());
    }
  }

  @Test
  void mutualTlsKeyStore_withWrongPassword_saysSo() throws Exception {
    LocalTlsAuthority ca = LocalTlsAuthority.create("test CA", Duration.ofDays(1));
    Path keyStore = dir.resolve("broker.p12");
    try (OutputStream out = Files.newOutputStream(keyStore)) {
      ca.issueServer(List.of("127.0.0.1"), PASSWORD).store(out, PASSWORD);
    }
    Path caPem = dir.resolve("hosts-ca.pem");
    ca.writeCertificatePem(caPem);
    IOException e =
        assertThrows(
            IOException.class,
            () -> KeyBrokerServer.builder().mutualTls(keyStore, "wrong".toCharArray(), caPem));
    assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
    KeyBrokerServer.builder().mutualTls(keyStore, PASSWORD, caPem); // the right one loads
  }

  @Test
  void baseWithoutTrailingSlash_reachesTheEndpoints() throws Exception {
    TestBroker broker = new TestBroker(dir);
    try (KeyBrokerServer server =
        broker.server(TestBroker.simulationPolicy().build()).build().start()) {
      URI noSlash = URI.create("http://127.0.0.1:" + server.port());
      assertEquals(32, KeyBrokerClient.create(noSlash).requestNonce().length);
    }
  }

  @Test
  void unreachableBroker_isReportedWithItsAddress() throws Exception {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    IOException e =
        assertThrows(IOException.class, () -> KeyBrokerClient.create(base).requestNonce());
    assertTrue(e.getMessage().contains(base.toString()), e.getMessage());
  }

  @Test
  void nonHttpUrl_isRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> KeyBrokerClient.create(URI.create("ftp://x/")));
  }

  @Test
  void provision_withoutPatients_isRefusedBeforeContactingTheBroker() throws Exception {
    TestBroker broker = new TestBroker(dir);
    KeyBrokerClient client = KeyBrokerClient.create(URI.create("http://127.0.0.1:9/"));
    assertThrows(
        IllegalArgumentException.class,
        () -> client.provision(broker.enclave(TestBroker.MEASUREMENT, false), List.of()));
  }
}
