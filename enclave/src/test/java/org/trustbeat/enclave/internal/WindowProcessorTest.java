package org.trustbeat.enclave.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.enclave.EnclaveTesting;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.protocol.AnalysisPolicy;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkHeader;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.protocol.ResultEnvelope;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.protocol.internal.SampleCodec;

class WindowProcessorTest {
  private static final long W = EnclaveTesting.WINDOW_MS;
  private static final long START = EnclaveTesting.BASE_SECONDS * 1000; // a window start
  private static PatientKeys p1;
  private static PatientKeys p2;
  private static EnclaveProgram program;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    p1 = PatientKeys.generate();
    p2 = PatientKeys.generate();
    program =
        EnclaveProgram.start(
            HostKind.SEALED_INPROCESS,
            InsecureSimulationEvidence.create(dir.resolve("sim.key")),
            ProtocolLimits.defaults(),
            EnclaveTesting.KEY_BROKER.verificationKey());
    // p1 has the default policy (no identity, 300-s windows only); p2 also allows identity.
    install("p1", p1, AnalysisPolicy.defaults());
    install("p2", p2, EnclaveTesting.ALL_JOBS);
  }

  private static void install(String patient, PatientKeys keys, AnalysisPolicy policy)
      throws Exception {
    byte[] nonce = EnclaveTesting.nonce();
    program.attest(nonce);
    program.installKeys(
        nonce,
        EnclaveTesting.signedRelease(
            program.publicKey(), nonce, "SIMULATION", Map.of(patient, keys), policy));
  }

  /**
   * One beat per second at window second {@code s}, with RR values that vary but all pass cleaning.
   */
  private static byte[] chunk(PatientKeys keys, String patient, long seq, long windowStart, int s)
      throws Exception {
    double t = windowStart / 1000.0 + s + 0.5;
    return ChunkSealer.create(keys.dataKeyset())
        .seal(patient, seq, RrSamples.of(new double[] {t}, new double[] {800 + 7 * (s % 5)}))
        .toBytes();
  }

  private static List<byte[]> chunks(
      PatientKeys keys, String patient, long windowStart, int from, int to) throws Exception {
    List<byte[]> out = new ArrayList<>();
    for (int s = from; s < to; s++) {
      out.add(chunk(keys, patient, s, windowStart, s));
    }
    return out;
  }

  private static WindowOutcome run(String patient, long start, List<byte[]> chunks)
      throws Exception {
    return run(HrvJob.HRV, patient, start, W, chunks);
  }

  private static WindowOutcome run(
      HrvJob job, String patient, long start, long length, List<byte[]> chunks) throws Exception {
    return program
        .process(
            WindowBatch.of("job-1", job, List.of(WindowTask.of(patient, start, length, chunks))))
        .get(0);
  }

  private static String json(WindowOutcome o) throws Exception {
    return EnclaveTesting.openJson(o, p1);
  }

  @Test
  void tamperedChunk_isAuthenticationFailure_andTheWindowStillHasItsOtherChunks() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 10);
    cs.get(3)[cs.get(3).length - 1] ^= 1;
    WindowOutcome o = run("p1", START, cs);
    assertEquals(Map.of(RejectReason.AUTHENTICATION_FAILED, 1), o.rejected());
    assertTrue(json(o).contains("\"n_total\":9,"), json(o));
    assertEquals(1, ResultEnvelope.parseHeader(o.sealedResult()).chunksRejected());
  }

  @Test
  void chunkSealedWithAnotherPatientsKey_isAuthenticationFailure() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 5);
    cs.add(chunk(p2, "p1", 5, START, 5));
    assertEquals(Map.of(RejectReason.AUTHENTICATION_FAILED, 1), run("p1", START, cs).rejected());
  }

  @Test
  void duplicateChunk_isDroppedAndCounted_andChangesNothingElse() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 10);
    List<byte[]> dup = new ArrayList<>(cs);
    dup.add(cs.get(2).clone());
    WindowOutcome plain = run("p1", START, cs);
    WindowOutcome withDup = run("p1", START, dup);
    assertEquals(1, withDup.duplicatesDropped());
    assertEquals(11, withDup.chunksSeen());
    assertEquals(json(plain), json(withDup));
    assertEquals(1, ResultEnvelope.parseHeader(withDup.sealedResult()).duplicatesDropped());
  }

  @Test
  void tamperedCopyBeforeTheGenuineChunk_isRejected_andTheGenuineOneKept() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 10);
    byte[] bad = cs.get(4).clone();
    bad[bad.length - 2] ^= 1;
    List<byte[]> withBadFirst = new ArrayList<>(cs);
    withBadFirst.add(0, bad);
    WindowOutcome o = run("p1", START, withBadFirst);
    assertEquals(Map.of(RejectReason.AUTHENTICATION_FAILED, 1), o.rejected());
    assertEquals(0, o.duplicatesDropped());
    assertEquals(json(run("p1", START, cs)), json(o));
  }

  @Test
  void replayedChunkFromAnEarlierWindow_isOutsideWindow() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START + W, 0, 5);
    cs.add(chunk(p1, "p1", 100, START, 10));
    assertEquals(Map.of(RejectReason.OUTSIDE_WINDOW, 1), run("p1", START + W, cs).rejected());
  }

  @Test
  void crossPatientChunk_isWrongPatient() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 5);
    cs.add(chunk(p2, "p2", 5, START, 5));
    assertEquals(Map.of(RejectReason.WRONG_PATIENT, 1), run("p1", START, cs).rejected());
  }

  @Test
  void garbageBytes_areMalformed() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 5);
    cs.add(new byte[] {'T', 'C', 1, 0});
    cs.add(new byte[0]);
    assertEquals(Map.of(RejectReason.MALFORMED, 2), run("p1", START, cs).rejected());
  }

  @Test
  void authenticChunkWhoseSamplesContradictItsHeader_isInconsistentContent() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 5);
    double t = START / 1000.0 + 20.5;
    ChunkHeader lying =
        ChunkHeader.builder()
            .setPatient("p1")
            .setSequenceNumber(5)
            .setSlot(ChunkSlot.of(START + 10_000, 10_000))
            .setKeyId(p1.dataPrimaryKeyId())
            .build();
    byte[] body = SampleCodec.encode(RrSamples.of(new double[] {t}, new double[] {800}), 37);
    cs.add(ChunkEnvelope.create(lying, p1.dataAead().encrypt(body, lying.toBytes())).toBytes());
    WindowOutcome o = run("p1", START, cs);
    assertEquals(Map.of(RejectReason.INCONSISTENT_CONTENT, 1), o.rejected());
    assertTrue(json(o).contains("\"n_total\":5,"));
  }

  @Test
  void reorderedChunks_giveTheSameResultAsOrdered() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 30);
    List<byte[]> shuffled = new ArrayList<>(cs);
    Collections.shuffle(shuffled, new java.util.Random(7));
    Collections.swap(shuffled, 0, shuffled.size() - 1);
    WindowOutcome a = run("p1", START, cs);
    WindowOutcome b = run("p1", START, shuffled);
    assertEquals(json(a), json(b));
    assertArrayEquals(
        ResultEnvelope.parseHeader(a.sealedResult()).toBytes(),
        ResultEnvelope.parseHeader(b.sealedResult()).toBytes());
  }

  @Test
  void missingSequenceNumbers_areCountedAsGaps_andTheHeaderNamesTheRangeCovered() throws Exception {
    List<byte[]> first = chunks(p1, "p1", START, 0, 10);
    first.remove(5);
    first.remove(4);
    WindowOutcome a = run("p1", START, first);
    assertEquals(2, a.sequenceGaps());
    ResultHeader h = ResultEnvelope.parseHeader(a.sealedResult());
    assertEquals(2, h.sequenceGaps());
    assertEquals(0, h.firstSequence());
    assertEquals(9, h.lastSequence());
  }

  @Test
  void contextChunks_judgeTheWindowsEdgeBeats_butAreNotCounted() throws Exception {
    // The window's first beat (1000 ms) follows three 800s of the previous window's last 30 s.
    List<byte[]> cs = new ArrayList<>();
    double base = START / 1000.0;
    cs.add(beat(p1, "p1", 0, base - 3, 800));
    cs.add(beat(p1, "p1", 1, base - 2, 800));
    cs.add(beat(p1, "p1", 2, base - 1, 800));
    cs.add(beat(p1, "p1", 3, base + 0.5, 1000));
    cs.add(beat(p1, "p1", 4, base + 1.5, 810));
    WindowOutcome withContext = run("p1", START, cs);
    assertTrue(json(withContext).contains("\"n_total\":2,\"n_rejected\":1,"), json(withContext));
    ResultHeader h = ResultEnvelope.parseHeader(withContext.sealedResult());
    assertEquals(3, h.contextChunks());
    assertEquals(0, h.firstSequence());
    assertEquals(4, h.lastSequence());
    // Handed over without the context, 1000 has only 810 as neighbour (+23 %), 810 only 1000.
    WindowOutcome alone = run("p1", START, cs.subList(3, 5));
    assertEquals(0, ResultEnvelope.parseHeader(alone.sealedResult()).contextChunks());
  }

  @Test
  void contextChunkOfAnotherPatient_orTampered_isRejected_notUsed() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 5);
    double before = START / 1000.0 - 10;
    cs.add(beat(p2, "p2", 100, before, 400));
    byte[] tampered = beat(p1, "p1", 101, before + 1, 400);
    tampered[tampered.length - 1] ^= 1;
    cs.add(tampered);
    cs.add(beat(p2, "p1", 102, before + 2, 400)); // p2's key, p1's name
    WindowOutcome o = run("p1", START, cs);
    assertEquals(
        Map.of(RejectReason.WRONG_PATIENT, 1, RejectReason.AUTHENTICATION_FAILED, 2), o.rejected());
    assertEquals(0, ResultEnvelope.parseHeader(o.sealedResult()).contextChunks());
    assertEquals(json(run("p1", START, chunks(p1, "p1", START, 0, 5))), json(o));
  }

  @Test
  void chunkMoreThanThirtySecondsOutsideTheWindow_isOutsideWindow() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 5);
    cs.add(beat(p1, "p1", 50, START / 1000.0 - 30.5, 800));
    cs.add(beat(p1, "p1", 51, (START + W) / 1000.0 + 30.0, 800));
    assertEquals(Map.of(RejectReason.OUTSIDE_WINDOW, 2), run("p1", START, cs).rejected());
  }

  @Test
  void windowResult_dependsOnlyOnItsOwnChunks_soAHostHasNoStateToRollBack() throws Exception {
    // Version 1 carried a sealed cleaning state from window to window, and a host could hand
    // the stateless enclave an older one. Now the same chunks give the same sealed header and
    // body whatever the enclave processed before, in whichever batch and order.
    List<byte[]> earlier = chunks(p1, "p1", START, 0, 20);
    List<byte[]> later = chunks(p1, "p1", START + W, 0, 20);
    WindowOutcome alone = run("p1", START + W, later);
    List<WindowOutcome> both =
        program.process(
            WindowBatch.of(
                "job-1",
                HrvJob.HRV,
                List.of(
                    WindowTask.of("p1", START + W, W, later),
                    WindowTask.of("p1", START, W, earlier))));
    WindowOutcome replayedAfterOlder = run("p1", START + W, later);
    for (WindowOutcome o : List.of(both.get(0), replayedAfterOlder)) {
      assertEquals(json(alone), json(o));
      assertArrayEquals(
          ResultEnvelope.parseHeader(alone.sealedResult()).toBytes(),
          ResultEnvelope.parseHeader(o.sealedResult()).toBytes());
    }
  }

  @Test
  void chunkOfAnUnprovisionedPatient_isNoKey_andNoResultIsSealed() throws Exception {
    PatientKeys p3 = PatientKeys.generate();
    WindowOutcome o = run("p3", START, chunks(p3, "p3", START, 0, 4));
    assertEquals(Map.of(RejectReason.NO_KEY, 4), o.rejected());
    assertFalse(o.hasResult());
  }

  @Test
  void windowWithoutAuthenticBeatsOfItsOwn_getsNoResult() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 2);
    cs.get(0)[cs.get(0).length - 1] ^= 1;
    cs.get(1)[cs.get(1).length - 1] ^= 1;
    cs.add(beat(p1, "p1", 9, START / 1000.0 - 5, 800)); // authentic, but context only
    WindowOutcome o = run("p1", START, cs);
    assertFalse(o.hasResult());
    assertEquals(Map.of(RejectReason.AUTHENTICATION_FAILED, 2), o.rejected());
    assertEquals(1, o.contextChunks());
  }

  @Test
  void straddlingChunk_contributesEachSampleToTheWindowItFallsIn() throws Exception {
    // Only a slot length that does not divide the window makes a slot straddle two windows:
    // 9-s slots are aligned to multiples of 9 s, and START + W is not one.
    double before = (START + W) / 1000.0 - 0.2;
    double after = (START + W) / 1000.0 + 0.3;
    ChunkSlot straddlingSlot = ChunkSlot.containing(before, 9_000);
    assertTrue(straddlingSlot.contains(after), straddlingSlot.toString());
    byte[] straddling =
        ChunkSealer.create(p1.dataKeyset())
            .seal(
                "p1",
                7,
                straddlingSlot,
                RrSamples.of(new double[] {before, after}, new double[] {810, 820}))
            .toBytes();
    WindowOutcome a = run("p1", START, List.of(straddling));
    WindowOutcome b = run("p1", START + W, List.of(straddling));
    assertTrue(json(a).contains("\"n_total\":1,"), json(a));
    assertTrue(json(b).contains("\"n_total\":1,"), json(b));
    assertEquals(0, b.sequenceGaps());
    assertEquals(0, a.contextChunks() + b.contextChunks(), "it holds beats of both windows");
  }

  @Test
  void gaps_countMissingNumbersBetweenTheSmallestAndTheLargest() {
    java.util.TreeMap<Long, RrSamples> seqs = new java.util.TreeMap<>();
    for (long s : new long[] {4, 5, 9}) {
      seqs.put(s, RrSamples.empty());
    }
    assertEquals(3, WindowProcessor.gaps(seqs));
    assertEquals(0, WindowProcessor.gaps(new java.util.TreeMap<>()));
  }

  @Test
  void hostChosenWindowLength_notInThePatientsPolicy_getsNoResult_andIsCountedAsPolicyRefused()
      throws Exception {
    // Issue 10, finding 2: the host picked 60-s windows; p1 agreed to 300-s windows only.
    long sixty = 60_000;
    List<byte[]> cs = chunks(p1, "p1", START, 0, 20);
    WindowOutcome o = run(HrvJob.HRV, "p1", START, sixty, cs);
    assertFalse(o.hasResult());
    assertEquals(Map.of(RejectReason.POLICY_REFUSED, 20), o.rejected());
    assertEquals(20, o.chunksSeen());
    assertTrue(run(HrvJob.HRV, "p1", START, W, cs).hasResult(), "the agreed length still works");
  }

  @Test
  void hostChosenJob_notInThePatientsPolicy_getsNoResult() throws Exception {
    EnclaveProgram sdnnOnly =
        EnclaveProgram.start(
            HostKind.SEALED_INPROCESS,
            InsecureSimulationEvidence.create(dir.resolve("sim.key")),
            ProtocolLimits.defaults(),
            EnclaveTesting.KEY_BROKER.verificationKey());
    byte[] nonce = EnclaveTesting.nonce();
    sdnnOnly.attest(nonce);
    sdnnOnly.installKeys(
        nonce,
        EnclaveTesting.signedRelease(
            sdnnOnly.publicKey(),
            nonce,
            "SIMULATION",
            Map.of("p1", p1),
            AnalysisPolicy.of(List.of("sdnn"), List.of(W))));
    List<byte[]> cs = chunks(p1, "p1", START, 0, 10);
    for (HrvJob job : List.of(HrvJob.HRV, HrvJob.HRV_BANDS, HrvJob.IDENTITY)) {
      WindowOutcome o =
          sdnnOnly
              .process(WindowBatch.of("job-1", job, List.of(WindowTask.of("p1", START, W, cs))))
              .get(0);
      assertFalse(o.hasResult(), job.jobName());
      assertEquals(Map.of(RejectReason.POLICY_REFUSED, 10), o.rejected(), job.jobName());
    }
    assertTrue(
        sdnnOnly
            .process(
                WindowBatch.of("job-1", HrvJob.SDNN, List.of(WindowTask.of("p1", START, W, cs))))
            .get(0)
            .hasResult());
  }

  @Test
  void hostForcedIdentity_isRefused_unlessThePatientsPolicyAllowsIt() throws Exception {
    // Issue 10, finding 10: identity returns every raw sample to the result consumer.
    WindowOutcome refused = run(HrvJob.IDENTITY, "p1", START, W, chunks(p1, "p1", START, 0, 10));
    assertFalse(refused.hasResult());
    assertEquals(Map.of(RejectReason.POLICY_REFUSED, 10), refused.rejected());
    WindowOutcome allowed = run(HrvJob.IDENTITY, "p2", START, W, chunks(p2, "p2", START, 0, 10));
    assertTrue(allowed.hasResult());
    assertEquals("identity", ResultEnvelope.parseHeader(allowed.sealedResult()).algorithm());
  }

  @Test
  void mixedBatch_refusesOnlyTheWindowsThePatientsPoliciesForbid() throws Exception {
    List<WindowOutcome> out =
        program.process(
            WindowBatch.of(
                "job-1",
                HrvJob.IDENTITY,
                List.of(
                    WindowTask.of("p1", START, W, chunks(p1, "p1", START, 0, 5)),
                    WindowTask.of("p2", START, W, chunks(p2, "p2", START, 0, 5)))));
    assertFalse(out.get(0).hasResult());
    assertTrue(out.get(1).hasResult());
  }

  @Test
  void results_carryTheEvidenceKindTheKeyBrokerVerified() throws Exception {
    ResultHeader h =
        ResultEnvelope.parseHeader(run("p1", START, chunks(p1, "p1", START, 0, 5)).sealedResult());
    assertEquals("SIMULATION", h.attestationKind());
    assertEquals("sealed-inprocess", h.hostKind());
  }

  /** One beat at time {@code t} (epoch seconds) in its own chunk. */
  private static byte[] beat(PatientKeys keys, String patient, long seq, double t, double rr)
      throws Exception {
    return ChunkSealer.create(keys.dataKeyset())
        .seal(patient, seq, RrSamples.of(new double[] {t}, new double[] {rr}))
        .toBytes();
  }
}
