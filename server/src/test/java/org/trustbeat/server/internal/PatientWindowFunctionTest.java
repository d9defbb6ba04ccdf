package org.trustbeat.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.Optional;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.TestGroupState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.HrvJson;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.ResultOpener;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.server.HostSpec;
import org.trustbeat.server.RecordingHostFactory;
import org.trustbeat.server.TestKeys;

class PatientWindowFunctionTest {
  private static final String PATIENT = "p-unit";
  private static final long W = 60_000;
  /** A multiple of W. */
  private static final long T0 = 1_700_000_100_000L;
  /** The context on each side of a window. */
  private static final long C = WindowTask.CONTEXT_MILLIS;

  @TempDir static Path tmp;
  private static TestKeys keys;
  private static HostSpec spec;
  private static ChunkSealer sealer;
  private static ChunkExploder exploder;

  private final List<double[]> sealedBeats = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    keys = new TestKeys();
    sealer = ChunkSealer.create(keys.add(PATIENT).dataKeyset());
    spec =
        HostSpec.builder()
            .setKind(HostKind.SEALED_INPROCESS)
            .setJobId("unit-job")
            .setJob(HrvJob.SDNN)
            .setHostFactory(new RecordingHostFactory(tmp.resolve("simulation.key")))
            .setProvisioner(keys)
            .build();
    exploder = new ChunkExploder(W, tmp.resolve("landing"), false);
  }

  @AfterAll
  static void tearDown() {
    HostRegistry.shared().close(spec);
  }

  @BeforeEach
  void resetRecording() {
    RecordingHostFactory.reset();
  }

  /**
   * Ten beats from {@code T0 + offsetSeconds}, 0.45 s apart, sealed with sequence number seq in
   * their 10-s slot: every offset used here leaves them in one slot.
   */
  private byte[] chunk(long seq, double offsetSeconds) throws Exception {
    RrSamples.Builder b = RrSamples.builder();
    for (int i = 0; i < 10; i++) {
      double t = T0 / 1000.0 + offsetSeconds + 0.45 * i;
      double rr = 780 + 7 * ((seq * 10 + i) % 9);
      b.add(t, rr);
      sealedBeats.add(new double[] {t, rr});
    }
    return sealer.seal(PATIENT, seq, b.build()).toBytes();
  }

  private static List<WindowedChunk> rows(byte[]... envelopes) throws Exception {
    List<WindowedChunk> out = new ArrayList<>();
    exploder.call(LandingFileFormat.encode(Arrays.asList(envelopes))).forEachRemaining(out::add);
    return out;
  }

  private static TestGroupState<PatientState> state(PatientState s, long watermark, boolean timedOut) {
    return TestGroupState.create(
        s == null ? Optional.empty() : Optional.of(s),
        GroupStateTimeout.EventTimeTimeout(),
        0L,
        Optional.of((Object) watermark),
        timedOut);
  }

  private static List<WindowRow> call(List<WindowedChunk> rows, TestGroupState<PatientState> gs)
      throws Exception {
    Iterator<WindowRow> it = new PatientWindowFunction(spec, W).call(PATIENT, rows.iterator(), gs);
    List<WindowRow> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void windowClosesOnlyOnceTheWatermarkReachesItsEndPlusItsContext() throws Exception {
    TestGroupState<PatientState> gs = state(null, T0 + W + C - 1, false);
    List<WindowRow> out = call(rows(chunk(0, 0), chunk(1, 70)), gs);

    // The window before T0 held only context (the first chunk's 30 s): it closed without a call.
    assertTrue(out.isEmpty());
    assertTrue(RecordingHostFactory.calls().isEmpty());
    assertEquals(List.of(T0, T0 + W), List.copyOf(gs.get().openWindows().keySet()));
    assertEquals(T0 + W + C - 1, (long) gs.getTimeoutTimestampMs().get());

    TestGroupState<PatientState> later = state(gs.get(), T0 + W + C, true);
    out = call(List.of(), later);

    assertEquals(1, out.size());
    assertEquals(T0, out.get(0).getWindowStartMillis());
    assertTrue(out.get(0).hasResult());
    assertEquals(1, RecordingHostFactory.calls().size());
    assertEquals(2, RecordingHostFactory.calls().get(0).tasks().get(0).chunks().size(),
        "its own chunk and the next window's first chunk as context");
    assertEquals(List.of(T0 + W), List.copyOf(later.get().openWindows().keySet()));
    assertEquals(T0 + 2 * W + C - 1, (long) later.getTimeoutTimestampMs().get());
  }

  @Test
  void closedWindowsGoToTheEnclaveInOneCall_inOrder_withTheirContext() throws Exception {
    List<WindowedChunk> in = rows(chunk(3, 125), chunk(2, 121), chunk(1, 61), chunk(0, 1));
    TestGroupState<PatientState> gs = state(null, T0 + 2 * W + C, false);
    List<WindowRow> out = call(in, gs);

    assertEquals(1, RecordingHostFactory.calls().size());
    WindowBatch batch = RecordingHostFactory.calls().get(0);
    assertEquals(List.of(T0, T0 + W), batch.tasks().stream().map(WindowTask::windowStartMillis).toList());
    assertEquals(2, batch.tasks().get(0).chunks().size(), "own chunk + the one at 61 s as context");
    assertEquals(3, batch.tasks().get(1).chunks().size(), "own chunk + two at 121/125 s as context");
    assertEquals(List.of(T0, T0 + W), out.stream().map(WindowRow::getWindowStartMillis).toList());
    assertEquals(T0 + 2 * W, gs.get().closedUpToMillis());

    TestGroupState<PatientState> later = state(gs.get(), T0 + 3 * W + C, true);
    List<WindowRow> last = call(List.of(), later);

    WindowBatch second = RecordingHostFactory.calls().get(1);
    assertEquals(1, second.tasks().size());
    assertEquals(T0 + 2 * W, last.get(0).getWindowStartMillis());

    // Each window, analysed from its chunks and its context alone, is the whole-stream analysis.
    List<WindowRow> all = new ArrayList<>(out);
    all.addAll(last);
    List<String> expected = expectedSdnnJson();
    assertEquals(3, expected.size());
    for (int i = 0; i < 3; i++) {
      byte[] body = ResultOpener.create().open(all.get(i).getSealedResult(), keys.keys(PATIENT).resultAead());
      assertEquals(expected.get(i), new String(body, StandardCharsets.UTF_8));
    }
  }

  private List<String> expectedSdnnJson() {
    List<double[]> beats = new ArrayList<>(sealedBeats);
    beats.sort((a, b) -> Double.compare(a[0], b[0]));
    double[] t = beats.stream().mapToDouble(b -> b[0]).toArray();
    double[] rr = beats.stream().mapToDouble(b -> b[1]).toArray();
    return HrvAnalyzer.windows(BeatSeries.of(t, rr), W / 1000.0, HrvJob.SDNN).stream()
        .map(HrvJson::toJson)
        .toList();
  }

  @Test
  void chunkForAClosedWindow_isCountedLateAndDropped() throws Exception {
    TestGroupState<PatientState> gs = state(null, T0 + W + C, false);
    call(rows(chunk(0, 0), chunk(1, 65)), gs);
    assertEquals(1, RecordingHostFactory.calls().size());

    TestGroupState<PatientState> late = state(gs.get(), T0 + W + C, false);
    List<WindowRow> out = call(rows(chunk(2, 20)), late);

    assertEquals(1, out.size());
    assertEquals(1, out.get(0).getLateChunks());
    assertFalse(out.get(0).hasResult());
    assertEquals(1, RecordingHostFactory.calls().size());
    assertEquals(1, late.get().openWindows().get(T0 + W).size());
  }

  @Test
  void identicalDuplicate_isDroppedBeforeTheEnclave() throws Exception {
    byte[] c = chunk(0, 0);
    TestGroupState<PatientState> gs = state(null, T0, false);
    List<WindowRow> first = call(rows(c, c), gs);
    TestGroupState<PatientState> again = state(gs.get(), T0 + W + C, false);
    List<WindowRow> out = call(rows(c, chunk(1, 10)), again);

    assertEquals(1, first.get(0).getHostDuplicatesDropped());
    assertEquals(1, out.get(0).getHostDuplicatesDropped());
    assertEquals(2, RecordingHostFactory.calls().get(0).tasks().get(0).chunks().size());
    assertEquals(2, out.get(0).getChunksSeen());
    assertEquals(0, out.get(0).getDuplicatesDropped());
  }

  @Test
  void stateHoldsOnlyTheEnvelopes() throws Exception {
    byte[] a = chunk(0, 0);
    byte[] b = chunk(1, 70);
    TestGroupState<PatientState> gs = state(null, T0 + W + C, false);
    call(rows(a, b), gs);
    PatientState s = gs.get();

    assertEquals(1, s.openWindows().size());
    assertArrayEquals(b, s.openWindows().get(T0 + W).get(0));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    byte[] serialized = bytes.toByteArray();
    for (double[] beat : sealedBeats) {
      for (double v : beat) {
        byte[] needle = ByteBuffer.allocate(8).putDouble(v).array();
        assertFalse(contains(serialized, needle), "a sample value is in the Spark state");
      }
    }
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
