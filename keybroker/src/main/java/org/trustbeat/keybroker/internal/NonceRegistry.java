package org.trustbeat.keybroker.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The key broker's release nonces: each is random, accepted once, and only until it expires.
 * Spent and expired nonces are remembered for one more lifetime so that a refusal can say which
 * of the two happened; after that they are forgotten and refused as unknown. Thread-safe.
 */
public final class NonceRegistry {
  public static final int NONCE_BYTES = 32;

  /** Outcome of presenting a nonce. */
  public enum Check {
    ACCEPTED,
    UNKNOWN,
    ALREADY_USED,
    EXPIRED
  }

  private static final HexFormat HEX = HexFormat.of();

  private final Clock clock;
  private final Duration lifetime;
  private final int maxOutstanding;
  private final SecureRandom random;
  // Insertion order is expiry order (constant lifetime), so purging looks only at the head.
  private final LinkedHashMap<String, Instant> outstanding = new LinkedHashMap<>();
  private final LinkedHashMap<String, Instant> used = new LinkedHashMap<>();

  public NonceRegistry(Clock clock, Duration lifetime, int maxOutstanding, SecureRandom random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("nonce lifetime must be positive, got " + lifetime);
    }
    if (maxOutstanding < 1) {
      throw new IllegalArgumentException("maxOutstanding must be at least 1, got " + maxOutstanding);
    }
    this.maxOutstanding = maxOutstanding;
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * A fresh nonce.
   *
   * @throws IllegalStateException if {@code maxOutstanding} nonces are unspent (or expired within the
   *     last lifetime), which bounds the memory a client requesting nonces in a loop can take
   */
  public synchronized byte[] issue() {
    Instant now = clock.instant();
    purge(now);
    if (outstanding.size() >= maxOutstanding) {
      throw new IllegalStateException(
          maxOutstanding + " nonces are outstanding; retry after " + lifetime.toSeconds() + " s");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    outstanding.put(HEX.formatHex(nonce), now.plus(lifetime));
    return nonce;
  }

  /** Spends {@code nonce}: only the first presentation within its lifetime is accepted. */
  public synchronized Check consume(byte[] nonce) {
    Instant now = clock.instant();
    purge(now);
    String key = HEX.formatHex(nonce);
    Instant expiry = outstanding.remove(key);
    if (expiry != null) {
      used.put(key, expiry);
      return now.isAfter(expiry) ? Check.EXPIRED : Check.ACCEPTED;
    }
    Instant usedExpiry = used.get(key);
    if (usedExpiry != null) {
      return now.isAfter(usedExpiry) ? Check.EXPIRED : Check.ALREADY_USED;
    }
    return Check.UNKNOWN;
  }

  private void purge(Instant now) {
    purge(outstanding, now);
    purge(used, now);
  }

  private void purge(Map<String, Instant> map, Instant now) {
    for (Iterator<Instant> it = map.values().iterator(); it.hasNext(); ) {
      // Forgotten only one lifetime after expiry, so late presenters are told "expired".
      if (now.isAfter(it.next().plus(lifetime))) {
        it.remove();
      } else {
        break;
      }
    }
  }
}
