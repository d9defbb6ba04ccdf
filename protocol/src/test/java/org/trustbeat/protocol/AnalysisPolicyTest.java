package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisPolicyTest {
  @Test
  void defaults_allowTheHrvJobsOn300sWindows_butNotRawSamples() {
    AnalysisPolicy d = AnalysisPolicy.defaults();
    for (String job : List.of("hrv", "hrv-bands", "sdnn")) {
      assertTrue(d.allows(job, 300_000), job);
      assertFalse(d.allows(job, 60_000), job);
    }
    assertFalse(d.allowsJob("identity"));
    assertFalse(d.allowsRawSamples());
    assertEquals("jobs=[hrv, hrv-bands, sdnn] windows=[300 s]", d.toString());
  }

  @Test
  void wireForm_roundTrips() throws Exception {
    AnalysisPolicy p =
        AnalysisPolicy.of(List.of("identity", "sdnn", "sdnn"), List.of(60_000L, 1_500L));
    assertEquals(p, AnalysisPolicy.parse(p.toBytes()));
    assertTrue(p.allowsRawSamples());
  }

  @Test
  void badValues_areRefusedNamingTheRule() {
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> AnalysisPolicy.of(List.of("HRV"), List.of(300_000L)))
            .getMessage()
            .contains("[a-z0-9-]"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> AnalysisPolicy.of(List.of("hrv"), List.of(10L)))
            .getMessage()
            .contains("1 s to 1 day"));
    assertThrows(
        IllegalArgumentException.class, () -> AnalysisPolicy.of(List.of(), List.of(300_000L)));
    assertThrows(
        IllegalArgumentException.class, () -> AnalysisPolicy.of(List.of("hrv"), List.of()));
  }

  @Test
  void malformedWireForms_areMalformedEnvelopes() {
    byte[] good = AnalysisPolicy.defaults().toBytes();
    for (int len = 0; len < good.length; len++) {
      byte[] cut = Arrays.copyOf(good, len);
      assertThrows(MalformedEnvelopeException.class, () -> AnalysisPolicy.parse(cut));
    }
    byte[] zeroJobs = good.clone();
    zeroJobs[0] = 0;
    assertThrows(MalformedEnvelopeException.class, () -> AnalysisPolicy.parse(zeroJobs));
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    assertThrows(MalformedEnvelopeException.class, () -> AnalysisPolicy.parse(longer));
  }
}
