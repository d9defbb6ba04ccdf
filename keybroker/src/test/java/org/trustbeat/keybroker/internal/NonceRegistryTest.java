package org.trustbeat.keybroker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.trustbeat.testing.MutableClock;

class NonceRegistryTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private static final String A = "client-a";
  private static final String B = "client-b";
  private final NonceRegistry nonces =
      new NonceRegistry(clock, Duration.ofSeconds(60), 3, 3, new SecureRandom());

  @Test
  void nonce_isAcceptedOnce() throws Exception {
    byte[] n = nonces.issue(A);
    assertEquals(NonceRegistry.Check.ACCEPTED, nonces.consume(n, A));
    assertEquals(NonceRegistry.Check.ALREADY_USED, nonces.consume(n, A));
  }

  @Test
  void nonceOfAnotherClient_isRefused_andStaysUsableByItsOwner() throws Exception {
    byte[] n = nonces.issue(A);
    assertEquals(NonceRegistry.Check.OTHER_CLIENT, nonces.consume(n, B));
    assertEquals(NonceRegistry.Check.ACCEPTED, nonces.consume(n, A));
  }

  @Test
  void oneClientsQuota_doesNotTouchAnothers_andSpendingFreesIt() throws Exception {
    NonceRegistry r = new NonceRegistry(clock, Duration.ofSeconds(60), 100, 2, new SecureRandom());
    byte[] first = r.issue(A);
    clock.advance(Duration.ofSeconds(10));
    r.issue(A);
    NonceRegistry.Refused refused = assertThrows(NonceRegistry.Refused.class, () -> r.issue(A));
    assertTrue(refused.clientQuota());
    assertEquals(Duration.ofSeconds(50), refused.retryAfter(), "until A's oldest nonce expires");
    assertEquals(32, r.issue(B).length);
    assertEquals(NonceRegistry.Check.ACCEPTED, r.consume(first, A));
    assertEquals(32, r.issue(A).length);
    assertEquals(2, r.liveNonces(A));
  }

  @Test
  void expiredNonces_stopCountingAgainstTheQuota() throws Exception {
    NonceRegistry r = new NonceRegistry(clock, Duration.ofSeconds(60), 100, 1, new SecureRandom());
    r.issue(A);
    assertThrows(NonceRegistry.Refused.class, () -> r.issue(A));
    clock.advance(Duration.ofSeconds(61));
    assertEquals(32, r.issue(A).length);
  }

  @Test
  void nonce_expiresAfterItsLifetime_thenIsForgotten() throws Exception {
    byte[] n = nonces.issue(A);
    clock.advance(Duration.ofSeconds(61));
    assertEquals(NonceRegistry.Check.EXPIRED, nonces.consume(n, A));
    clock.advance(Duration.ofSeconds(120));
    assertEquals(NonceRegistry.Check.UNKNOWN, nonces.consume(n, A));
  }

  @Test
  void nonceAtExactlyItsExpiry_isStillAccepted() throws Exception {
    byte[] n = nonces.issue(A);
    clock.advance(Duration.ofSeconds(60));
    assertEquals(NonceRegistry.Check.ACCEPTED, nonces.consume(n, A));
  }

  @Test
  void foreignNonce_isUnknown() {
    assertEquals(NonceRegistry.Check.UNKNOWN, nonces.consume(new byte[32], A));
  }

  @Test
  void outstandingNonces_areBounded_andFreedByExpiry() throws Exception {
    nonces.issue(A);
    nonces.issue(B);
    nonces.issue("client-c");
    NonceRegistry.Refused refused =
        assertThrows(NonceRegistry.Refused.class, () -> nonces.issue("client-d"));
    assertFalse(refused.clientQuota());
    clock.advance(Duration.ofSeconds(121));
    assertEquals(32, nonces.issue("client-d").length);
  }
}
