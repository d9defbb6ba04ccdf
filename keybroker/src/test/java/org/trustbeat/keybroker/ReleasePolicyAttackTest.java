package org.trustbeat.keybroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.attestation.AttestationPolicy;
import org.trustbeat.attestation.DcapCollateral;
import org.trustbeat.attestation.DcapQuoteVerifier;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.enclave.host.EnclaveConfig;
import org.trustbeat.enclave.host.EnclaveHost;
import org.trustbeat.enclave.host.InProcessEnclaveHost;
import org.trustbeat.enclave.internal.CodeMeasurement;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.protocol.AnalysisPolicy;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.KeyBrokerSigningKey;
import org.trustbeat.protocol.ResultEnvelope;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.ResultOpener;
import org.trustbeat.protocol.RrSamples;

/**
 * Issue 10, findings 2, 5 and 10 at the key broker: the host holding the installation's simulation
 * key signs its own statements and labels requests as it likes. Each test is one attack against the
 * real broker (HTTP, verifier, store, audit log).
 */
class ReleasePolicyAttackTest {
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

  @Test
  void forgedLabel_hostWithTheSimulationKey_askingForANonTestPatient_isRefused() throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    // The host signs its own simulation statement and calls itself "sealed-process".
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    KeyReleaseRefusedException e =
        assertThrows(
            KeyReleaseRefusedException.class,
            () -> client.provision(host, List.of(TestBroker.REAL)));
    assertEquals(RefusalReason.SIMULATION_NOT_ALLOWED_FOR_PATIENT, e.reason().orElseThrow());
    assertEquals(403, e.httpStatus());
    assertTrue(e.getMessage().contains("not a test patient"), e.getMessage());
    assertTrue(e.getMessage().contains("--test-patient"), e.getMessage());
    assertNull(host.installed);
    JsonNode line = broker.lastAuditLine();
    assertEquals("REFUSED", line.get("decision").asText());
    assertEquals("SIMULATION_NOT_ALLOWED_FOR_PATIENT", line.get("reason").asText());
    assertEquals("SIMULATION", line.get("evidence_kind").asText());
    assertEquals(TestBroker.REAL, line.get("refused_patients").get(0).get("patient").asText());
    assertEquals(0, line.get("released").size());
  }

  @Test
  void forgedLabel_allPatientsInOneRequest_onlyTheTestPatientsAreReleased_andTheRestAudited()
      throws Exception {
    // The original attack: one request for every patient. Now the real patient stays out.
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    ReleaseAnswer answer = client.provision(host, List.of(TestBroker.REAL, "p-001", "p-002"));
    assertEquals(List.of("p-001", "p-002"), answer.released());
    assertEquals(1, answer.refused().size());
    assertEquals(TestBroker.REAL, answer.refused().get(0).patient());
    assertEquals(
        RefusalReason.SIMULATION_NOT_ALLOWED_FOR_PATIENT, answer.refused().get(0).reason());
    assertEquals(List.of("p-001", "p-002"), List.copyOf(host.installed.keySet()));
    assertEquals(
        "SIMULATION", host.installedRelease.evidenceKind(), "the release binds the verified kind");
    JsonNode line = broker.lastAuditLine();
    assertEquals("GRANTED", line.get("decision").asText());
    assertEquals("SOME_PATIENTS_REFUSED", line.get("reason").asText());
    assertEquals("[\"p-001\",\"p-002\"]", line.get("released").toString());
    assertEquals(
        "SIMULATION_NOT_ALLOWED_FOR_PATIENT",
        line.get("refused_patients").get(0).get("reason").asText());
    assertTrue(
        broker
            .decisions
            .get(0)
            .summaryLine()
            .contains("refused=p-real(SIMULATION_NOT_ALLOWED_FOR_PATIENT)"),
        broker.decisions.get(0).summaryLine());
  }

  @Test
  void forgedLabel_simulationStatementSentAsSgxDcapEvidence_isRefusedAsInvalid() throws Exception {
    // The request's kind byte is the requester's claim; the DCAP verifier decides.
    DcapQuoteVerifier dcap =
        DcapQuoteVerifier.builder()
            .collateral(
                DcapCollateral.read(KeyBrokerServerTest.sgxData("phala_sgx_quote_collateral.json")))
            .at(java.time.Instant.parse("2025-06-25T00:00:00Z"))
            .build();
    KeyBrokerClient client =
        broker.start(broker.server(TestBroker.simulationPolicy().build()).dcapVerifier(dcap));
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    byte[] nonce = client.requestNonce();
    Evidence statement = host.attest(nonce);
    KeyReleaseRefusedException e =
        assertThrows(
            KeyReleaseRefusedException.class,
            () ->
                client.requestRelease(
                    Evidence.of(EvidenceKind.SGX_DCAP, statement.bytes()),
                    host.publicKey(),
                    nonce,
                    "sgx",
                    List.of(TestBroker.REAL)));
    assertEquals(RefusalReason.EVIDENCE_INVALID, e.reason().orElseThrow());
  }

  @Test
  void forgedLabel_testPatientsResultsCarrySimulation_whateverTheHostClaims() throws Exception {
    // A real simulated enclave whose host claims to be another mode: the broker releases the
    // test patient's keys, and what the enclave seals says SIMULATION.
    KeyBrokerClient client =
        broker.start(
            broker.server(
                AttestationPolicy.builder()
                    .allowMrenclave(CodeMeasurement.ofLoadedCode())
                    .allowInsecureSimulation(true)
                    .build()));
    EnclaveConfig config =
        EnclaveConfig.builder()
            .setWorkDir(dir)
            .setSimulationKeyFile(dir.resolve("simulation.key"))
            .setKeyBrokerKey(broker.signingKey.verificationKey())
            .build();
    try (InProcessEnclaveHost real = InProcessEnclaveHost.create(config)) {
      EnclaveHost lying = new LabelledHost(real, HostKind.SEALED_PROCESS);
      ReleaseAnswer answer = client.provision(lying, List.of("p-001"));
      assertEquals(List.of("p-001"), answer.released());
      assertEquals("sealed-process", broker.lastAuditLine().get("host_kind").asText());
      assertEquals("SIMULATION", broker.lastAuditLine().get("evidence_kind").asText());

      org.trustbeat.protocol.PatientKeys keys = broker.store.load("p-001");
      long start = 1_700_000_100_000L;
      List<byte[]> chunks = new ArrayList<>();
      for (int s = 0; s < 10; s++) {
        chunks.add(
            ChunkSealer.create(keys.dataKeyset())
                .seal(
                    "p-001",
                    s,
                    RrSamples.of(new double[] {start / 1000.0 + s + 0.5}, new double[] {800 + s}))
                .toBytes());
      }
      WindowOutcome o =
          lying
              .process(
                  WindowBatch.of(
                      "job-1",
                      HrvJob.SDNN,
                      List.of(WindowTask.of("p-001", start, 300_000, chunks))))
              .get(0);
      ResultHeader h = ResultEnvelope.parseHeader(o.sealedResult());
      assertEquals("SIMULATION", h.attestationKind());
      assertEquals("sealed-inprocess", h.hostKind(), "the enclave names its own mode");
      ResultOpener.create().open(o.sealedResult(), keys.resultAead());
    }
  }

  @Test
  void patientsOwnMeasurementRule_refusesAnEnclaveTheGlobalPolicyAllows() throws Exception {
    broker.store.setPolicy(
        "p-002", PatientPolicy.builder().testPatient(true).allowMrenclave("22".repeat(32)).build());
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    ReleaseAnswer answer = client.provision(host, List.of("p-001", "p-002"));
    assertEquals(List.of("p-001"), answer.released());
    assertEquals(RefusalReason.MRENCLAVE_NOT_ALLOWED_FOR_PATIENT, answer.refused().get(0).reason());
    assertTrue(answer.refused().get(0).message().contains("--allow-mrenclave"));
  }

  @Test
  void release_carriesEachPatientsAnalysisPolicy() throws Exception {
    PatientPolicy withIdentity =
        PatientPolicy.builder()
            .testPatient(true)
            .jobs(List.of(HrvJob.IDENTITY, HrvJob.HRV))
            .windows(List.of(Duration.ofSeconds(60)))
            .build();
    broker.store.setPolicy("p-002", withIdentity);
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    client.provision(host, List.of("p-001", "p-002"));
    assertEquals(AnalysisPolicy.defaults(), host.installedRelease.patients().get("p-001").policy());
    assertEquals(
        AnalysisPolicy.of(List.of("identity", "hrv"), List.of(60_000L)),
        host.installedRelease.patients().get("p-002").policy());
  }

  @Test
  void enclavePinningAnotherKeyBroker_isRefusedBeforeAnyKeyIsReleased() throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    host.boundBrokerFingerprint = KeyBrokerSigningKey.generate().verificationKey().fingerprint();
    KeyReleaseRefusedException e =
        assertThrows(
            KeyReleaseRefusedException.class, () -> client.provision(host, List.of("p-001")));
    assertEquals(RefusalReason.KEY_NOT_BOUND, e.reason().orElseThrow());
    assertTrue(e.getMessage().contains("pins another key broker"), e.getMessage());
    assertNull(host.installed);
  }

  @Test
  void releaseMadeForOneEnclave_doesNotInstallInAnother() throws Exception {
    KeyBrokerClient client = broker.startSimulationBroker();
    FakeEnclaveHost attested = broker.enclave(TestBroker.MEASUREMENT, false);
    FakeEnclaveHost other = broker.enclave(TestBroker.MEASUREMENT, false);
    byte[] nonce = client.requestNonce();
    ReleaseAnswer answer =
        client.requestRelease(
            attested.attest(nonce),
            attested.publicKey(),
            nonce,
            "sealed-inprocess",
            List.of("p-001"));
    assertThrows(
        java.security.GeneralSecurityException.class,
        () -> other.installKeys(nonce, answer.signedRelease()));
    attested.installKeys(nonce, answer.signedRelease());
    assertEquals(List.of("p-001"), List.copyOf(attested.installed.keySet()));
  }

  @Test
  void tooManyPatientsInOneRequest_isRefused_withoutSpendingTheNonce() throws Exception {
    KeyBrokerClient client =
        broker.start(broker.server(TestBroker.simulationPolicy().build()).maxPatientsPerRequest(2));
    FakeEnclaveHost host = broker.enclave(TestBroker.MEASUREMENT, false);
    byte[] nonce = client.requestNonce();
    Evidence evidence = host.attest(nonce);
    KeyReleaseRefusedException e =
        assertThrows(
            KeyReleaseRefusedException.class,
            () ->
                client.requestRelease(
                    evidence,
                    host.publicKey(),
                    nonce,
                    "sealed-inprocess",
                    List.of("p-001", "p-002", TestBroker.REAL)));
    assertEquals(RefusalReason.TOO_MANY_PATIENTS, e.reason().orElseThrow());
    assertEquals(400, e.httpStatus());
    assertTrue(e.getMessage().contains("at most 2"), e.getMessage());
    assertEquals(
        List.of("p-001", "p-002"),
        client
            .requestRelease(
                evidence, host.publicKey(), nonce, "sealed-inprocess", List.of("p-001", "p-002"))
            .released());
  }

  @Test
  void defaultPatientsAddedToTheStore_areNotTestPatients_andGetTheDefaultAnalyses()
      throws Exception {
    PatientPolicy p = broker.store.describe(TestBroker.REAL).policy();
    assertEquals(PatientPolicy.defaults(), p);
    assertEquals(java.util.Set.of(EvidenceKind.SGX_DCAP), p.allowedEvidenceKinds());
    assertEquals(AnalysisPolicy.defaults(), p.analysis());
  }

  /** Delegates to a real host but reports another mode, as a lying host would. */
  private static final class LabelledHost implements EnclaveHost {
    private final EnclaveHost inner;
    private final HostKind claimed;

    LabelledHost(EnclaveHost inner, HostKind claimed) {
      this.inner = inner;
      this.claimed = claimed;
    }

    @Override
    public HostKind kind() {
      return claimed;
    }

    @Override
    public Evidence attest(byte[] nonce)
        throws java.security.GeneralSecurityException, java.io.IOException {
      return inner.attest(nonce);
    }

    @Override
    public byte[] publicKey() throws java.security.GeneralSecurityException, java.io.IOException {
      return inner.publicKey();
    }

    @Override
    public void installKeys(byte[] nonce, byte[] release)
        throws java.security.GeneralSecurityException, java.io.IOException {
      inner.installKeys(nonce, release);
    }

    @Override
    public List<WindowOutcome> process(WindowBatch batch)
        throws java.security.GeneralSecurityException, java.io.IOException {
      return inner.process(batch);
    }

    @Override
    public void close() throws java.io.IOException {
      inner.close();
    }
  }
}
