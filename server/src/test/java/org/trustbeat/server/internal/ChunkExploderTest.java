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
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.server.LandingStore;

class ChunkExploderTest {
  private static final long W = 300_000;
  private static final double T0 = 1_700_000_100.0;

  @TempDir Path tmp;

  private static byte[] chunk(double... times) throws Exception {
    double[] rr = new double[times.length];
    Arrays.fill(rr, 800);
    return ChunkSealer.create(PatientKeys.generate().dataKeyset())
        .seal("p1", 4, RrSamples.of(times, rr))
        .toBytes();
  }

  private List<WindowedChunk> explode(byte[] file) throws Exception {
    List<WindowedChunk> out = new ArrayList<>();
    new ChunkExploder(W, tmp, false).call(file).forEachRemaining(out::add);
    return out;
  }

  @Test
  void chunkSpanningAWindowEdge_goesToBothWindows_withItsEventTimeClippedIntoEach() throws Exception {
    byte[] c = chunk(T0 + 298, T0 + 302);
    List<WindowedChunk> rows = explode(LandingFileFormat.encode(List.of(c)));

    assertEquals(2, rows.size());
    long start = (long) (T0 * 1000);
    assertEquals(start, rows.get(0).getWindowStartMillis());
    assertEquals(start + W - 1, rows.get(0).getEventTime().getTime());
    assertEquals(start + W, rows.get(1).getWindowStartMillis());
    assertEquals(start + 302_000, rows.get(1).getEventTime().getTime());
    assertEquals("p1", rows.get(1).getPatient());
    assertEquals(4, rows.get(1).getSequenceNumber());
  }

  @Test
  void unparseableHeader_andOverWideRange_areQuarantined_theRestGoesOn() throws Exception {
    byte[] good = chunk(T0 + 1);
    byte[] wide = chunk(T0, T0 + 300.0 * ChunkExploder.MAX_WINDOWS_PER_CHUNK);
    byte[] garbage = {'T', 'C', 9, 9};
    List<WindowedChunk> rows = explode(LandingFileFormat.encode(List.of(garbage, wide, good)));

    assertEquals(1, rows.size());
    assertEquals(ByteBuffer.wrap(good), ByteBuffer.wrap(rows.get(0).getEnvelope()));
    assertEquals(2, LandingStore.open(tmp).quarantinedCount());
  }

  @Test
  void brokenFraming_keepsTheEnvelopesBeforeTheBreak_andQuarantinesTheRest() throws Exception {
    byte[] good = chunk(T0 + 1);
    byte[] file = LandingFileFormat.encode(List.of(good, chunk(T0 + 2)));
    byte[] truncated = Arrays.copyOf(file, file.length - 5);
    List<WindowedChunk> rows = explode(truncated);

    assertEquals(1, rows.size());
    assertEquals(1, LandingStore.open(tmp).quarantinedCount());
  }
}
