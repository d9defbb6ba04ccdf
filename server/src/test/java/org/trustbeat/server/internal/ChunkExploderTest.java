package org.trustbeat.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.server.LandingStore;

class ChunkExploderTest {
  private static final long W = 300_000;
  private static final double T0 = 1_700_000_100.0;

  @TempDir Path tmp;

  /** Beats at {@code times}, all in one 10-s slot (the gateway's default). */
  private static byte[] chunk(double... times) throws Exception {
    return chunkIn(ChunkSlot.containing(times[0], 10_000), times);
  }

  private static byte[] chunkIn(ChunkSlot slot, double... times) throws Exception {
    double[] rr = new double[times.length];
    Arrays.fill(rr, 800);
    return ChunkSealer.create(PatientKeys.generate().dataKeyset())
        .seal("p1", 4, slot, RrSamples.of(times, rr))
        .toBytes();
  }

  private List<WindowedChunk> explode(byte[] file) throws Exception {
    List<WindowedChunk> out = new ArrayList<>();
    new ChunkExploder(W, tmp, false).call(file).forEachRemaining(out::add);
    return out;
  }

  @Test
  void slotSpanningAWindowEdge_goesToBothWindowsAsItsOwn_withItsEventTimeClippedIntoEach()
      throws Exception {
    // Only a slot length that does not divide the window spans an edge: 9-s slots are aligned to
    // multiples of 9 s, and this window edge is 3 s past one, so the slot is [edge - 3, edge + 6).
    ChunkSlot slot = ChunkSlot.containing(T0 + 298, 9_000);
    long start = (long) (T0 * 1000);
    assertEquals(start + W - 3_000, slot.startMillis());
    byte[] c = chunkIn(slot, T0 + 298, T0 + 302);
    List<WindowedChunk> rows = explode(LandingFileFormat.encode(List.of(c)));

    assertEquals(2, rows.size());
    assertEquals(start, rows.get(0).getWindowStartMillis());
    assertTrue(rows.get(0).isOwn());
    assertEquals(start + W + 5_999, rows.get(0).getEventTime().getTime(),
        "the slot's last ms, within the window's context");
    assertEquals(slot.startMillis(), rows.get(0).getStartMillis());
    assertEquals(slot.endMillis(), rows.get(0).getEndMillis());
    assertEquals(start + W, rows.get(1).getWindowStartMillis());
    assertTrue(rows.get(1).isOwn());
    assertEquals(start + W + 5_999, rows.get(1).getEventTime().getTime());
    assertEquals("p1", rows.get(1).getPatient());
    assertEquals(4, rows.get(1).getSequenceNumber());
  }

  @Test
  void chunkWithinThirtySecondsOfAWindow_isAlsoItsContext() throws Exception {
    long start = (long) (T0 * 1000);
    List<WindowedChunk> early = explode(LandingFileFormat.encode(List.of(chunk(T0 + 10, T0 + 19))));
    assertEquals(List.of(start - W, start), early.stream().map(WindowedChunk::getWindowStartMillis).toList());
    assertEquals(List.of(false, true), early.stream().map(WindowedChunk::isOwn).toList());
    assertEquals(start + 19_999, early.get(0).getEventTime().getTime(),
        "its slot's last ms, inside the earlier window's range with context");

    List<WindowedChunk> late = explode(LandingFileFormat.encode(List.of(chunk(T0 + 280, T0 + 289))));
    assertEquals(List.of(start, start + W), late.stream().map(WindowedChunk::getWindowStartMillis).toList());
    assertEquals(List.of(true, false), late.stream().map(WindowedChunk::isOwn).toList());

    List<WindowedChunk> middle = explode(LandingFileFormat.encode(List.of(chunk(T0 + 100, T0 + 105))));
    assertEquals(1, middle.size(), "more than 30 s from either edge");
  }

  @Test
  void unparseableHeader_andOverWideSlot_areQuarantined_theRestGoesOn() throws Exception {
    byte[] good = chunk(T0 + 1);
    // A one-day slot (the longest the protocol allows) spans 288 windows of 300 s.
    byte[] wide = chunkIn(ChunkSlot.containing(T0, ChunkSlot.MAX_LENGTH_MILLIS), T0);
    byte[] garbage = {'T', 'C', 9, 9};
    List<WindowedChunk> rows = explode(LandingFileFormat.encode(List.of(garbage, wide, good)));

    assertEquals(2, rows.size(), "its own window and, 1 s after its start, the one before");
    assertEquals(ByteBuffer.wrap(good), ByteBuffer.wrap(rows.get(0).getEnvelope()));
    assertEquals(2, LandingStore.open(tmp).quarantinedCount());
  }

  @Test
  void brokenFraming_keepsTheEnvelopesBeforeTheBreak_andQuarantinesTheRest() throws Exception {
    byte[] good = chunk(T0 + 1);
    byte[] file = LandingFileFormat.encode(List.of(good, chunk(T0 + 2)));
    byte[] truncated = Arrays.copyOf(file, file.length - 5);
    List<WindowedChunk> rows = explode(truncated);

    assertEquals(2, rows.size(), "the first envelope, as own and as the previous window's context");
    assertEquals(1, LandingStore.open(tmp).quarantinedCount());
  }
}
