package org.trustbeat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.keybroker.ReleaseDecision;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ResultOpener;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.testing.LeakScanner;

/**
 * The job provisions its enclave through a real key broker: with a policy that admits this build's
 * simulated enclave the keys arrive and the audit log records the grant with the simulation
 * warning; with a policy that does not, the job reports every chunk as NO_KEY, logs the broker's
 * refusal reason, stores no result and writes nothing in clear.
 */
class KeyBrokerProvisionerTest {
  private static final String PATIENT = "nsr001";
  private static final String CLOCK = "clock";
  private static final double RECORD_SECONDS = 1200;

  @TempDir static Path tmp;
  private static RrFixture record;
  private static LogCapture logs;

  @BeforeAll
  static void readRecord() throws Exception {
    logs = LogCapture.start();
    record = RrFixture.nsr001(RECORD_SECONDS);
  }

  @AfterAll
  static void stopCapture() {
    logs.close();
  }

  /**
   * Lands the record sealed under the broker's keys, runs the job to the end, returns its metrics.
   */
  private static JobMetrics run(Path root, TestKeyBroker broker) throws Exception {
    LandingStore landing = LandingStore.open(root.resolve("landing"));
    List<byte[]> chunks = record.seal(PATIENT, broker.keys(PATIENT), 8);
    for (int i = 0; i < chunks.size(); i += 60) {
      landing.append(chunks.subList(i, Math.min(chunks.size(), i + 60)));
    }
    RrSamples tick =
        RrSamples.of(
            new double[] {RrFixture.BASE_EPOCH_SECONDS + RECORD_SECONDS + 100}, new double[] {800});
    landing.append(
        List.of(
            ChunkSealer.create(broker.keys(CLOCK).dataKeyset()).seal(CLOCK, 0, tick).toBytes()));
    HostSpec spec =
        HostSpec.builder()
            .setKind(HostKind.SEALED_INPROCESS)
            .setJobId("job-kb")
            .setJob(HrvJob.HRV)
            .setHostFactory(
                ModeHostFactory.of(
                    HostKind.SEALED_INPROCESS,
                    broker.simulationKeyFile(),
                    null,
                    broker.verificationKey()))
            .setProvisioner(KeyBrokerProvisioner.of(broker.uri()))
            .setKeyBroker(broker.uri())
            .build();
    ServerConfig config =
        ServerConfig.builder()
            .setLandingRoot(root.resolve("landing"))
            .setResultRoot(root.resolve("results"))
            .setCheckpointDir(root.resolve("checkpoint"))
            .setHostSpec(spec)
            .setAvailableNow(true)
            .setMaxFilesPerTrigger(2)
            .setShufflePartitions(2)
            .build();
    try (SecureHrvJob job = SecureHrvJob.start(TestSpark.session(), config)) {
      job.awaitTermination();
      return job.metrics();
    }
  }

  @Test
  void admittedEnclave_getsTheKeys_andTheAuditLogRecordsTheGrantAsSimulation() throws Exception {
    Path root = tmp.resolve("admitted");
    List<String> results = new ArrayList<>();
    List<String> audit;
    try (TestKeyBroker broker =
        TestKeyBroker.start(root.resolve("trust"), List.of(PATIENT, CLOCK), true)) {
      JobMetrics m = run(root, broker);
      assertEquals(0, m.rejectedTotal(), m.toString());
      PatientKeys keys = broker.keys(PATIENT);
      for (ResultStore.StoredResult f :
          ResultStore.open(root.resolve("results")).results(PATIENT)) {
        byte[] body = ResultOpener.create().open(f.sealedResult(), keys.resultAead());
        results.add(new String(body, StandardCharsets.UTF_8));
      }
      audit = broker.auditLines();
    }
    assertEquals(record.expectedJson(300, HrvJob.HRV), results);
    List<String> grants =
        audit.stream()
            .filter(
                l -> l.contains("\"decision\":\"GRANTED\"") && l.contains("\"" + PATIENT + "\""))
            .toList();
    assertEquals(1, grants.size(), "one release for the patient, reused by every batch: " + audit);
    assertTrue(grants.get(0).contains(ReleaseDecision.SIMULATION_WARNING), grants.get(0));
    assertTrue(grants.get(0).contains("\"host_kind\":\"sealed-inprocess\""), grants.get(0));
  }

  @Test
  void refusingBroker_makesTheJobReportNoKey_withTheRefusalReason_andNoResults() throws Exception {
    Path root = tmp.resolve("refused");
    JobMetrics m;
    List<String> audit;
    try (TestKeyBroker broker =
        TestKeyBroker.start(root.resolve("trust"), List.of(PATIENT, CLOCK), false)) {
      m = run(root, broker);
      audit = broker.auditLines();
    }
    assertEquals(4, m.windowsClosed(), m.toString());
    long recordChunks = (record.series().size() + 7) / 8;
    // A chunk that straddles two windows is seen (and refused) in each.
    assertTrue(m.chunksSeen() >= recordChunks, m.toString());
    assertEquals(m.chunksSeen(), m.rejected().get("NO_KEY"), "every chunk of the record: " + m);
    assertEquals(0, m.resultsWritten());
    assertEquals(List.of(), ResultStore.open(root.resolve("results")).patients());
    assertTrue(
        audit.stream().anyMatch(l -> l.contains("\"reason\":\"MRENCLAVE_NOT_ALLOWED\"")),
        audit.toString());
    assertTrue(
        audit.stream().noneMatch(l -> l.contains("\"decision\":\"GRANTED\"")), audit.toString());
    assertTrue(
        logs.lines().stream()
            .anyMatch(
                l ->
                    l.contains("MRENCLAVE_NOT_ALLOWED")
                        && l.contains(PATIENT)
                        && l.contains("SIMULATION attestation")),
        "a log line names the patient, the refusal reason and the mode");

    LeakScanner canaries = record.canaries();
    List<String> leaks = new ArrayList<>(canaries.leaksIn(LeakScanner.filesUnder(root)));
    leaks.addAll(
        canaries.leaksIn(
            "captured log lines",
            String.join("\n", logs.lines()).getBytes(StandardCharsets.UTF_8)));
    assertEquals(List.of(), leaks);
  }

  @Test
  void provisionerOverMutualTls_travelsSerialized_andProvisionsWithTheHostsCertificate()
      throws Exception {
    Path trust = tmp.resolve("mtls");
    try (TestKeyBroker broker = TestKeyBroker.startMutualTls(trust, List.of(PATIENT))) {
      KeyProvisioner provisioner =
          KeyBrokerProvisioner.ofMutualTls(
              broker.uri(),
              trust.resolve("host.p12"),
              TestKeyBroker.HOST_PASSWORD,
              trust.resolve("ca.pem"));
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
        out.writeObject(provisioner);
      }
      String serialized = new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1);
      assertTrue(!serialized.contains("PRIVATE KEY"), "paths travel, not the key");
      KeyProvisioner onExecutor;
      try (java.io.ObjectInputStream in =
          new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
        onExecutor = (KeyProvisioner) in.readObject();
      }
      try (org.trustbeat.enclave.host.EnclaveHost host =
          ModeHostFactory.of(
                  HostKind.SEALED_INPROCESS,
                  broker.simulationKeyFile(),
                  null,
                  broker.verificationKey())
              .create()) {
        onExecutor.provision(host, List.of(PATIENT));
      }
      String grant = broker.auditLines().get(broker.auditLines().size() - 1);
      assertTrue(
          grant.contains("\"decision\":\"GRANTED\"")
              && grant.contains("\"client\":\"CN=test-host (sha256:"),
          grant);

      // Without the host certificate the broker is not even reached.
      try (org.trustbeat.enclave.host.EnclaveHost host =
          ModeHostFactory.of(
                  HostKind.SEALED_INPROCESS,
                  broker.simulationKeyFile(),
                  null,
                  broker.verificationKey())
              .create()) {
        org.junit.jupiter.api.Assertions.assertThrows(
            java.io.IOException.class,
            () -> KeyBrokerProvisioner.of(broker.uri()).provision(host, List.of(PATIENT)));
      }
    }
  }

  @Test
  void sealedHostWithoutAPinnedKeyBroker_failsAtCreation_namingTheSetting() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                ModeHostFactory.of(HostKind.SEALED_INPROCESS, tmp.resolve("sim.key"), null)
                    .create());
    assertTrue(e.getMessage().contains("setKeyBrokerKey"), e.getMessage());
  }
}
