package org.trustbeat.enclave;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowOutcomeTest {
  @Test
  void outcomeWithoutResult_saysSo() {
    assertFalse(WindowOutcome.of("p", 0, new byte[0], 1, 0, 0, 0, Map.of()).hasResult());
    assertTrue(WindowOutcome.of("p", 0, new byte[1], 1, 0, 0, 0, Map.of()).hasResult());
  }

  @Test
  void toString_printsSizesNeverBytes() {
    String s =
        WindowOutcome.of(
                "p", 0, new byte[] {42, 42, 42}, 1, 0, 0, 0, Map.of(RejectReason.NO_KEY, 1))
            .toString();
    assertTrue(s.contains("result=3 bytes"), s);
    assertFalse(s.contains("42"), s);
  }
}
