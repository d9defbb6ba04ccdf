package org.trustbeat.enclave.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.enclave.CarryRefusedException;
import org.trustbeat.enclave.EnclaveTesting;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkHeader;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.KeyRelease;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.protocol.ResultEnvelope;
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
    program = EnclaveProgram.start(HostKind.SEALED_INPROCESS,
        InsecureSimulationEvidence.create(dir.resolve("sim.key")), ProtocolLimits.defaults());
    byte[] nonce = EnclaveTesting.nonce();
    program.installKeys(nonce, KeyRelease.seal(program.publicKey(), nonce, Map.of("p1", p1, "p2", p2)));
  }

  /** One beat per second at window second {@code s}, with RR values that vary but all pass cleaning. */
  private static byte[] chunk(PatientKeys keys, String patient, long seq, long windowStart, int s)
      throws Exception {
    double t = windowStart / 1000.0 + s + 0.5;
    return ChunkSealer.create(keys.dataKeyset())
        .seal(patient, seq, RrSamples.of(new double[] {t}, new double[] {800 + 7 * (s % 5)}))
        .toBytes();
  }

  private static List<byte[]> chunks(PatientKeys keys, String patient, long windowStart, int from, int to)
      throws Exception {
    List<byte[]> out = new ArrayList<>();
    for (int s = from; s < to; s++) {
      out.add(chunk(keys, patient, s, windowStart, s));
    }
    return out;
  }

  private static WindowOutcome run(String patient, long start, List<byte[]> chunks, byte[] carry)
      throws Exception {
    return program.process(WindowBatch.of("job-1", HrvJob.HRV,
        List.of(WindowTask.of(patient, start, W, chunks, carry)))).get(0);
  }

  private static String json(WindowOutcome o) throws Exception {
    return EnclaveTesting.openJson(o, p1);
  }

  @Test
  void tamperedChunk_isAuthenticationFailure_andTheWindowStillHasItsOtherChunks() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 10);
    cs.get(3)[cs.get(3).length - 1] ^= 1;
    WindowOutcome o = run("p1", START, cs, null);
    assertEquals(Map.of(RejectReason.AUTHENTICATION_FAILED, 1), o.rejected());
    assertTrue(json(o).contains("\"n_total\":9,"), json(o));
    assertEquals(1, ResultEnvelope.parseHeader(o.sealedResult()).chunksRejected());
  }

  @Test
  void chunkSealedWithAnotherPatientsKey_isAuthenticationFailure() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 5);
    cs.add(chunk(p2, "p1", 5, START, 5));
    assertEquals(Map.of(RejectReason.AUTHENTICATION_FAILED, 1), run("p1", START, cs, null).rejected());
  }

  @Test
  void duplicateChunk_isDroppedAndCounted_andChangesNothingElse() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 10);
    List<byte[]> dup = new ArrayList<>(cs);
    dup.add(cs.get(2).clone());
    WindowOutcome plain = run("p1", START, cs, null);
    WindowOutcome withDup = run("p1", START, dup, null);
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
    WindowOutcome o = run("p1", START, withBadFirst, null);
    assertEquals(Map.of(RejectReason.AUTHENTICATION_FAILED, 1), o.rejected());
    assertEquals(0, o.duplicatesDropped());
    assertEquals(json(run("p1", START, cs, null)), json(o));
  }

  @Test
  void replayedChunkFromAnEarlierWindow_isOutsideWindow() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START + W, 0, 5);
    cs.add(chunk(p1, "p1", 100, START, 10));
    assertEquals(Map.of(RejectReason.OUTSIDE_WINDOW, 1), run("p1", START + W, cs, null).rejected());
  }

  @Test
  void crossPatientChunk_isWrongPatient() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 5);
    cs.add(chunk(p2, "p2", 5, START, 5));
    assertEquals(Map.of(RejectReason.WRONG_PATIENT, 1), run("p1", START, cs, null).rejected());
  }

  @Test
  void garbageBytes_areMalformed() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 5);
    cs.add(new byte[] {'T', 'C', 1, 0});
    cs.add(new byte[0]);
    assertEquals(Map.of(RejectReason.MALFORMED, 2), run("p1", START, cs, null).rejected());
  }

  @Test
  void authenticChunkWhoseSamplesContradictItsHeader_isInconsistentContent() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 5);
    double t = START / 1000.0 + 20.5;
    ChunkHeader lying = ChunkHeader.builder().setPatient("p1").setSequenceNumber(5)
        .setTimeRange(START + 1000, START + 2000).setKeyId(p1.dataPrimaryKeyId()).build();
    byte[] body = SampleCodec.encode(RrSamples.of(new double[] {t}, new double[] {800}));
    cs.add(ChunkEnvelope.create(lying, p1.dataAead().encrypt(body, lying.toBytes())).toBytes());
    WindowOutcome o = run("p1", START, cs, null);
    assertEquals(Map.of(RejectReason.INCONSISTENT_CONTENT, 1), o.rejected());
    assertTrue(json(o).contains("\"n_total\":5,"));
  }

  @Test
  void reorderedChunks_giveTheSameResultAsOrdered() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 30);
    List<byte[]> shuffled = new ArrayList<>(cs);
    Collections.shuffle(shuffled, new java.util.Random(7));
    Collections.swap(shuffled, 0, shuffled.size() - 1);
    WindowOutcome a = run("p1", START, cs, null);
    WindowOutcome b = run("p1", START, shuffled, null);
    assertEquals(json(a), json(b));
    assertArrayEquals(
        ResultEnvelope.parseHeader(a.sealedResult()).toBytes(),
        ResultEnvelope.parseHeader(b.sealedResult()).toBytes());
  }

  @Test
  void missingSequenceNumbers_areCountedAsGaps_withinAndAcrossWindows() throws Exception {
    List<byte[]> first = chunks(p1, "p1", START, 0, 10);
    first.remove(5);
    first.remove(4);
    WindowOutcome a = run("p1", START, first, null);
    assertEquals(2, a.sequenceGaps());
    assertEquals(2, ResultEnvelope.parseHeader(a.sealedResult()).sequenceGaps());
    // Next window starts at seq 13: 10, 11 and 12 are missing across the boundary.
    List<byte[]> second = new ArrayList<>();
    for (int s = 3; s < 8; s++) {
      second.add(chunk(p1, "p1", 10 + s, START + W, s));
    }
    assertEquals(3, run("p1", START + W, second, a.carry()).sequenceGaps());
    assertEquals(0, run("p1", START + W, second, null).sequenceGaps());
  }

  @Test
  void chunkOfAnUnprovisionedPatient_isNoKey_andTheCarryComesBackForAResubmission() throws Exception {
    PatientKeys p3 = PatientKeys.generate();
    List<byte[]> cs = chunks(p3, "p3", START, 0, 4);
    byte[] someCarry = {1, 2, 3};
    WindowOutcome o = run("p3", START, cs, someCarry);
    assertEquals(Map.of(RejectReason.NO_KEY, 4), o.rejected());
    assertFalse(o.hasResult());
    assertArrayEquals(someCarry, o.carry());
  }

  @Test
  void windowWithoutValidChunks_yieldsTheEmptyWindowObject() throws Exception {
    List<byte[]> cs = chunks(p1, "p1", START, 0, 2);
    cs.get(0)[cs.get(0).length - 1] ^= 1;
    cs.get(1)[cs.get(1).length - 1] ^= 1;
    WindowOutcome o = run("p1", START, cs, null);
    assertEquals("{\"window_start\":" + START / 1000 + ",\"n_total\":0,\"n_rejected\":0,\"n_nn\":0}", json(o));
    assertTrue(o.hasResult());
  }

  @Test
  void straddlingChunk_contributesEachSampleToTheWindowItFallsIn() throws Exception {
    double before = (START + W) / 1000.0 - 0.2;
    double after = (START + W) / 1000.0 + 0.3;
    byte[] straddling = ChunkSealer.create(p1.dataKeyset())
        .seal("p1", 7, RrSamples.of(new double[] {before, after}, new double[] {810, 820})).toBytes();
    WindowOutcome a = run("p1", START, List.of(straddling), null);
    WindowOutcome b = run("p1", START + W, List.of(straddling), a.carry());
    assertTrue(json(a).contains("\"n_total\":1,"), json(a));
    assertTrue(json(b).contains("\"n_total\":1,"), json(b));
    assertEquals(0, b.sequenceGaps());
  }

  @Test
  void carryOfAnotherPatient_isRefused() throws Exception {
    WindowOutcome other = program.process(WindowBatch.of("job-1", HrvJob.HRV,
        List.of(WindowTask.of("p2", START, W, chunks(p2, "p2", START, 0, 3), null)))).get(0);
    CarryRefusedException e = assertThrows(CarryRefusedException.class,
        () -> run("p1", START + W, chunks(p1, "p1", START + W, 0, 3), other.carry()));
    assertEquals(0, e.taskIndex());
    assertTrue(e.getMessage().contains("patient p1"), e.getMessage());
  }

  @Test
  void carryOfAnotherJob_isRefused() throws Exception {
    WindowOutcome a = run("p1", START, chunks(p1, "p1", START, 0, 3), null);
    assertThrows(CarryRefusedException.class, () -> program.process(WindowBatch.of("job-2", HrvJob.HRV,
        List.of(WindowTask.of("p1", START + W, W, chunks(p1, "p1", START + W, 0, 3), a.carry())))));
  }

  @Test
  void carryOfALaterWindow_isRefused() throws Exception {
    WindowOutcome later = run("p1", START + W, chunks(p1, "p1", START + W, 0, 3), null);
    CarryRefusedException e = assertThrows(CarryRefusedException.class,
        () -> run("p1", START, chunks(p1, "p1", START, 0, 3), later.carry()));
    assertTrue(e.getMessage().contains("later window"), e.getMessage());
  }

  @Test
  void alteredCarry_isRefused() throws Exception {
    byte[] carry = run("p1", START, chunks(p1, "p1", START, 0, 3), null).carry();
    carry[carry.length - 1] ^= 1;
    assertThrows(CarryRefusedException.class,
        () -> run("p1", START + W, chunks(p1, "p1", START + W, 0, 3), carry));
  }

  @Test
  void batchWithAPatientsWindowsOutOfOrder_isRefusedNamingTheTask() throws Exception {
    WindowBatch batch = WindowBatch.of("job-1", HrvJob.HRV, List.of(
        WindowTask.of("p1", START + W, W, chunks(p1, "p1", START + W, 0, 3), null),
        WindowTask.of("p1", START, W, chunks(p1, "p1", START, 0, 3), null)));
    assertEquals(1, assertThrows(CarryRefusedException.class, () -> program.process(batch)).taskIndex());
  }

  @Test
  void carryHoldsNoClearSample() throws Exception {
    byte[] carry = run("p1", START, chunks(p1, "p1", START, 0, 3), null).carry();
    assertNull(Carry.decode(carry), "a sealed carry must not parse as a clear one");
  }

  @Test
  void gaps_countOnlyNumbersAfterTheCarriedOne() {
    java.util.TreeMap<Long, RrSamples> seqs = new java.util.TreeMap<>();
    for (long s : new long[] {4, 5, 9}) {
      seqs.put(s, RrSamples.empty());
    }
    assertEquals(3, WindowProcessor.gaps(seqs, -1));
    assertEquals(3, WindowProcessor.gaps(seqs, 5));
    assertEquals(5, WindowProcessor.gaps(seqs, 1));
    assertEquals(0, WindowProcessor.gaps(seqs, 9));
    assertEquals(0, WindowProcessor.gaps(new java.util.TreeMap<>(), 3));
  }
}
