package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

class MalformedEnvelopeExceptionTest {
  @Test
  void message_namesFieldOffsetReasonAndFix() {
    MalformedEnvelopeException e =
        new MalformedEnvelopeException(
            MalformedEnvelopeException.Reason.TRUNCATED, "chunk.keyId", 40, "too short", "resend");
    assertEquals("chunk.keyId at byte offset 40: too short (TRUNCATED); resend", e.getMessage());
    assertEquals("chunk.keyId", e.field());
    assertEquals(40, e.offset());
    assertEquals(MalformedEnvelopeException.Reason.TRUNCATED, e.reason());
    assertTrue(e instanceof GeneralSecurityException);
  }
}
