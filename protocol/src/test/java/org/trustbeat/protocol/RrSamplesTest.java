package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RrSamplesTest {
  @Test
  void of_copiesInput_soLaterChangesDoNotLeakIn() {
    double[] t = {1.0, 2.0};
    double[] rr = {800.0, 810.0};
    RrSamples samples = RrSamples.of(t, rr);
    t[0] = 99;
    rr[0] = 99;
    assertEquals(1.0, samples.tSeconds(0));
    assertEquals(800.0, samples.rrMs(0));
  }

  @Test
  void arrayAccessors_returnCopies() {
    RrSamples samples = Fixtures.samples();
    samples.rrMsArray()[0] = -1;
    samples.tSecondsArray()[0] = -1;
    assertEquals(812.625, samples.rrMs(0));
    assertEquals(Fixtures.T0, samples.tSeconds(0));
  }

  @Test
  void mismatchedLengths_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> RrSamples.of(new double[2], new double[1]));
  }

  @Test
  void nonFiniteValue_isRejected_withIndexNotValue() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RrSamples.of(new double[] {1, 2}, new double[] {Fixtures.CANARY_RR, Double.NaN}));
    assertTrue(e.getMessage().contains("sample 1"));
    Fixtures.assertLeaksNoSamples(e);
  }

  @Test
  void toString_printsOnlyTheCount() {
    assertEquals("RrSamples{count=3}", Fixtures.samples().toString());
    Fixtures.assertLeaksNoSamples(Fixtures.samples());
  }

  @Test
  void equality_isBitwise() {
    assertEquals(Fixtures.samples(), Fixtures.samples());
    assertEquals(Fixtures.samples().hashCode(), Fixtures.samples().hashCode());
    assertNotEquals(
        RrSamples.of(new double[] {0.0}, new double[] {1}),
        RrSamples.of(new double[] {-0.0}, new double[] {1}));
  }

  @Test
  void builder_growsAndBuildsInOrder() {
    RrSamples.Builder b = RrSamples.builder();
    for (int i = 0; i < 200; i++) {
      b.add(i, 1000 + i);
    }
    RrSamples samples = b.build();
    assertEquals(200, samples.size());
    assertArrayEquals(new double[] {0, 1, 2}, java.util.Arrays.copyOf(samples.tSecondsArray(), 3));
    assertEquals(1199, samples.rrMs(199));
  }

  @Test
  void empty_hasNoSamples() {
    assertTrue(RrSamples.empty().isEmpty());
    assertEquals(0, RrSamples.builder().build().size());
  }
}
