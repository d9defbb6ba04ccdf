package org.trustbeat.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkSpoolTest {
  @TempDir Path dir;

  @Test
  void reopenedSpool_keepsChunksInSequenceOrder() throws Exception {
    ChunkSpool s = new ChunkSpool(dir, 10_000);
    s.add(10, new byte[] {10}, -1);
    s.add(2, new byte[] {2}, -1);
    s.add(7, new byte[] {7}, -1);
    ChunkSpool again = new ChunkSpool(dir, 10_000);
    assertEquals(List.of(2L, 7L, 10L), again.sequenceNumbers());
    assertArrayEquals(new byte[] {7}, again.read(7));
    assertEquals(3, again.bytes());
  }

  @Test
  void overflow_dropsOldestButNotTheProtectedChunk() throws Exception {
    ChunkSpool s = new ChunkSpool(dir, 300);
    s.add(0, new byte[100], -1);
    s.add(1, new byte[100], -1);
    s.add(2, new byte[100], -1);
    ChunkSpool.Dropped d = s.add(3, new byte[100], 0);
    assertEquals(1, d.count());
    assertEquals(1, d.firstSeq());
    assertEquals(List.of(0L, 2L, 3L), s.sequenceNumbers());
    assertEquals(300, s.bytes());
  }

  @Test
  void chunkLargerThanTheBound_isItselfDropped() throws Exception {
    ChunkSpool s = new ChunkSpool(dir, 100);
    s.add(0, new byte[50], -1);
    ChunkSpool.Dropped d = s.add(1, new byte[101], -1);
    assertEquals(1, d.count());
    assertEquals(List.of(0L), s.sequenceNumbers());
  }
}
