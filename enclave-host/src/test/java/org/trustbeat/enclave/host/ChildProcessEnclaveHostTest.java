package org.trustbeat.enclave.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.attestation.EnclaveIdentity;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.attestation.InsecureSimulationAttester;
import org.trustbeat.attestation.InsecureSimulationVerifier;
import org.trustbeat.attestation.ReportData;
import org.trustbeat.enclave.EnclaveTesting;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ResultEnvelope;
import org.trustbeat.protocol.ResultHeader;

class ChildProcessEnclaveHostTest {
  private static final String PATIENT = "p-002";
  private static PatientKeys keys;
  private static TreeMap<Long, List<byte[]>> windows;
  private static ChildProcessEnclaveHost child;
  private static InProcessEnclaveHost inProcess;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    keys = PatientKeys.generate();
    windows =
        EnclaveTesting.byWindow(
            EnclaveTesting.sealPerSecond(
                keys, PATIENT, EnclaveTesting.shiftedRecord("nsr001_rr_secs.txt", 3600)));
    child = ChildProcessEnclaveHost.start(HostTesting.config(dir));
    inProcess = InProcessEnclaveHost.create(HostTesting.config(dir));
    HostTesting.provision(child, Map.of(PATIENT, keys));
    HostTesting.provision(inProcess, Map.of(PATIENT, keys));
  }

  @AfterAll
  static void stop() throws Exception {
    child.close();
    inProcess.close();
  }

  @Test
  void decryptedResults_areByteIdenticalToTheInProcessHost() throws Exception {
    for (HrvJob job : new HrvJob[] {HrvJob.HRV, HrvJob.IDENTITY}) {
      List<WindowOutcome> a =
          HostTesting.windowAfterWindow(inProcess, "job-1", job, PATIENT, windows);
      List<WindowOutcome> b = HostTesting.windowAfterWindow(child, "job-1", job, PATIENT, windows);
      assertEquals(a.size(), b.size());
      for (int i = 0; i < a.size(); i++) {
        assertEquals(
            EnclaveTesting.openJson(a.get(i), keys), EnclaveTesting.openJson(b.get(i), keys));
        ResultHeader ha = ResultEnvelope.parseHeader(a.get(i).sealedResult());
        ResultHeader hb = ResultEnvelope.parseHeader(b.get(i).sealedResult());
        assertEquals("sealed-inprocess", ha.hostKind());
        assertEquals("sealed-process", hb.hostKind());
        assertEquals(ha.chunksSeen(), hb.chunksSeen());
        assertEquals(ha.sequenceGaps(), hb.sequenceGaps());
        assertEquals(a.get(i).rejected(), b.get(i).rejected());
      }
    }
  }

  @Test
  void evidence_verifiesAsSimulation_withTheSameMeasurementAsInProcess() throws Exception {
    byte[] nonce = EnclaveTesting.nonce();
    InsecureSimulationVerifier verifier =
        InsecureSimulationVerifier.create(
            InsecureSimulationAttester.loadOrCreate(dir.resolve("sim.key"))
                .insecureSimulationPublicKey());
    EnclaveIdentity fromChild = verifier.verify(child.attest(nonce));
    assertEquals(EvidenceKind.SIMULATION, fromChild.kind());
    ReportData.checkBinding(
        fromChild,
        child.publicKey(),
        nonce,
        EnclaveTesting.KEY_BROKER.verificationKey().fingerprint());
    assertArrayEquals(verifier.verify(inProcess.attest(nonce)).mrenclave(), fromChild.mrenclave());
  }

  @Test
  void concurrentCallers_eachGetTheirOwnCorrectOutcomes() throws Exception {
    List<WindowOutcome> expected =
        HostTesting.windowAfterWindow(inProcess, "job-1", HrvJob.SDNN, PATIENT, windows);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<WindowOutcome>>> futures = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        futures.add(
            pool.submit(
                () ->
                    HostTesting.windowAfterWindow(child, "job-1", HrvJob.SDNN, PATIENT, windows)));
      }
      for (Future<List<WindowOutcome>> f : futures) {
        List<WindowOutcome> got = f.get(120, TimeUnit.SECONDS);
        for (int i = 0; i < expected.size(); i++) {
          assertEquals(
              EnclaveTesting.openJson(expected.get(i), keys),
              EnclaveTesting.openJson(got.get(i), keys));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void keysSignedForAnotherEnclave_areRefusedAcrossTheChannel() throws Exception {
    byte[] nonce = EnclaveTesting.nonce();
    child.attest(nonce);
    byte[] release =
        EnclaveTesting.signedRelease(
            inProcess.publicKey(),
            nonce,
            "SIMULATION",
            Map.of(PATIENT, keys),
            EnclaveTesting.ALL_JOBS);
    assertThrows(
        java.security.GeneralSecurityException.class, () -> child.installKeys(nonce, release));
  }

  @Test
  void hostMadeRelease_isRefusedAcrossTheChannel_andTheChildKeepsItsKeys() throws Exception {
    byte[] nonce = EnclaveTesting.nonce();
    child.attest(nonce);
    byte[] unsigned =
        org.trustbeat.protocol.KeyRelease.seal(
            child.publicKey(),
            nonce,
            "SIMULATION",
            Map.of(
                PATIENT,
                org.trustbeat.protocol.ReleasedPatient.of(
                    PatientKeys.generate(), EnclaveTesting.ALL_JOBS)));
    java.security.GeneralSecurityException e =
        assertThrows(
            java.security.GeneralSecurityException.class, () -> child.installKeys(nonce, unsigned));
    assertTrue(e.getMessage().contains("no key broker signature"), e.getMessage());
    WindowOutcome o =
        HostTesting.windowAfterWindow(
                child,
                "job-1",
                HrvJob.SDNN,
                PATIENT,
                new java.util.TreeMap<>(
                    Map.of(windows.firstKey(), windows.firstEntry().getValue())))
            .get(0);
    EnclaveTesting.openJson(o, keys); // still sealed with the patient's real result key
  }

  @Test
  void deadChild_failsCallsWithTheFix_andCloseStillCleansUp() throws Exception {
    ChildProcessEnclaveHost host = ChildProcessEnclaveHost.start(HostTesting.config(dir));
    ProcessHandle child = ProcessHandle.of(host.pid()).orElseThrow();
    child.destroyForcibly();
    child.onExit().get(30, TimeUnit.SECONDS);
    IOException e = assertThrows(IOException.class, host::publicKey);
    assertTrue(e.getMessage().contains("has died"), e.getMessage());
    assertTrue(e.getMessage().contains("create a new one"), e.getMessage());
    host.close();
  }

  @Test
  void close_stopsTheChild_andRemovesItsPrivateDirectory() throws Exception {
    ChildProcessEnclaveHost host = ChildProcessEnclaveHost.start(HostTesting.config(dir));
    ProcessHandle handle = ProcessHandle.of(host.pid()).orElseThrow();
    try (Stream<Path> s = Files.list(dir)) {
      Path priv =
          s.filter(
                  p ->
                      p.getFileName().toString().startsWith("trustbeat-enclave-")
                          && Files.exists(p.resolve("enclave.sock")))
              .findFirst()
              .orElseThrow();
      assertEquals(
          "rwx------",
          java.nio.file.attribute.PosixFilePermissions.toString(
              Files.getPosixFilePermissions(priv)));
    }
    host.close();
    assertFalse(handle.isAlive());
    assertThrows(IOException.class, host::publicKey);
  }

  @Test
  void workDirTooDeepForASocket_isRefusedBeforeTheChildStarts_namingTheLimit() throws Exception {
    Path deep = Files.createDirectories(dir.resolve("d".repeat(60)).resolve("e".repeat(40)));
    EnclaveConfig config =
        EnclaveConfig.builder()
            .setSimulationKeyFile(dir.resolve("sim.key"))
            .setKeyBrokerKey(EnclaveTesting.KEY_BROKER.verificationKey())
            .setWorkDir(deep)
            .build();
    IOException e = assertThrows(IOException.class, () -> ChildProcessEnclaveHost.start(config));
    assertTrue(e.getMessage().contains("107"), e.getMessage());
    assertTrue(e.getMessage().contains(deep.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("setWorkDir"), e.getMessage());
    try (var left = Files.list(deep)) {
      assertEquals(0, left.count(), "no private directory is left behind");
    }
  }

  @Test
  void childThatCannotStart_failsWithItsLog() {
    EnclaveConfig broken =
        EnclaveConfig.builder()
            .setSimulationKeyFile(dir.resolve("sim.key"))
            .setKeyBrokerKey(EnclaveTesting.KEY_BROKER.verificationKey())
            .setWorkDir(dir)
            .setClasspath(dir.resolve("nothing-here.jar").toString())
            .build();
    IOException e = assertThrows(IOException.class, () -> ChildProcessEnclaveHost.start(broken));
    assertTrue(e.getMessage().contains("exited before it was ready"), e.getMessage());
    assertTrue(e.getMessage().contains("EnclaveMain"), e.getMessage());
  }
}
