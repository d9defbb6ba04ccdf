package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustbeat.app.CommandRun.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.keybroker.InsecureFileMasterKey;
import org.trustbeat.keybroker.PatientKeyStore;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkOpener;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.PatientKeysFormat;
import org.trustbeat.protocol.RrSamples;
import picocli.CommandLine;

class PatientsCommandTest {
  @TempDir Path dir;
  private Path keys;

  @BeforeEach
  void init() {
    keys = dir.resolve("keys");
    assertEquals(0, run("keys", "init", "--dir", keys.toString()).code());
  }

  @Test
  void add_thenList_showsIdsKeyIdsAndTimes_neverKeys() throws Exception {
    CommandRun add = run("patients", "add", "p-002", "p-001", "--dir", keys.toString());
    assertEquals(0, add.code(), add.err());
    assertTrue(add.out().contains("added p-001"), add.out());

    CommandRun list = run("patients", "list", "--dir", keys.toString());
    assertEquals(0, list.code(), list.err());
    String[] lines = list.out().strip().split("\n");
    assertEquals("patient\tcreated\tupdated\tdata_key_ids\tresult_key_ids\tpolicy", lines[0]);
    assertEquals(3, lines.length);
    PatientKeyStore store =
        PatientKeyStore.open(
            keys.resolve("patients"), InsecureFileMasterKey.load(keys.resolve("master-key.json")));
    PatientKeys p1 = store.load("p-001");
    String[] cols = lines[1].split("\t");
    assertEquals("p-001", cols[0]);
    assertEquals(Integer.toUnsignedString(p1.dataPrimaryKeyId()) + "*", cols[3]);
    assertTrue(cols[1].matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), cols[1]);
    assertEquals("p-002", lines[2].split("\t")[0]);
    String raw =
        HexFormat.of()
            .formatHex(
                ((com.google.crypto.tink.aead.AesGcmKey) p1.dataKeyset().getPrimary().getKey())
                    .getKeyBytes()
                    .toByteArray(com.google.crypto.tink.InsecureSecretKeyAccess.get()));
    assertFalse(list.out().contains(raw));
  }

  @Test
  void addingAnExistingPatient_failsForItAlone() {
    run("patients", "add", "p-001", "--dir", keys.toString());
    CommandRun r = run("patients", "add", "p-001", "p-003", "--dir", keys.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("p-001 already has keys"), r.err());
    assertTrue(r.out().contains("added p-003"), r.out());
  }

  @Test
  void invalidPseudonym_isAUsageError_andAddsNothing() {
    CommandRun r = run("patients", "add", "ok-1", "not valid", "--dir", keys.toString());
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("'not valid'"), r.err());
    assertFalse(Files.exists(keys.resolve("patients/ok-1.keys")));
  }

  @Test
  void rotate_addsAPrimaryKey() {
    run("patients", "add", "p-001", "--dir", keys.toString());
    CommandRun r = run("patients", "rotate", "p-001", "--dir", keys.toString());
    assertEquals(0, r.code(), r.err());
    String line = run("patients", "list", "--dir", keys.toString()).out().strip().split("\n")[1];
    assertEquals(2, line.split("\t")[3].split(",").length, line);
  }

  @Test
  void rotateUnknownPatient_namesIt() {
    CommandRun r = run("patients", "rotate", "ghost", "--dir", keys.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("unknown patient ghost"), r.err());
  }

  @Test
  void exportEdgeKeys_writesOwnerOnlyKeysThatSealForTheBroker_andWarns() throws Exception {
    run("patients", "add", "p-001", "--dir", keys.toString());
    Path out = dir.resolve("p-001.edge");
    CommandRun r =
        run(
            "patients",
            "export-edge-keys",
            "p-001",
            "--out",
            out.toString(),
            "--dir",
            keys.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("IN CLEAR") && r.err().contains("secret"), r.err());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));

    PatientKeys edge = PatientKeysFormat.insecureImportCleartext(Files.readAllBytes(out));
    RrSamples samples = RrSamples.of(new double[] {0}, new double[] {812});
    ChunkEnvelope chunk = ChunkSealer.create(edge.dataKeyset()).seal("p-001", 0, samples);
    PatientKeyStore store =
        PatientKeyStore.open(
            keys.resolve("patients"), InsecureFileMasterKey.load(keys.resolve("master-key.json")));
    assertEquals(samples, ChunkOpener.create().open(chunk, store.load("p-001").dataAead()));

    CommandRun again =
        run(
            "patients",
            "export-edge-keys",
            "p-001",
            "--out",
            out.toString(),
            "--dir",
            keys.toString());
    assertEquals(1, again.code());
    assertTrue(again.err().contains("refusing to overwrite"), again.err());
  }

  @Test
  void exportWithoutOut_isAUsageError() {
    assertEquals(
        CommandLine.ExitCode.USAGE,
        run("patients", "export-edge-keys", "p-001", "--dir", keys.toString()).code());
  }

  @Test
  void missingKeyStore_saysToRunKeysInit() {
    CommandRun r = run("patients", "list", "--dir", dir.resolve("none").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("keys init"), r.err());
  }

  @Test
  void usageErrors() {
    assertEquals(CommandLine.ExitCode.USAGE, run("patients").code());
    assertEquals(
        CommandLine.ExitCode.USAGE, run("patients", "add", "--dir", keys.toString()).code());
    assertEquals(CommandLine.ExitCode.USAGE, run("patients", "frobnicate").code());
  }

  private PatientKeyStore store() throws Exception {
    return PatientKeyStore.open(
        keys.resolve("patients"), InsecureFileMasterKey.load(keys.resolve("master-key.json")));
  }

  @Test
  void add_withPolicyOptions_storesThePolicy_andWarnsAboutRawSamplesAndSimulation()
      throws Exception {
    CommandRun r =
        run(
            "patients",
            "add",
            "p-test",
            "--test-patient",
            "--allow-job",
            "identity",
            "--allow-job",
            "sdnn",
            "--window",
            "60",
            "--window",
            "300",
            "--dir",
            keys.toString());
    assertEquals(0, r.code(), r.err());
    org.trustbeat.keybroker.PatientPolicy p = store().describe("p-test").policy();
    assertTrue(p.testPatient());
    assertEquals(java.util.Set.of("identity", "sdnn"), p.analysis().jobs());
    assertEquals(java.util.Set.of(60_000L, 300_000L), p.analysis().windowMillis());
    assertTrue(r.err().contains("identity job"), r.err());
    assertTrue(r.err().contains("test patient"), r.err());
  }

  @Test
  void add_withoutPolicyOptions_isNotATestPatient_andGetsTheDefaultAnalyses() throws Exception {
    assertEquals(0, run("patients", "add", "p-001", "--dir", keys.toString()).code());
    assertEquals(
        org.trustbeat.keybroker.PatientPolicy.defaults(), store().describe("p-001").policy());
    assertTrue(
        run("patients", "list", "--dir", keys.toString())
            .out()
            .contains("patient evidence=[SGX_DCAP] jobs=[hrv, hrv-bands, sdnn] windows=[300 s]"));
  }

  @Test
  void badPolicyValues_areUsageErrors_namingTheFix_andAddNothing() {
    CommandRun job =
        run("patients", "add", "p-1", "--allow-job", "rmssd", "--dir", keys.toString());
    assertEquals(CommandLine.ExitCode.USAGE, job.code());
    assertTrue(job.err().contains("--allow-job") && job.err().contains("hrv-bands"), job.err());
    CommandRun window = run("patients", "add", "p-1", "--window", "0", "--dir", keys.toString());
    assertEquals(CommandLine.ExitCode.USAGE, window.code());
    assertTrue(window.err().contains("1..86400"), window.err());
    CommandRun hex =
        run("patients", "add", "p-1", "--allow-mrenclave", "abc", "--dir", keys.toString());
    assertEquals(CommandLine.ExitCode.USAGE, hex.code());
    CommandRun tcb =
        run("patients", "add", "p-1", "--accept-tcb-status", "Fine", "--dir", keys.toString());
    assertEquals(CommandLine.ExitCode.USAGE, tcb.code());
    assertTrue(tcb.err().contains("UpToDate"), tcb.err());
    assertFalse(Files.exists(keys.resolve("patients/p-1.keys")));
  }

  @Test
  void policy_showsAndChangesOnlyWhatItNames_keepingTheKeys() throws Exception {
    run("patients", "add", "p-001", "--window", "60", "--dir", keys.toString());
    PatientKeys before = store().load("p-001");
    CommandRun show = run("patients", "policy", "p-001", "--dir", keys.toString());
    assertEquals(0, show.code(), show.err());
    assertTrue(show.out().contains("p-001\tpatient evidence=[SGX_DCAP]"), show.out());

    CommandRun change =
        run("patients", "policy", "p-001", "--test-patient", "--dir", keys.toString());
    assertEquals(0, change.code(), change.err());
    org.trustbeat.keybroker.PatientPolicy p = store().describe("p-001").policy();
    assertTrue(p.testPatient());
    assertEquals(java.util.Set.of(60_000L), p.analysis().windowMillis(), "the window stays");
    assertTrue(store().load("p-001").dataKeyset().equalsKeyset(before.dataKeyset()));

    assertEquals(
        0,
        run(
                "patients",
                "policy",
                "p-001",
                "--no-test-patient",
                "--allow-mrenclave",
                "ab".repeat(32),
                "--dir",
                keys.toString())
            .code());
    assertFalse(store().describe("p-001").policy().testPatient());
    assertEquals(1, store().describe("p-001").policy().mrenclaves().size());
    assertEquals(
        0, run("patients", "policy", "p-001", "--any-mrenclave", "--dir", keys.toString()).code());
    assertTrue(store().describe("p-001").policy().mrenclaves().isEmpty());
    assertEquals(
        CommandLine.ExitCode.USAGE,
        run(
                "patients",
                "policy",
                "p-001",
                "--any-mrenclave",
                "--allow-mrenclave",
                "ab".repeat(32),
                "--dir",
                keys.toString())
            .code());
    CommandRun missing =
        run("patients", "policy", "p-404", "--test-patient", "--dir", keys.toString());
    assertEquals(1, missing.code());
  }
}
