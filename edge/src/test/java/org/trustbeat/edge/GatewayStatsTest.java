package org.trustbeat.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GatewayStatsTest {
  private static final GatewayStats A = new GatewayStats(1, 2, 3, 4, 5, 6, 7, 8, 9);
  private static final GatewayStats B = new GatewayStats(10, 20, 30, 40, 50, 60, 70, 80, 90);

  @Test
  void plus_addsEveryFieldToItsOwnCounterpart() {
    assertEquals(new GatewayStats(11, 22, 33, 44, 55, 66, 77, 88, 99), A.plus(B));
  }

  @Test
  void zero_isTheIdentityOfPlus() {
    assertEquals(A, GatewayStats.ZERO.plus(A));
    assertEquals(A, A.plus(GatewayStats.ZERO));
  }

  @Test
  void reducingNoGateways_givesZero() {
    assertEquals(
        GatewayStats.ZERO,
        Stream.<GatewayStats>empty().reduce(GatewayStats.ZERO, GatewayStats::plus));
  }

  @Test
  void plus_keepsLargeCountsExact() {
    GatewayStats big = new GatewayStats(1L << 40, 0, 0, 0, 0, 0, 0, 1L << 40, 1L << 40);
    GatewayStats sum = big.plus(big);
    assertEquals(1L << 41, sum.beatsAccepted());
    assertEquals(1L << 41, sum.spooledBytes());
    assertEquals(1L << 41, sum.nextSequenceNumber());
  }
}
