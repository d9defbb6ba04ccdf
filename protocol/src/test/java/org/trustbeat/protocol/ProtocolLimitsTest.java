package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

class ProtocolLimitsTest {
  @Test
  void defaults_areOneMebibyteAndThirtyTwoThousandSamples() {
    assertEquals(1 << 20, ProtocolLimits.defaults().maxEnvelopeBytes());
    assertEquals(32_768, ProtocolLimits.defaults().maxSamplesPerChunk());
  }

  @Test
  void builder_setsValues() throws Exception {
    ProtocolLimits limits =
        ProtocolLimits.builder().setMaxEnvelopeBytes(4096).setMaxSamplesPerChunk(100).build();
    assertEquals(4096, limits.maxEnvelopeBytes());
    assertEquals(100, limits.maxSamplesPerChunk());
    assertEquals(
        limits,
        ProtocolLimits.builder().setMaxEnvelopeBytes(4096).setMaxSamplesPerChunk(100).build());
  }

  @Test
  void unsetSampleLimit_shrinksToFitASmallerEnvelope() throws Exception {
    assertEquals(
        (1024 - 4 - 28 - 64 - 4 - 33) / 16,
        ProtocolLimits.builder().setMaxEnvelopeBytes(1024).build().maxSamplesPerChunk());
  }

  @Test
  void tinyEnvelopeLimit_isRejected() {
    assertThrows(
        GeneralSecurityException.class,
        () -> ProtocolLimits.builder().setMaxEnvelopeBytes(10).build());
  }

  @Test
  void moreSamplesThanTheEnvelopeHolds_isRejectedNamingTheFix() {
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class,
            () ->
                ProtocolLimits.builder()
                    .setMaxEnvelopeBytes(1024)
                    .setMaxSamplesPerChunk(1000)
                    .build());
    assertTrue(e.getMessage().contains("raise maxEnvelopeBytes"));
  }

  @Test
  void oversizeEnvelope_isRejectedNamingTheLimit() {
    MalformedEnvelopeException e =
        assertThrows(
            MalformedEnvelopeException.class,
            () -> ProtocolLimits.defaults().checkEnvelopeSize((1 << 20) + 1, "chunk"));
    assertEquals(MalformedEnvelopeException.Reason.TOO_LARGE, e.reason());
    assertTrue(e.getMessage().contains("maxEnvelopeBytes=1048576"));
  }
}
