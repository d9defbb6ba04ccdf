package org.trustbeat.keybroker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.attestation.AttestationPolicy;
import org.trustbeat.attestation.DcapCollateral;
import org.trustbeat.attestation.DcapQuoteVerifier;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.TcbStatus;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkOpener;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.EnclaveKeyPair;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.testing.SharedData;

class KeyBrokerServerTest {
  /** The real debug-mode quote of shared/data/sgx, and the instant at which its chain is valid. */
  private static final String REAL_MRENCLAVE =
      "1dd0df84810e53e26b2b167dfe0f97cc4364085fe0bd41d5e18a759c21d5c189";

  private static final Instant REAL_DATA_VALID_AT = Instant.parse("2023-05-01T00:00:00Z");

  /** The real Phala quote (release mode), and an instant inside its collateral's validity. */
  private static final String PHALA_MRENCLAVE =
      "33d8736db756ed4997e04ba358d27833188f1932ff7b1d156904d3f560452fbb";

  private static final Instant PHALA_AT = Instant.parse("2025-06-25T00:00:00Z");

  @TempDir Path dir;
  private TestBroker broker;

  @BeforeEach
  void setUp() throws Exception {
    broker = new TestBroker(dir);
  }

  @AfterEach
  void tearDown() throws Exception {
    broker.close();
  }

  /** Asserts a refusal: its reason, text, audit line, and that the enclave got nothing. */
  private KeyReleaseRefusedException assertRefused(
      RefusalReason reason, FakeEnclaveHost host, Executable call) throws Exception {
    int linesBefore = broker.auditLines().size();
    KeyReleaseRefusedException e = assertThrows(KeyReleaseRefusedException.class, call::run);
    assertEquals(reason, e.reason().orElseThrow(), e.getMessage());
    assertEquals(reason.httpStatus(), e.httpStatus());
    assertTrue(e.getMessage().contains(reason.name() + ": "), e.getMessage());
    if (host != null) {
      assertNull(host.installed, "a refused enclave must receive no keys");
    }
    List<JsonNode> lines = broker.auditLines();
    assertEquals(linesBefore + 1, lines.size(), "one audit line per decision");
    JsonNode line = lines.get(lines.size() - 1);
    assertEquals("REFUSED", line.get("decision").asText());
    assertEquals(reason.name(), line.get("reason").asText());
    return e;
  }

  interface Executable {
    void run() throws Exception;
  }

  @Test
  void simulatedEnclave_withAllowedMeasurement_getsKeysThatOpenThePatientsChunks()
      throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);

    client.provision(host, List.of("p-002", "p-001"));

    Map<String, PatientKeys> got = host.installed;
    assertEquals(List.of("p-001", "p-002"), List.copyOf(got.keySet()));
    RrSamples samples = RrSamples.of(new double[] {0, 0.9}, new double[] {900, 905});
    for (String p : List.of("p-001", "p-002")) {
      ChunkEnvelope chunk =
          ChunkSealer.create(broker.store.load(p).dataKeyset()).seal(p, 7, samples);
      assertEquals(samples, ChunkOpener.create().open(chunk, got.get(p).dataAead()));
    }
    // The enclave also got the result keys, so the patient side can open what it seals.
    byte[] ad = "r".getBytes();
    byte[] sealedResult = got.get("p-001").resultAead().encrypt(new byte[] {42}, ad);
    assertArrayEquals(
        new byte[] {42}, broker.store.load("p-001").resultAead().decrypt(sealedResult, ad));

    JsonNode line = broker.lastAuditLine();
    assertEquals("GRANTED", line.get("decision").asText());
    assertEquals("SIMULATION", line.get("evidence_kind").asText());
    assertEquals(ReleaseDecision.SIMULATION_WARNING, line.get("protection").asText());
    ReleaseDecision decision = broker.decisions.get(0);
    assertTrue(decision.granted());
    assertTrue(
        decision.summaryLine().contains(ReleaseDecision.SIMULATION_WARNING),
        decision.summaryLine());
  }

  @Test
  void wrongMeasurement_isRefused() throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost host = broker.enclave(TestBroker.OTHER_MEASUREMENT, false);
    KeyReleaseRefusedException e =
        assertRefused(
            RefusalReason.MRENCLAVE_NOT_ALLOWED,
            host,
            () -> client.provision(host, List.of("p-001")));
    assertTrue(e.getMessage().contains("2222222222"), e.getMessage());
    assertEquals(
        "2222222222222222222222222222222222222222222222222222222222222222",
        broker.lastAuditLine().get("mrenclave").asText());
  }

  @Test
  void simulation_isRefusedWhenNotAllowed() throws Exception {
    KeyBrokerClient client =
        broker.start(
            broker.server(
                AttestationPolicy.builder().allowMrenclave(TestBroker.MEASUREMENT).build()));
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    KeyReleaseRefusedException e =
        assertRefused(
            RefusalReason.SIMULATION_REFUSED, host, () -> client.provision(host, List.of("p-001")));
    assertTrue(e.getMessage().contains("not hardware protected"), e.getMessage());
    assertTrue(
        broker.lastAuditLine().get("protection").asText().contains("no hardware protection"));
  }

  @Test
  void debugSimulationStatement_isRefusedWhenDebugNotAllowed() throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, true);
    assertRefused(
        RefusalReason.DEBUG_REFUSED, host, () -> client.provision(host, List.of("p-001")));
    assertTrue(broker.lastAuditLine().get("debug").asBoolean());
  }

  @Test
  void debugSimulationStatement_isGrantedWhenDebugAllowed() throws Exception {
    KeyBrokerClient client =
        broker.start(broker.server(TestBroker.simulationPolicy().allowDebug(true).build()));
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, true);
    client.provision(host, List.of("p-001"));
    assertEquals(List.of("p-001"), List.copyOf(host.installed.keySet()));
  }

  /** The MobileCoin debug quote, which has no collateral: only the insecure opt-in verifies it. */
  private KeyBrokerServer.Builder debugQuoteBrokerWithoutCollateral(boolean allowDebug)
      throws Exception {
    DcapQuoteVerifier verifier =
        DcapQuoteVerifier.builder()
            .insecureWithoutCollateral()
            .at(REAL_DATA_VALID_AT)
            .addCrl(Files.readAllBytes(sgxData("processor_crl.der")))
            .addCrl(Files.readAllBytes(sgxData("root_crl.der")))
            .build();
    return broker
        .server(
            AttestationPolicy.builder()
                .allowMrenclave(REAL_MRENCLAVE)
                .allowDebug(allowDebug)
                .build())
        .dcapVerifier(verifier);
  }

  /** The Phala quote (release mode) with the collateral Intel issued for it. */
  private KeyBrokerServer.Builder phalaBroker(TcbStatus... accepted) throws Exception {
    DcapQuoteVerifier verifier =
        DcapQuoteVerifier.builder()
            .collateral(DcapCollateral.read(sgxData("phala_sgx_quote_collateral.json")))
            .at(PHALA_AT)
            .build();
    AttestationPolicy.Builder policy = AttestationPolicy.builder().allowMrenclave(PHALA_MRENCLAVE);
    for (TcbStatus status : accepted) {
      policy.acceptTcbStatus(status);
    }
    return broker.server(policy.build()).dcapVerifier(verifier);
  }

  /** Presents {@code quote} with a fresh nonce and an unrelated key; asserts the refusal. */
  private KeyReleaseRefusedException requestWithQuote(
      KeyBrokerClient client, byte[] quote, RefusalReason expected) throws Exception {
    byte[] nonce = client.requestNonce();
    return assertRefused(
        expected,
        null,
        () ->
            client.requestRelease(
                Evidence.sgxDcapQuote(quote),
                EnclaveKeyPair.generate().publicKeyBytes(),
                nonce,
                "sgx",
                List.of("p-001")));
  }

  @Test
  void realQuoteOfAPlatformNeedingConfigurationAndHardening_isRefusedByTheDefaultPolicy_andAudited()
      throws Exception {
    KeyBrokerClient client = broker.start(phalaBroker());
    KeyReleaseRefusedException e =
        requestWithQuote(
            client,
            Files.readAllBytes(sgxData("phala_sgx_quote.dat")),
            RefusalReason.TCB_STATUS_NOT_ALLOWED);
    assertTrue(
        e.getMessage().contains("--accept-tcb-status ConfigurationAndSWHardeningNeeded"),
        e.getMessage());
    JsonNode line = broker.lastAuditLine();
    assertEquals(PHALA_MRENCLAVE, line.get("mrenclave").asText());
    assertEquals("ConfigurationAndSWHardeningNeeded", line.get("tcb_status").asText());
    assertEquals("[\"INTEL-SA-00289\",\"INTEL-SA-00615\"]", line.get("advisory_ids").toString());
    assertTrue(
        broker
            .decisions
            .get(broker.decisions.size() - 1)
            .summaryLine()
            .contains("tcb=ConfigurationAndSWHardeningNeeded(INTEL-SA-00289,INTEL-SA-00615)"));
  }

  @Test
  void realQuoteWhoseTcbStatusThePolicyAccepts_isRefusedOnlyBecauseItDoesNotBindTheKey()
      throws Exception {
    KeyBrokerClient client =
        broker.start(phalaBroker(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED));
    requestWithQuote(
        client, Files.readAllBytes(sgxData("phala_sgx_quote.dat")), RefusalReason.KEY_NOT_BOUND);
    JsonNode line = broker.lastAuditLine();
    assertEquals("ConfigurationAndSWHardeningNeeded", line.get("tcb_status").asText());
    assertEquals(2, line.get("advisory_ids").size());
  }

  @Test
  void alteredQuote_isRefusedAsInvalidEvidence_withoutATcbStatus() throws Exception {
    KeyBrokerClient client =
        broker.start(phalaBroker(TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED));
    byte[] quote = Files.readAllBytes(sgxData("phala_sgx_quote.dat"));
    quote[48 + 64] ^= 1; // inside the signed ISV report body
    requestWithQuote(client, quote, RefusalReason.EVIDENCE_INVALID);
    JsonNode line = broker.lastAuditLine();
    assertTrue(line.get("tcb_status").isNull());
    assertEquals(0, line.get("advisory_ids").size());
  }

  @Test
  void realDebugQuote_isRefusedForDebug_beforeItsKeyBindingIsChecked() throws Exception {
    KeyBrokerClient client = broker.start(debugQuoteBrokerWithoutCollateral(false));
    KeyReleaseRefusedException e =
        requestWithQuote(
            client, Files.readAllBytes(sgxData("hw_quote.dat")), RefusalReason.DEBUG_REFUSED);
    assertTrue(e.getMessage().contains("debug mode"), e.getMessage());
    JsonNode line = broker.lastAuditLine();
    assertEquals("SGX_DCAP", line.get("evidence_kind").asText());
    assertEquals(REAL_MRENCLAVE, line.get("mrenclave").asText());
    assertTrue(line.get("debug").asBoolean());
    assertFalse(line.has("protection"), "hardware evidence carries no simulation warning");
  }

  @Test
  void quoteVerifiedWithoutCollateral_isRefusedBecauseItsTcbWasNotEvaluated() throws Exception {
    // Issue 10: the old broker released to quotes whose TCB level and QE nobody checked.
    KeyBrokerClient client = broker.start(debugQuoteBrokerWithoutCollateral(true));
    KeyReleaseRefusedException e =
        requestWithQuote(
            client,
            Files.readAllBytes(sgxData("hw_quote.dat")),
            RefusalReason.TCB_STATUS_NOT_ALLOWED);
    assertTrue(e.getMessage().contains("not evaluated"), e.getMessage());
  }

  @Test
  void brokerWithoutADcapVerifier_refusesSgxEvidence_namingTheCollateralOption() throws Exception {
    KeyBrokerClient client =
        broker.start(
            broker.server(AttestationPolicy.builder().allowMrenclave(PHALA_MRENCLAVE).build()));
    KeyReleaseRefusedException e =
        requestWithQuote(
            client,
            Files.readAllBytes(sgxData("phala_sgx_quote.dat")),
            RefusalReason.EVIDENCE_KIND_UNSUPPORTED);
    assertTrue(e.getMessage().contains("--collateral"), e.getMessage());
  }

  @Test
  void replayedRequest_isRefusedBecauseItsNonceWasUsed() throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    byte[] nonce = client.requestNonce();
    Evidence evidence = host.attest(nonce);
    client.requestRelease(evidence, host.publicKey(), nonce, "sealed-inprocess", List.of("p-001"));
    assertRefused(
        RefusalReason.NONCE_ALREADY_USED,
        null,
        () ->
            client.requestRelease(
                evidence, host.publicKey(), nonce, "sealed-inprocess", List.of("p-001")));
  }

  @Test
  void nonceNotIssuedByTheBroker_isRefused() throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    byte[] nonce = new byte[32];
    new SecureRandom().nextBytes(nonce);
    assertRefused(
        RefusalReason.NONCE_UNKNOWN,
        host,
        () ->
            client.requestRelease(
                host.attest(nonce), host.publicKey(), nonce, "sealed-inprocess", List.of("p-001")));
  }

  @Test
  void expiredNonce_isRefused() throws Exception {
    KeyBrokerClient client =
        broker.start(
            broker
                .server(TestBroker.simulationPolicy().build())
                .nonceLifetime(Duration.ofSeconds(60)));
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    byte[] nonce = client.requestNonce();
    broker.clock.advance(Duration.ofSeconds(61));
    assertRefused(
        RefusalReason.NONCE_EXPIRED,
        host,
        () ->
            client.requestRelease(
                host.attest(nonce), host.publicKey(), nonce, "sealed-inprocess", List.of("p-001")));
  }

  @Test
  void nonceWithinItsLifetime_isAccepted() throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    byte[] nonce = client.requestNonce();
    broker.clock.advance(Duration.ofSeconds(59));
    host.installKeys(
        nonce,
        client
            .requestRelease(
                host.attest(nonce), host.publicKey(), nonce, "sealed-inprocess", List.of("p-001"))
            .signedRelease());
    assertEquals(List.of("p-001"), List.copyOf(host.installed.keySet()));
  }

  @Test
  void unknownPatient_isRefusedNamingIt_andNoOtherKeysAreReleased() throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    KeyReleaseRefusedException e =
        assertRefused(
            RefusalReason.UNKNOWN_PATIENT,
            host,
            () -> client.provision(host, List.of("p-001", "p-404")));
    assertTrue(e.getMessage().contains("p-404"), e.getMessage());
    assertEquals("[\"p-001\",\"p-404\"]", broker.lastAuditLine().get("patients").toString());
  }

  @Test
  void publicKeyTheEvidenceDoesNotBind_isRefused() throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    host.substitutedPublicKey = EnclaveKeyPair.generate().publicKeyBytes();
    assertRefused(
        RefusalReason.KEY_NOT_BOUND, host, () -> client.provision(host, List.of("p-001")));
  }

  @Test
  void hostClaimingSgx_withSimulationEvidence_isRefused() throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost host =
        new FakeEnclaveHost(
            broker.attester,
            TestBroker.MEASUREMENT,
            false,
            HostKind.SGX,
            broker.signingKey.verificationKey());
    assertRefused(
        RefusalReason.HOST_KIND_MISMATCH, host, () -> client.provision(host, List.of("p-001")));
  }

  @Test
  void simulationFromAnotherInstallation_isRefusedAsInvalidEvidence() throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost host =
        new FakeEnclaveHost(
            org.trustbeat.attestation.InsecureSimulationAttester.loadOrCreate(
                dir.resolve("other.key")),
            TestBroker.MEASUREMENT,
            false,
            HostKind.SEALED_INPROCESS,
            broker.signingKey.verificationKey());
    assertRefused(
        RefusalReason.EVIDENCE_INVALID, host, () -> client.provision(host, List.of("p-001")));
  }

  @Test
  void malformedBody_getsHttp400_andIsAudited() throws Exception {
    KeyBrokerServer server = broker.server(TestBroker.simulationPolicy().build()).build().start();
    broker.track(server);
    HttpResponse<String> r =
        post(server.uri().resolve("v1/release"), new byte[] {'T', 'B', 'R', 'R', 1, 9});
    assertEquals(400, r.statusCode());
    assertTrue(r.body().startsWith("MALFORMED_REQUEST: "), r.body());
    assertEquals("MALFORMED_REQUEST", r.headers().firstValue("X-Trustbeat-Refusal").orElseThrow());
    assertEquals("MALFORMED_REQUEST", broker.lastAuditLine().get("reason").asText());
  }

  @Test
  void oversizedBody_getsHttp400() throws Exception {
    KeyBrokerServer server = broker.server(TestBroker.simulationPolicy().build()).build().start();
    broker.track(server);
    HttpResponse<String> r =
        post(
            server.uri().resolve("v1/release"),
            new byte[org.trustbeat.keybroker.internal.ReleaseRequest.MAX_BYTES + 10]);
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("over"), r.body());
  }

  @Test
  void get_isNotAllowed() throws Exception {
    KeyBrokerServer server = broker.server(TestBroker.simulationPolicy().build()).build().start();
    broker.track(server);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.uri().resolve("v1/nonce")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(405, r.statusCode());
  }

  @Test
  void nonces_areFresh32ByteValues() throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    byte[] a = client.requestNonce();
    byte[] b = client.requestNonce();
    assertEquals(32, a.length);
    assertFalse(java.util.Arrays.equals(a, b));
  }

  @Test
  void auditLog_recordsEveryDecision_withItsFields_andNoKeyMaterial() throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    client.provision(broker.enclave(TestBroker.MEASUREMENT, false), List.of("p-001", "p-002"));
    FakeEnclaveHost wrong = broker.enclave(TestBroker.OTHER_MEASUREMENT, false);
    assertThrows(KeyReleaseRefusedException.class, () -> client.provision(wrong, List.of("p-001")));

    List<JsonNode> lines = broker.auditLines();
    assertEquals(2, lines.size());
    assertEquals(2, broker.decisions.size());
    for (JsonNode line : lines) {
      for (String field :
          List.of(
              "time",
              "decision",
              "reason",
              "message",
              "evidence_kind",
              "mrenclave",
              "mrsigner",
              "debug",
              "host_kind",
              "patients")) {
        assertTrue(line.has(field), field + " missing in " + line);
      }
      assertEquals("sealed-inprocess", line.get("host_kind").asText());
    }
    String audit = Files.readString(broker.layout.auditLog());
    for (String p : List.of("p-001", "p-002")) {
      assertFalse(KeyCanary.textContains(audit, KeyCanary.rawKeys(broker.store.load(p))));
    }
    assertEquals(
        null,
        KeyCanary.fileContaining(
            broker.layout.root(), KeyCanary.rawKeys(broker.store.load("p-001"))));
  }

  @Test
  void simulationAllowed_withoutVerifier_isAConfigurationError() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                KeyBrokerServer.builder()
                    .signingKey(broker.signingKey)
                    .keyStore(broker.store)
                    .policy(TestBroker.simulationPolicy().build())
                    .auditLog(broker.layout.auditLog())
                    .build());
    assertTrue(e.getMessage().contains("--simulation-public-key"), e.getMessage());
  }

  @Test
  void server_bindsLoopbackByDefault() throws Exception {
    KeyBrokerServer server = broker.server(TestBroker.simulationPolicy().build()).build();
    broker.track(server);
    assertEquals("127.0.0.1", server.uri().getHost());
    assertEquals("http", server.uri().getScheme());
  }

  private static HttpResponse<String> post(URI uri, byte[] body) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static Path sgxData(String name) {
    return SharedData.sgx(name);
  }
}
