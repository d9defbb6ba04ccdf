package org.trustbeat.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

  private List<ChunkRow> explode(byte[] file) throws Exception {
    List<ChunkRow> out = new ArrayList<>();
    new ChunkExploder(W, tmp, false).call(file).forEachRemaining(out::add);
    return out;
  }

  @Test
  void chunk_isOneRow_withItsHeaderFacts_andItsSlotsLastMillisecondAsEventTime() throws Exception {
    // A slot spanning a window edge still gives one row: the grouped stage works out its windows.
    ChunkSlot slot = ChunkSlot.containing(T0 + 298, 9_000);
    byte[] c = chunkIn(slot, T0 + 298, T0 + 302);
    List<ChunkRow> rows = explode(LandingFileFormat.encode(List.of(c)));

    assertEquals(1, rows.size());
    ChunkRow r = rows.get(0);
    assertEquals("p1", r.getPatient());
    assertEquals(4, r.getSequenceNumber());
    assertEquals(slot.startMillis(), r.getStartMillis());
    assertEquals(slot.endMillis(), r.getEndMillis());
    assertEquals(slot.endMillis() - 1, r.getEventTime().getTime());
    assertEquals(ByteBuffer.wrap(c), ByteBuffer.wrap(r.getEnvelope()));
  }

  @Test
  void unparseableHeader_andOverWideSlot_areQuarantined_theRestGoesOn() throws Exception {
    byte[] good = chunk(T0 + 1);
    // A one-day slot (the longest the protocol allows) spans 288 windows of 300 s.
    byte[] wide = chunkIn(ChunkSlot.containing(T0, ChunkSlot.MAX_LENGTH_MILLIS), T0);
    byte[] garbage = {'T', 'C', 9, 9};
    List<ChunkRow> rows = explode(LandingFileFormat.encode(List.of(garbage, wide, good)));

    assertEquals(1, rows.size(), "only the good chunk");
    assertEquals(ByteBuffer.wrap(good), ByteBuffer.wrap(rows.get(0).getEnvelope()));
    assertEquals(2, LandingStore.open(tmp).quarantinedCount());
  }

  @Test
  void brokenFraming_keepsTheEnvelopesBeforeTheBreak_andQuarantinesTheRest() throws Exception {
    byte[] good = chunk(T0 + 1);
    byte[] file = LandingFileFormat.encode(List.of(good, chunk(T0 + 2)));
    byte[] truncated = Arrays.copyOf(file, file.length - 5);
    List<ChunkRow> rows = explode(truncated);

    assertEquals(1, rows.size(), "the first envelope");
    assertEquals(1, LandingStore.open(tmp).quarantinedCount());
  }
}
