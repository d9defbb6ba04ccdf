package org.trustbeat.clinic.dashboard;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logged-in sessions: random 256-bit tokens held in memory until they expire (a restart logs
 * everyone out), and a login throttle. Tokens travel only in an HttpOnly, SameSite=Strict cookie.
 */
final class Sessions {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int FAILURES_PER_MINUTE = 5;

  private final Duration lifetime;
  private final Clock clock;
  private final Map<String, Long> expiry = new ConcurrentHashMap<>();
  private long failureWindowStart;
  private int failures;

  Sessions(Duration lifetime, Clock clock) {
    this.lifetime = lifetime;
    this.clock = clock;
  }

  String open() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    expiry.put(token, clock.millis() + lifetime.toMillis());
    expiry.values().removeIf(t -> t < clock.millis());
    return token;
  }

  boolean valid(String token) {
    if (token == null) {
      return false;
    }
    Long until = expiry.get(token);
    if (until == null || until < clock.millis()) {
      expiry.remove(token);
      return false;
    }
    return true;
  }

  void close(String token) {
    if (token != null) {
      expiry.remove(token);
    }
  }

  long lifetimeSeconds() {
    return lifetime.toSeconds();
  }

  /** Whether another login attempt may be checked now (at most five failures a minute). */
  synchronized boolean mayTry() {
    if (clock.millis() - failureWindowStart > 60_000) {
      failureWindowStart = clock.millis();
      failures = 0;
    }
    return failures < FAILURES_PER_MINUTE;
  }

  synchronized void failed() {
    failures++;
  }
}
