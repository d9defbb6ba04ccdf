package org.trustbeat.enclave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WindowTaskTest {
  @Test
  void unalignedWindowStart_isRefused_becauseWindowsAreEpochAlignedTumblingWindows() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> WindowTask.of("p1", 1_000, 300_000, List.of()));
    assertTrue(e.getMessage().contains("aligned"));
    assertEquals(600_000, WindowTask.of("p1", 600_000, 300_000, List.of()).windowStartMillis());
  }

  @Test
  void chunksAreCopied_soTheCallerCannotChangeThemLater() {
    byte[] c = {1, 2};
    WindowTask t = WindowTask.of("p1", 0, 1000, List.of(c));
    c[0] = 9;
    assertEquals(1, t.chunks().get(0)[0]);
  }
}
