package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlainResultTest {
  private static ResultHeader header() throws Exception {
    return ResultHeader.builder()
        .setPatient("p1")
        .setWindow(300_000, 300_000)
        .setAlgorithm("sdnn")
        .setJobId("j")
        .setHostKind("plain")
        .setAttestationKind("NONE")
        .setChunksSeen(3)
        .build();
  }

  @Test
  void roundTrip_keepsHeaderAndBody() throws Exception {
    byte[] body = "{\"sdnn\":41.5}".getBytes(StandardCharsets.UTF_8);
    PlainResult r = PlainResult.create(header(), body);
    PlainResult back = PlainResult.parse(r.toBytes());
    assertEquals(r, back);
    assertEquals(header(), back.header());
    assertArrayEquals(body, back.body());
    assertEquals(r.serializedSize(), r.toBytes().length);
  }

  @Test
  void sealedResultBytes_areNotAPlainResult() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    byte[] sealed =
        ResultSealer.create(keys.resultKeyset()).seal(header(), new byte[] {1}).toBytes();
    assertThrows(MalformedEnvelopeException.class, () -> PlainResult.parse(sealed));
    assertThrows(
        MalformedEnvelopeException.class,
        () -> ResultEnvelope.parse(PlainResult.create(header(), new byte[] {1}).toBytes()));
  }

  @Test
  void toString_saysPlainAndHidesTheBody() throws Exception {
    String s =
        PlainResult.create(header(), "{\"secret\":1}".getBytes(StandardCharsets.UTF_8)).toString();
    assertTrue(s.contains("plain mode: no encryption, no enclave"));
    assertFalse(s.contains("secret"));
  }
}
