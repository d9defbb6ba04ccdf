package org.trustbeat.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRunnerTest {
  private static final long GIB = 1L << 30;

  @TempDir Path work;

  private BenchPlan capacityPlan(int patients) {
    return BenchPlan.builder()
        .setKinds(Set.of(BenchPlan.Kind.CAPACITY))
        .setCapacityProbes(List.of(patients), Duration.ofSeconds(30), true)
        .setWorkDir(work)
        .build();
  }

  @Test
  void probeLargerThanTheFreeDisk_isRefused_namingTheSpaceAndHowToMoveIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BenchRunner.checkDiskHolds(capacityPlan(100_000), 5 * GIB));
    assertTrue(e.getMessage().contains("100000 patients"), e.getMessage());
    assertTrue(e.getMessage().contains(work.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("-Djava.io.tmpdir="), e.getMessage());
  }

  @Test
  void probeThatFits_isAccepted() {
    assertDoesNotThrow(() -> BenchRunner.checkDiskHolds(capacityPlan(100_000), 40 * GIB));
  }
}
