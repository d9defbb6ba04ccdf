package org.trustbeat.keybroker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class NonceRegistryTest {
  private static final class StepClock extends Clock {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final StepClock clock = new StepClock();
  private final NonceRegistry nonces =
      new NonceRegistry(clock, Duration.ofSeconds(60), 3, new SecureRandom());

  @Test
  void nonce_isAcceptedOnce() {
    byte[] n = nonces.issue();
    assertEquals(NonceRegistry.Check.ACCEPTED, nonces.consume(n));
    assertEquals(NonceRegistry.Check.ALREADY_USED, nonces.consume(n));
  }

  @Test
  void nonce_expiresAfterItsLifetime_thenIsForgotten() {
    byte[] n = nonces.issue();
    clock.now = clock.now.plusSeconds(61);
    assertEquals(NonceRegistry.Check.EXPIRED, nonces.consume(n));
    clock.now = clock.now.plusSeconds(120);
    assertEquals(NonceRegistry.Check.UNKNOWN, nonces.consume(n));
  }

  @Test
  void nonceAtExactlyItsExpiry_isStillAccepted() {
    byte[] n = nonces.issue();
    clock.now = clock.now.plusSeconds(60);
    assertEquals(NonceRegistry.Check.ACCEPTED, nonces.consume(n));
  }

  @Test
  void foreignNonce_isUnknown() {
    assertEquals(NonceRegistry.Check.UNKNOWN, nonces.consume(new byte[32]));
  }

  @Test
  void outstandingNonces_areBounded_andFreedByExpiry() {
    nonces.issue();
    nonces.issue();
    nonces.issue();
    assertThrows(IllegalStateException.class, nonces::issue);
    clock.now = clock.now.plusSeconds(121);
    assertEquals(32, nonces.issue().length);
  }
}
