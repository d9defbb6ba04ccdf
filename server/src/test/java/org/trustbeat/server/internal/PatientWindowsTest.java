package org.trustbeat.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
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
import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.ResultOpener;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.server.CloseSchedule;
import org.trustbeat.server.HostSpec;
import org.trustbeat.server.RecordingHostFactory;
import org.trustbeat.server.TestKeys;
import org.trustbeat.testing.LeakScanner;

/**
 * The grouped stage's logic without Spark: {@link PatientWindows} over an in-memory {@link
 * PatientBuffer} whose timers fire, in time order, once the test's watermark reaches them (as
 * Spark's event-time timers do), followed by the {@link EnclaveStage}.
 */
class PatientWindowsTest {
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
  private final MemoryBuffer state = new MemoryBuffer();
  private final PatientWindows windows = new PatientWindows(new CloseSchedule(W, 0));

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

  /** An in-memory patient state: the buffer, the progress, and the registered timers. */
  static final class MemoryBuffer implements PatientBuffer {
    PatientProgress progress;
    final List<BufferedChunk> chunks = new ArrayList<>();
    final TreeSet<Long> timers = new TreeSet<>();
    int appends;
    int rewrites;
    int reads;

    @Override
    public PatientProgress progress() {
      return progress == null ? new PatientProgress() : progress;
    }

    @Override
    public void saveProgress(PatientProgress p) {
      progress = p;
    }

    @Override
    public Iterator<BufferedChunk> chunks() {
      reads++;
      return new ArrayList<>(chunks).iterator();
    }

    @Override
    public void append(List<BufferedChunk> added) {
      appends++;
      chunks.addAll(added);
    }

    @Override
    public void replace(List<BufferedChunk> kept) {
      rewrites++;
      chunks.clear();
      chunks.addAll(kept);
    }

    @Override
    public void registerTimer(long eventTimeMillis) {
      timers.add(eventTimeMillis);
    }
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

  private static List<ChunkRow> rows(byte[]... envelopes) throws Exception {
    List<ChunkRow> out = new ArrayList<>();
    exploder.call(LandingFileFormat.encode(Arrays.asList(envelopes))).forEachRemaining(out::add);
    return out;
  }

  /** One micro-batch: the input, then every timer the watermark has reached, in time order. */
  private List<ClosingWindow> batch(List<ChunkRow> input, long watermark) {
    List<ClosingWindow> out = new ArrayList<>();
    if (!input.isEmpty()) {
      out.addAll(windows.onChunks(PATIENT, input.iterator(), state));
    }
    while (!state.timers.isEmpty() && state.timers.first() <= watermark) {
      out.addAll(windows.onTimer(PATIENT, state.timers.pollFirst(), watermark, state));
    }
    return out;
  }

  private static List<WindowRow> enclave(List<ClosingWindow> closing) throws Exception {
    List<WindowRow> out = new ArrayList<>();
    new EnclaveStage(spec, W).call(closing.iterator()).forEachRemaining(out::add);
    return out;
  }

  private static List<Long> starts(List<ClosingWindow> rows) {
    return rows.stream()
        .filter(ClosingWindow::isWindow)
        .map(ClosingWindow::getWindowStartMillis)
        .toList();
  }

  @Test
  void windowClosesOnlyOnceTheWatermarkReachesItsEndPlusItsContext() throws Exception {
    List<ClosingWindow> out = batch(rows(chunk(0, 0), chunk(1, 70)), T0 + W + C - 1);

    // The window before T0 held only the first chunk as context: due at T0 + 30 s, it closed
    // without output. T0 is not due until T0 + W + 30 s.
    assertTrue(out.isEmpty());
    assertEquals(
        List.of(T0, T0 + W), Arrays.stream(state.progress.getOpenWindows()).boxed().toList());
    assertEquals(T0, state.progress.getClosedUpToMillis());

    out = batch(List.of(), T0 + W + C);

    // T0 closed with its context.
    assertEquals(List.of(T0), starts(out));
    assertEquals(
        2,
        out.get(0).getEnvelopes().size(),
        "its own chunk and the next window's first as context");
    assertEquals(List.of(T0 + W), Arrays.stream(state.progress.getOpenWindows()).boxed().toList());
    assertEquals(T0 + 2 * W + C, (long) state.timers.first());
  }

  @Test
  void windowWithOnlyContext_closesWithoutReadingTheBuffer() throws Exception {
    // The window before T0 holds the chunk at T0 as context only; it is due at T0 + 30 s.
    List<ClosingWindow> out = batch(rows(chunk(0, 0), chunk(1, 70)), T0 + C);

    assertTrue(out.isEmpty());
    assertEquals(0, state.reads, "no result to make, so no read");
    assertEquals(0, state.rewrites);
    assertEquals(2, state.chunks.size());
    assertEquals(T0, state.progress.getClosedUpToMillis());
    assertEquals(
        List.of(T0, T0 + W), Arrays.stream(state.progress.getOwnWindows()).boxed().toList());

    out = batch(List.of(), T0 + W + C);
    assertEquals(List.of(T0), starts(out));
    assertEquals(1, state.reads);
    assertEquals(2, out.get(0).getEnvelopes().size());
  }

  @Test
  void lastWindowWithOnlyContext_clearsTheBufferUnread() throws Exception {
    // At 55 s: own in T0, context for T0 + W, which no chunk of its own ever reaches.
    List<ClosingWindow> out = batch(rows(chunk(0, 55)), T0 + W + C);
    assertEquals(List.of(T0), starts(out));
    assertEquals(1, state.reads);
    assertEquals(1, state.chunks.size(), "kept as context for T0 + W");

    out = batch(List.of(), T0 + 2 * W + C);
    assertTrue(out.isEmpty());
    assertEquals(1, state.reads, "closing T0 + W read nothing");
    assertTrue(state.chunks.isEmpty(), "no open window is left, so nothing is kept");
    assertEquals(0, state.progress.getOpenWindows().length);
    assertEquals(0, state.progress.getOwnWindows().length);
  }

  @Test
  void closedWindowsOfAPartitionGoToTheEnclaveInOneCall_andEqualTheWholeStreamAnalysis()
      throws Exception {
    List<ClosingWindow> out =
        batch(rows(chunk(3, 125), chunk(2, 121), chunk(1, 61), chunk(0, 1)), T0 + 2 * W + C);
    assertEquals(List.of(T0, T0 + W), starts(out));
    assertEquals(2, out.get(0).getEnvelopes().size(), "own chunk + the one at 61 s as context");
    assertEquals(3, out.get(1).getEnvelopes().size(), "own chunk + two at 121/125 s as context");
    assertEquals(T0 + 2 * W, state.progress.getClosedUpToMillis());

    List<ClosingWindow> last = batch(List.of(), T0 + 3 * W + C);
    List<ClosingWindow> all = new ArrayList<>(out);
    all.addAll(last);
    List<WindowRow> results = enclave(all);

    assertEquals(1, RecordingHostFactory.calls().size(), "one crossing for all three windows");
    WindowBatch call = RecordingHostFactory.calls().get(0);
    assertEquals(
        List.of(T0, T0 + W, T0 + 2 * W),
        call.tasks().stream().map(WindowTask::windowStartMillis).toList());
    List<String> expected = expectedSdnnJson();
    assertEquals(3, expected.size());
    for (int i = 0; i < 3; i++) {
      byte[] body =
          ResultOpener.create()
              .open(results.get(i).getSealedResult(), keys.keys(PATIENT).resultAead());
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
  void slotSpanningAWindowEdge_isOwnInBoth_andStoredOnce() throws Exception {
    // 9-s slots are aligned to multiples of 9 s, so this one spans the window edge at T0 + W.
    ChunkSlot slot = ChunkSlot.containing(T0 / 1000.0 + W / 1000.0 - 2, 9_000);
    assertTrue(slot.startMillis() < T0 + W && slot.endMillis() > T0 + W, slot.toString());
    byte[] c =
        sealer
            .seal(
                PATIENT,
                0,
                slot,
                RrSamples.of(
                    new double[] {T0 / 1000.0 + 58, T0 / 1000.0 + 62}, new double[] {800, 800}))
            .toBytes();
    List<ClosingWindow> out = batch(rows(c), T0 + 3 * W);

    assertEquals(1, state.appends);
    assertEquals(List.of(T0, T0 + W), starts(out), "own in both windows: both get a result");
    assertTrue(state.chunks.isEmpty(), "no open window needs it any more");
  }

  @Test
  void chunkForAClosedWindow_isCountedLate_andKeptOnlyIfALaterWindowNeedsIt() throws Exception {
    batch(rows(chunk(0, 0), chunk(1, 65)), T0 + W + C);
    assertEquals(T0 + W, state.progress.getClosedUpToMillis());

    // At 20 s: its own window closed; it serves no open window (the next starts 40 s after it).
    List<ClosingWindow> out = batch(rows(chunk(2, 20)), T0 + W + C);
    assertEquals(1, out.size());
    assertFalse(out.get(0).isWindow());
    assertEquals(1, out.get(0).getLateChunks());
    assertEquals(1, state.chunks.size(), "only the chunk at 65 s is buffered");

    // At 45 s: late for its own window, but context for the open one at T0 + W.
    out = batch(rows(chunk(3, 45)), T0 + W + C);
    assertEquals(1, out.get(0).getLateChunks());
    assertEquals(2, state.chunks.size());
  }

  @Test
  void identicalDuplicates_areDroppedAtTheClose_andCounted() throws Exception {
    byte[] c = chunk(0, 0);
    batch(rows(c, c), T0);
    List<ClosingWindow> out = batch(rows(c, chunk(1, 10)), T0 + W + C);

    assertEquals(List.of(T0), starts(out));
    assertEquals(2, out.get(0).getHostDuplicatesDropped());
    assertEquals(2, out.get(0).getEnvelopes().size());
    List<WindowRow> r = enclave(out);
    assertEquals(2, r.get(0).getChunksSeen());
    assertEquals(2, r.get(0).getHostDuplicatesDropped());
  }

  @Test
  void differentChunksOfTheSameSlot_areBothHandedOn_notTakenForCopies() throws Exception {
    // Same slot, different sequence number and beats: a resend of other data, not a copy; the
    // enclave judges it (only byte-identical envelopes are dropped by the host).
    byte[] a = chunk(0, 0);
    byte[] b = chunk(1, 0.1);
    List<ClosingWindow> out = batch(rows(a, b, a), T0 + W + C);

    assertEquals(List.of(T0), starts(out));
    assertEquals(1, out.get(0).getHostDuplicatesDropped());
    assertEquals(2, out.get(0).getEnvelopes().size());
  }

  @Test
  void manyWindowsDueInOneBatch_closeInOnePassOverTheBuffer_inOrder() throws Exception {
    List<ChunkRow> in = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      in.addAll(rows(chunk(i, 10 * i)));
    }
    List<ClosingWindow> out = batch(in, T0 + 6 * W + C);

    assertEquals(List.of(T0, T0 + W, T0 + 2 * W, T0 + 3 * W, T0 + 4 * W), starts(out));
    assertEquals(1, state.rewrites, "one rewrite of the buffer for all five windows");
    assertEquals(
        T0 + 6 * W, state.progress.getClosedUpToMillis(), "the context-only window after them too");
  }

  @Test
  void aNewChunkCostsOneAppend_andTheBufferIsRewrittenOnlyWhenAWindowCloses() throws Exception {
    for (int i = 0; i < 5; i++) {
      batch(rows(chunk(i, 10 * i)), T0 + 10_000L * i - 30_000);
    }
    assertEquals(5, state.appends);
    assertEquals(0, state.rewrites);
    batch(List.of(), T0 + W + C);
    assertEquals(1, state.rewrites);
  }

  @Test
  void closeSpread_movesEachPatientsCloseByAFixedOffset_notTheWindow() {
    CloseSchedule s = new CloseSchedule(300_000, 60_000);
    TreeSet<Long> offsets = new TreeSet<>();
    for (int i = 0; i < 1000; i++) {
      long o = s.offsetOf("patient-" + i);
      assertTrue(o >= 0 && o < 60_000, "offset " + o);
      offsets.add(o / 6_000);
      assertEquals(
          300_000L * 7,
          s.windowClosingAt("patient-" + i, s.closesAt("patient-" + i, 300_000L * 7)));
    }
    assertEquals(10, offsets.size(), "1000 patients fill every tenth of the spread");
    assertEquals(
        s.offsetOf("p-1"),
        new CloseSchedule(300_000, 60_000).offsetOf("p-1"),
        "stable across instances");
    assertEquals(0, new CloseSchedule(300_000, 0).offsetOf("p-1"));
  }

  @Test
  void stateHoldsOnlyTheEnvelopesAndWindowTimes() throws Exception {
    byte[] a = chunk(0, 0);
    byte[] b = chunk(1, 70);
    batch(rows(a, b), T0 + W + C);

    assertEquals(1, state.chunks.size());
    assertEquals(ByteBuffer.wrap(b), ByteBuffer.wrap(state.chunks.get(0).getEnvelope()));
    for (double[] beat : sealedBeats) {
      for (double v : beat) {
        byte[] needle = ByteBuffer.allocate(8).putDouble(v).array();
        for (BufferedChunk c : state.chunks) {
          assertFalse(
              LeakScanner.contains(c.getEnvelope(), needle),
              "a sample value is in the Spark state");
        }
      }
    }
  }
}
