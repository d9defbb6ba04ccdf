package org.trustbeat.keybroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyBrokerClientTest {
  private static final char[] PASSWORD = "test-password".toCharArray();

  @TempDir Path dir;

  /** A self-signed certificate for 127.0.0.1 in a PKCS#12 file. */
  private static X509Certificate writeSelfSignedKeyStore(Path file) throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(256);
    KeyPair pair = gen.generateKeyPair();
    X500Name name = new X500Name("CN=trustbeat-keybroker-test");
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), name,
        pair.getPublic());
    builder.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("broker", pair.getPrivate(), PASSWORD, new X509Certificate[] {cert});
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, PASSWORD);
    }
    return cert;
  }

  private static KeyStore trusting(X509Certificate cert) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("broker", cert);
    return trust;
  }

  @Test
  void provision_overHttps_withTheBrokersCertificateTrusted() throws Exception {
    TestBroker broker = new TestBroker(dir);
    Path keyStore = dir.resolve("broker.p12");
    X509Certificate cert = writeSelfSignedKeyStore(keyStore);
    try (KeyBrokerServer server = broker.server(TestBroker.simulationPolicy().build())
        .tlsKeyStore(keyStore, PASSWORD).build().start()) {
      assertEquals("https", server.uri().getScheme());
      KeyBrokerClient client = KeyBrokerClient.builder(server.uri()).trustStore(trusting(cert)).build();
      FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
      client.provision(host, List.of("p-001"));
      assertEquals(broker.store.load("p-001").dataPrimaryKeyId(),
          host.installed.get("p-001").dataPrimaryKeyId());
    }
  }

  @Test
  void https_withUntrustedCertificate_failsWithoutReleasingKeys() throws Exception {
    TestBroker broker = new TestBroker(dir);
    Path keyStore = dir.resolve("broker.p12");
    writeSelfSignedKeyStore(keyStore);
    try (KeyBrokerServer server = broker.server(TestBroker.simulationPolicy().build())
        .tlsKeyStore(keyStore, PASSWORD).build().start()) {
      FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
      IOException e = assertThrows(IOException.class,
          () -> KeyBrokerClient.create(server.uri()).provision(host, List.of("p-001")));
      assertTrue(e.getMessage().contains("certificate is trusted"), e.getMessage());
      assertEquals(0, broker.auditLines().size());
    }
  }

  @Test
  void tlsKeyStore_withWrongPassword_saysSo() throws Exception {
    Path keyStore = dir.resolve("broker.p12");
    writeSelfSignedKeyStore(keyStore);
    IOException e = assertThrows(IOException.class,
        () -> KeyBrokerServer.builder().tlsKeyStore(keyStore, "wrong".toCharArray()));
    assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
  }

  @Test
  void baseWithoutTrailingSlash_reachesTheEndpoints() throws Exception {
    TestBroker broker = new TestBroker(dir);
    try (KeyBrokerServer server = broker.server(TestBroker.simulationPolicy().build()).build().start()) {
      URI noSlash = URI.create("http://127.0.0.1:" + server.port());
      assertEquals(32, KeyBrokerClient.create(noSlash).requestNonce().length);
    }
  }

  @Test
  void unreachableBroker_isReportedWithItsAddress() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    IOException e = assertThrows(IOException.class, () -> KeyBrokerClient.create(base).requestNonce());
    assertTrue(e.getMessage().contains(base.toString()), e.getMessage());
  }

  @Test
  void nonHttpUrl_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> KeyBrokerClient.create(URI.create("ftp://x/")));
  }

  @Test
  void provision_withoutPatients_isRefusedBeforeContactingTheBroker() throws Exception {
    TestBroker broker = new TestBroker(dir);
    KeyBrokerClient client = KeyBrokerClient.create(URI.create("http://127.0.0.1:9/"));
    assertThrows(IllegalArgumentException.class,
        () -> client.provision(broker.enclave(TestBroker.MEASUREMENT, false), List.of()));
  }
}
