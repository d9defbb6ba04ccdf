package org.trustbeat.enclave.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.attestation.EnclaveIdentity;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.attestation.InsecureSimulationAttester;
import org.trustbeat.attestation.InsecureSimulationVerifier;
import org.trustbeat.attestation.ReportData;
import org.trustbeat.enclave.EnclaveTesting;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.HrvJson;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.protocol.EnclaveKeyPair;
import org.trustbeat.protocol.KeyBrokerSigningKey;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ResultEnvelope;
import org.trustbeat.protocol.ResultHeader;

class InProcessEnclaveHostTest {
  private static final String PATIENT = "p-001";
  private static BeatSeries record;
  private static PatientKeys keys;
  private static TreeMap<Long, List<byte[]>> windows;

  @TempDir static Path dir;

  @BeforeAll
  static void sealRecord() throws Exception {
    record = EnclaveTesting.shiftedRecord("nsr001_rr_secs.txt", 3 * 3600);
    keys = PatientKeys.generate();
    windows = EnclaveTesting.byWindow(EnclaveTesting.sealPerSecond(keys, PATIENT, record));
  }

  private static Map<Double, String> reference(HrvJob job) {
    Map<Double, String> out = new TreeMap<>();
    for (WindowResult r : HrvAnalyzer.windows(record, 300, job)) {
      out.put(r.windowStart(), HrvJson.toJson(r));
    }
    return out;
  }

  private static InProcessEnclaveHost provisionedHost() throws Exception {
    InProcessEnclaveHost host = InProcessEnclaveHost.create(HostTesting.config(dir));
    HostTesting.provision(host, Map.of(PATIENT, keys));
    return host;
  }

  @Test
  void realRecord_windowByWindowWithContext_equalsWholeFileAnalysis() throws Exception {
    Map<Double, String> expected = reference(HrvJob.HRV);
    try (InProcessEnclaveHost host = provisionedHost()) {
      List<WindowOutcome> outcomes =
          HostTesting.windowAfterWindow(host, "job-1", HrvJob.HRV, PATIENT, windows);
      assertEquals(expected.size(), outcomes.size());
      for (WindowOutcome o : outcomes) {
        assertEquals(
            expected.get(o.windowStartMillis() / 1000.0),
            EnclaveTesting.openJson(o, keys),
            "window " + o.windowStartMillis());
        assertEquals(0, o.sequenceGaps());
        assertEquals(0, o.rejectedTotal());
      }
    }
  }

  @Test
  void realRecord_windowsUseTheContextChunksOnBothSides() throws Exception {
    try (InProcessEnclaveHost host = provisionedHost()) {
      List<WindowOutcome> outcomes =
          HostTesting.windowAfterWindow(host, "job-1", HrvJob.SDNN, PATIENT, windows);
      for (int i = 0; i < outcomes.size(); i++) {
        ResultHeader h = ResultEnvelope.parseHeader(outcomes.get(i).sealedResult());
        // 1-s chunks: 30 before (none before the first window), 30 after (none after the last).
        int expected = (i > 0 ? 30 : 0) + (i < outcomes.size() - 1 ? 30 : 0);
        assertEquals(expected, h.contextChunks(), "window " + i);
        assertEquals(outcomes.get(i).contextChunks(), h.contextChunks());
      }
    }
  }

  @Test
  void realRecord_allWindowsInOneBatch_inAnyOrder_giveTheSameResults() throws Exception {
    Map<Double, String> expected = reference(HrvJob.SDNN);
    List<WindowTask> tasks = new ArrayList<>();
    windows.forEach(
        (start, chunks) ->
            tasks.add(WindowTask.of(PATIENT, start, EnclaveTesting.WINDOW_MS, chunks)));
    java.util.Collections.reverse(tasks);
    try (InProcessEnclaveHost host = provisionedHost()) {
      List<WindowOutcome> outcomes = host.process(WindowBatch.of("job-1", HrvJob.SDNN, tasks));
      for (WindowOutcome o : outcomes) {
        assertEquals(
            expected.get(o.windowStartMillis() / 1000.0), EnclaveTesting.openJson(o, keys));
      }
    }
  }

  @Test
  void resultHeader_namesHostKindAttestationJobAndCounters() throws Exception {
    Map.Entry<Long, List<byte[]>> first = windows.firstEntry();
    try (InProcessEnclaveHost host = provisionedHost()) {
      WindowOutcome o =
          host.process(
                  WindowBatch.of(
                      "job-7",
                      HrvJob.HRV_BANDS,
                      List.of(
                          WindowTask.of(
                              PATIENT,
                              first.getKey(),
                              EnclaveTesting.WINDOW_MS,
                              first.getValue()))))
              .get(0);
      ResultHeader h = ResultEnvelope.parseHeader(o.sealedResult());
      assertEquals(PATIENT, h.patient());
      assertEquals(first.getKey(), h.windowStartMillis());
      assertEquals(EnclaveTesting.WINDOW_MS, h.windowLengthMillis());
      assertEquals("hrv-bands", h.algorithm());
      assertEquals("job-7", h.jobId());
      assertEquals("sealed-inprocess", h.hostKind());
      assertEquals("SIMULATION", h.attestationKind());
      assertEquals(first.getValue().size(), h.chunksSeen());
      assertEquals(HostKind.SEALED_INPROCESS, host.kind());
    }
  }

  @Test
  void evidence_verifiesAsSimulation_andBindsPublicKeyAndNonce() throws Exception {
    try (InProcessEnclaveHost host = InProcessEnclaveHost.create(HostTesting.config(dir))) {
      byte[] nonce = EnclaveTesting.nonce();
      Evidence evidence = host.attest(nonce);
      InsecureSimulationVerifier verifier =
          InsecureSimulationVerifier.create(
              InsecureSimulationAttester.loadOrCreate(dir.resolve("sim.key"))
                  .insecureSimulationPublicKey());
      EnclaveIdentity id = verifier.verify(evidence);
      assertEquals(EvidenceKind.SIMULATION, id.kind());
      byte[] pinned = EnclaveTesting.KEY_BROKER.verificationKey().fingerprint();
      ReportData.checkBinding(id, host.publicKey(), nonce, pinned);
      assertThrows(
          java.security.GeneralSecurityException.class,
          () -> ReportData.checkBinding(id, host.publicKey(), EnclaveTesting.nonce(), pinned));
      byte[] otherBroker = KeyBrokerSigningKey.generate().verificationKey().fingerprint();
      assertThrows(
          java.security.GeneralSecurityException.class,
          () -> ReportData.checkBinding(id, host.publicKey(), nonce, otherBroker));
    }
  }

  @Test
  void evidence_measurementIsStableAcrossInstances_butKeysAreFresh() throws Exception {
    try (InProcessEnclaveHost a = InProcessEnclaveHost.create(HostTesting.config(dir));
        InProcessEnclaveHost b = InProcessEnclaveHost.create(HostTesting.config(dir))) {
      InsecureSimulationVerifier verifier =
          InsecureSimulationVerifier.create(
              InsecureSimulationAttester.loadOrCreate(dir.resolve("sim.key"))
                  .insecureSimulationPublicKey());
      byte[] nonce = EnclaveTesting.nonce();
      assertArrayEquals(
          verifier.verify(a.attest(nonce)).mrenclave(),
          verifier.verify(b.attest(nonce)).mrenclave());
      assertNotEquals(
          new String(a.publicKey(), java.nio.charset.StandardCharsets.ISO_8859_1),
          new String(b.publicKey(), java.nio.charset.StandardCharsets.ISO_8859_1));
    }
  }

  @Test
  void keysSealedToAnotherKeyPair_areRefused() throws Exception {
    try (InProcessEnclaveHost host = InProcessEnclaveHost.create(HostTesting.config(dir))) {
      byte[] nonce = EnclaveTesting.nonce();
      host.attest(nonce);
      byte[] toOther =
          EnclaveTesting.signedRelease(
              EnclaveKeyPair.generate().publicKeyBytes(),
              nonce,
              "SIMULATION",
              Map.of(PATIENT, keys),
              EnclaveTesting.ALL_JOBS);
      assertThrows(
          java.security.GeneralSecurityException.class, () -> host.installKeys(nonce, toOther));
    }
  }

  @Test
  void withoutSimulationKeyFile_creationNamesTheSetting() {
    EnclaveConfig config =
        EnclaveConfig.builder()
            .setWorkDir(dir)
            .setKeyBrokerKey(EnclaveTesting.KEY_BROKER.verificationKey())
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> InProcessEnclaveHost.create(config));
    assertTrue(e.getMessage().contains("setSimulationKeyFile"));
  }

  @Test
  void withoutKeyBrokerKey_creationNamesTheSetting() {
    EnclaveConfig config =
        EnclaveConfig.builder()
            .setWorkDir(dir)
            .setSimulationKeyFile(dir.resolve("sim.key"))
            .build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> InProcessEnclaveHost.create(config));
    assertTrue(e.getMessage().contains("setKeyBrokerKey"), e.getMessage());
  }

  @Test
  void closedHost_refusesCalls() throws Exception {
    InProcessEnclaveHost host = InProcessEnclaveHost.create(HostTesting.config(dir));
    host.close();
    assertThrows(java.io.IOException.class, host::publicKey);
  }
}
