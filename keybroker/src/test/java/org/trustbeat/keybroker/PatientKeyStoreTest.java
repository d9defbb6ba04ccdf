package org.trustbeat.keybroker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.Aead;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkOpener;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.PatientKeysFormat;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.testing.MutableClock;

class PatientKeyStoreTest {
  @TempDir Path dir;
  private Aead master;
  private MutableClock clock;
  private PatientKeyStore store;

  @BeforeEach
  void setUp() throws Exception {
    InsecureFileMasterKey.create(dir.resolve("master-key.json"));
    master = InsecureFileMasterKey.load(dir.resolve("master-key.json"));
    clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
    store = PatientKeyStore.open(dir.resolve("patients"), master, clock);
  }

  private static RrSamples samples() {
    return RrSamples.of(new double[] {0.0, 0.8, 1.6}, new double[] {800, 800, 810});
  }

  @Test
  void addedKeys_loadBackIdentical() throws Exception {
    PatientRecord added = store.add("p-001");
    PatientKeys loaded = store.load("p-001");
    assertEquals(added.dataPrimaryKeyId(), loaded.dataPrimaryKeyId());
    assertEquals(added.resultPrimaryKeyId(), loaded.resultPrimaryKeyId());
    // Same key material: what one side seals, the other opens.
    ChunkEnvelope chunk = ChunkSealer.create(loaded.dataKeyset()).seal("p-001", 0, samples());
    assertEquals(samples(), ChunkOpener.create().open(chunk, store.load("p-001").dataAead()));
  }

  @Test
  void wrongMasterKey_cannotLoad_andSaysSo() throws Exception {
    store.add("p-001");
    InsecureFileMasterKey.create(dir.resolve("other-master.json"));
    PatientKeyStore other =
        PatientKeyStore.open(
            dir.resolve("patients"), InsecureFileMasterKey.load(dir.resolve("other-master.json")));
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> other.load("p-001"));
    assertTrue(e.getMessage().contains("wrong master key"), e.getMessage());
  }

  @Test
  void fileCopiedToAnotherPatientsName_doesNotOpen() throws Exception {
    store.add("p-001");
    store.add("p-002");
    Path patients = dir.resolve("patients");
    Files.copy(
        patients.resolve("p-001.keys"),
        patients.resolve("p-002.keys"),
        StandardCopyOption.REPLACE_EXISTING);
    assertThrows(GeneralSecurityException.class, () -> store.load("p-002"));
  }

  /** Another local user may list or (with write permission) swap the patients' key files. */
  @Test
  void patientDirectoryOtherUsersMayUse_isRefused_namingChmod700() throws Exception {
    store.add("p-001");
    Path patients = dir.resolve("patients");
    Files.setPosixFilePermissions(patients, PosixFilePermissions.fromString("rwxrwxr-x"));
    java.io.IOException e =
        assertThrows(java.io.IOException.class, () -> PatientKeyStore.open(patients, master));
    assertTrue(e.getMessage().contains("chmod 700 " + patients), e.getMessage());
    assertTrue(e.getMessage().contains("replace the keys"), e.getMessage());
  }

  @Test
  void keyDirectory_holdsNoClearKeyMaterial() throws Exception {
    store.add("p-001");
    store.add("p-002");
    store.rotate("p-001");
    for (String p : List.of("p-001", "p-002")) {
      assertNull(
          KeyCanary.fileContaining(dir, KeyCanary.rawKeys(store.load(p))),
          "clear key material of " + p + " found on disk");
    }
  }

  @Test
  void canary_findsKeysWrittenInClear() throws Exception {
    store.add("p-001");
    PatientKeys keys = store.load("p-001");
    Files.write(dir.resolve("leak.bin"), PatientKeysFormat.insecureExportCleartext(keys));
    assertNotNull(
        KeyCanary.fileContaining(dir, KeyCanary.rawKeys(keys)),
        "the canary must detect a clear export, or the no-leak test proves nothing");
  }

  @Test
  void rotation_addsPrimaryKey_andOldChunksStillOpen() throws Exception {
    PatientKeys before = store.load(store.add("p-001").patient());
    ChunkEnvelope old = ChunkSealer.create(before.dataKeyset()).seal("p-001", 0, samples());

    clock.advance(Duration.ofDays(30));
    PatientRecord rotated = store.rotate("p-001");
    PatientKeys after = store.load("p-001");

    assertNotEquals(before.dataPrimaryKeyId(), after.dataPrimaryKeyId());
    assertEquals(2, rotated.dataKeyIds().size());
    assertEquals(2, rotated.resultKeyIds().size());
    assertEquals(Instant.parse("2025-03-01T10:00:00Z"), rotated.created());
    assertEquals(Instant.parse("2025-03-31T10:00:00Z"), rotated.updated());
    assertEquals(samples(), ChunkOpener.create().open(old, after.dataAead()));
    ChunkEnvelope fresh = ChunkSealer.create(after.dataKeyset()).seal("p-001", 1, samples());
    assertEquals(after.dataPrimaryKeyId(), fresh.header().keyId());
  }

  @Test
  void addingExistingPatient_isRefused_andKeepsTheirKeys() throws Exception {
    PatientRecord first = store.add("p-001");
    FileAlreadyExistsException e =
        assertThrows(FileAlreadyExistsException.class, () -> store.add("p-001"));
    assertTrue(e.getMessage().contains("patients rotate p-001"), e.getMessage());
    assertEquals(first.dataPrimaryKeyId(), store.load("p-001").dataPrimaryKeyId());
  }

  @Test
  void unknownPatient_isNamed() {
    UnknownPatientException e =
        assertThrows(UnknownPatientException.class, () -> store.load("nobody"));
    assertEquals("nobody", e.patient());
    assertTrue(e.getMessage().contains("patients add nobody"), e.getMessage());
  }

  @Test
  void invalidPseudonym_isRefusedBeforeTouchingTheDisk() {
    assertThrows(IllegalArgumentException.class, () -> store.add("../escape"));
    assertThrows(IllegalArgumentException.class, () -> store.add("has space"));
    assertFalse(Files.exists(dir.resolve("escape.keys")));
  }

  @Test
  void list_givesPatientsInOrder_withIdsAndTimes() throws Exception {
    store.add("p-b");
    clock.advance(Duration.ofMinutes(1));
    store.add("p-a");
    List<PatientRecord> records = store.list();
    assertEquals(List.of("p-a", "p-b"), records.stream().map(PatientRecord::patient).toList());
    assertEquals(Instant.parse("2025-03-01T10:01:00Z"), records.get(0).created());
    assertEquals(List.of(records.get(0).dataPrimaryKeyId()), records.get(0).dataKeyIds());
    assertFalse(records.get(0).toString().contains("keyBytes"));
  }

  @Test
  void loadAll_namesTheMissingPatient() throws Exception {
    store.add("p-001");
    UnknownPatientException e =
        assertThrows(UnknownPatientException.class, () -> store.loadAll(List.of("p-001", "p-404")));
    assertEquals("p-404", e.patient());
    Map<String, PatientKeys> keys = store.loadAll(List.of("p-001"));
    assertEquals(List.of("p-001"), List.copyOf(keys.keySet()));
  }

  @Test
  void keyFiles_areOwnerOnly_andNoTemporaryFilesRemain() throws Exception {
    store.add("p-001");
    store.rotate("p-001");
    Path patients = dir.resolve("patients");
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(patients.resolve("p-001.keys"))));
    try (var files = Files.list(patients)) {
      assertEquals(
          List.of(".lock", "p-001.keys"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void damagedFile_isReportedWithTheFix() throws Exception {
    store.add("p-001");
    Files.write(dir.resolve("patients/p-001.keys"), new byte[] {1, 2, 3});
    var e = assertThrows(java.io.IOException.class, () -> store.load("p-001"));
    assertTrue(e.getMessage().contains("restore it from backup"), e.getMessage());
  }

  @Test
  void storeSeesPatientsAddedThroughAnotherInstance() throws Exception {
    PatientKeyStore second = PatientKeyStore.open(dir.resolve("patients"), master);
    second.add("p-new");
    assertTrue(store.contains("p-new"));
    assertArrayEquals(new Object[] {"p-new"}, store.patients().toArray());
  }

  @Test
  void edgeExport_isOwnerOnly_opensChunks_andNeverOverwrites() throws Exception {
    store.add("p-001");
    Path out = dir.resolve("edge/p-001.edgekeys");
    store.insecureExportEdgeKeys("p-001", out);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
    PatientKeys edge = PatientKeysFormat.insecureImportCleartext(Files.readAllBytes(out));
    ChunkEnvelope chunk = ChunkSealer.create(edge.dataKeyset()).seal("p-001", 0, samples());
    assertEquals(samples(), ChunkOpener.create().open(chunk, store.load("p-001").dataAead()));
    assertThrows(
        FileAlreadyExistsException.class, () -> store.insecureExportEdgeKeys("p-001", out));
  }

  @Test
  void concurrentRotations_loseNoKey() throws Exception {
    store.add("p-001");
    PatientKeyStore second = PatientKeyStore.open(dir.resolve("patients"), master);
    Thread other =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 5; i++) {
                  second.rotate("p-001");
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    other.start();
    for (int i = 0; i < 5; i++) {
      store.rotate("p-001");
    }
    other.join();
    assertEquals(11, store.describe("p-001").dataKeyIds().size());
  }

  @Test
  void policy_isStoredWithTheKeys_andChangedWithoutTouchingThem() throws Exception {
    PatientPolicy test =
        PatientPolicy.builder()
            .testPatient(true)
            .jobs(List.of(org.trustbeat.hrv.HrvJob.SDNN))
            .windows(List.of(Duration.ofSeconds(60)))
            .acceptTcbStatus(org.trustbeat.attestation.TcbStatus.UP_TO_DATE)
            .build();
    PatientRecord added = store.add("p-001", test);
    assertEquals(test, added.policy());
    assertEquals(test, store.describe("p-001").policy());
    PatientKeys before = store.load("p-001");
    clock.advance(Duration.ofHours(1));
    PatientRecord changed = store.setPolicy("p-001", PatientPolicy.defaults());
    assertEquals(PatientPolicy.defaults(), store.describe("p-001").policy());
    assertEquals(added.updated(), changed.updated(), "a policy change is not a key rotation");
    assertTrue(store.load("p-001").dataKeyset().equalsKeyset(before.dataKeyset()));
    assertEquals(PatientPolicy.defaults(), store.rotate("p-001").policy(), "rotation keeps it");
  }

  @Test
  void policyCopiedFromAnotherPatientsFile_doesNotOpen() throws Exception {
    store.add("p-test", PatientPolicy.builder().testPatient(true).build());
    store.add("p-real");
    // Splice the test patient's (authentic) policy into the real patient's file.
    byte[] test = Files.readAllBytes(dir.resolve("patients/p-test.keys"));
    byte[] real = Files.readAllBytes(dir.resolve("patients/p-real.keys"));
    int header = 4 + 1 + 8 + 8;
    int testLen = java.nio.ByteBuffer.wrap(test, header, 4).getInt();
    int realLen = java.nio.ByteBuffer.wrap(real, header, 4).getInt();
    java.io.ByteArrayOutputStream spliced = new java.io.ByteArrayOutputStream();
    spliced.write(real, 0, header);
    spliced.write(test, header, 4 + testLen);
    spliced.write(real, header + 4 + realLen, real.length - header - 4 - realLen);
    Files.write(dir.resolve("patients/p-real.keys"), spliced.toByteArray());
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> store.describe("p-real"));
    assertTrue(
        e.getMessage().contains("release policy of patient p-real does not open"), e.getMessage());
  }

  @Test
  void versionOneFile_withoutAPolicy_readsWithTheDefaultPolicy() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    byte[] blob = PatientKeysFormat.serializeEncrypted("p-old", keys, master);
    java.nio.ByteBuffer v1 =
        java.nio.ByteBuffer.allocate(4 + 1 + 16 + blob.length)
            .put(new byte[] {'T', 'B', 'K', 'S', 1})
            .putLong(0)
            .putLong(0)
            .put(blob);
    Files.write(dir.resolve("patients/p-old.keys"), v1.array());
    assertEquals(PatientPolicy.defaults(), store.describe("p-old").policy());
    assertTrue(store.load("p-old").dataKeyset().equalsKeyset(keys.dataKeyset()));
    store.setPolicy("p-old", PatientPolicy.builder().testPatient(true).build());
    assertEquals(2, Files.readAllBytes(dir.resolve("patients/p-old.keys"))[4], "rewritten as v2");
    assertTrue(store.describe("p-old").policy().testPatient());
  }
}
