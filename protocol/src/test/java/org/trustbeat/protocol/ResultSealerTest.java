package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ResultSealerTest {
  private static PatientKeys keys;

  @BeforeAll
  static void generateKeys() throws Exception {
    keys = PatientKeys.generate();
  }

  @Test
  void seal_keepsTheHeaderInClear_andHidesTheBody() throws Exception {
    byte[] body = ("{\"sdnn\":" + Fixtures.CANARY_TEXT + "}").getBytes(StandardCharsets.UTF_8);
    ResultEnvelope envelope =
        ResultSealer.create(keys.resultKeyset()).seal(ResultHeaderTest.valid().build(), body);
    assertEquals(ResultHeaderTest.valid().build(), envelope.header());
    String bytesAsText = new String(envelope.toBytes(), StandardCharsets.ISO_8859_1);
    assertFalse(bytesAsText.contains(Fixtures.CANARY_TEXT));
    Fixtures.assertLeaksNoSamples(envelope);
  }

  @Test
  void oversizeResult_isRejectedNamingTheLimit() throws Exception {
    ProtocolLimits limits = ProtocolLimits.builder().setMaxEnvelopeBytes(256).build();
    ResultSealer sealer = ResultSealer.create(keys.resultKeyset(), limits);
    MalformedEnvelopeException e =
        assertThrows(
            MalformedEnvelopeException.class,
            () -> sealer.seal(ResultHeaderTest.valid().build(), new byte[300]));
    assertTrue(e.getMessage().contains("maxEnvelopeBytes=256"));
  }

  @Test
  void toString_showsNoKeyMaterial() throws Exception {
    Fixtures.assertLeaksNothing(
        ResultSealer.create(keys.resultKeyset()), Fixtures.keyMaterial(keys));
  }
}
