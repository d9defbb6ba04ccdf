package org.trustbeat.keybroker.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The key broker's release nonces: each is random, issued to one client, accepted once, from that
 * client only, and only until it expires. Spent and expired nonces are remembered for one more
 * lifetime so that a refusal can say which of the two happened; after that they are forgotten and
 * refused as unknown.
 *
 * <p>Two bounds keep one client from denying nonces to the others: at most {@code maxPerClient}
 * live (unspent, unexpired) nonces per client, and at most {@code maxOutstanding} remembered
 * unspent nonces in all (the memory bound). A refused request learns when to retry. Thread-safe.
 */
public final class NonceRegistry {
  public static final int NONCE_BYTES = 32;

  /** Outcome of presenting a nonce. */
  public enum Check {
    ACCEPTED,
    UNKNOWN,
    ALREADY_USED,
    EXPIRED,
    /** Issued to another client; not spent by this presentation. */
    OTHER_CLIENT
  }

  /** A nonce was not issued; {@link #clientQuota()} says whose limit was reached. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean clientQuota;
    private final Duration retryAfter;

    Refused(boolean clientQuota, Duration retryAfter, String message) {
      super(message, null, false, false);
      this.clientQuota = clientQuota;
      this.retryAfter = retryAfter;
    }

    /** True: this client's quota; false: the broker's overall bound. */
    public boolean clientQuota() {
      return clientQuota;
    }

    /** When a retry can succeed, at least one second. */
    public Duration retryAfter() {
      return retryAfter;
    }
  }

  private static final HexFormat HEX = HexFormat.of();

  private static final class Issued {
    final String client;
    final Instant expiry;

    /** Whether it still counts against its client's quota (unspent and unexpired). */
    boolean live = true;

    Issued(String client, Instant expiry) {
      this.client = client;
      this.expiry = expiry;
    }
  }

  private final Clock clock;
  private final Duration lifetime;
  private final int maxOutstanding;
  private final int maxPerClient;
  private final SecureRandom random;
  // Insertion order is expiry order (constant lifetime), so purging looks only at the head.
  private final LinkedHashMap<String, Issued> outstanding = new LinkedHashMap<>();
  private final LinkedHashMap<String, Issued> used = new LinkedHashMap<>();
  private final ArrayDeque<Issued> byExpiry = new ArrayDeque<>();
  private final Map<String, Integer> livePerClient = new HashMap<>();

  public NonceRegistry(
      Clock clock, Duration lifetime, int maxOutstanding, int maxPerClient, SecureRandom random) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("nonce lifetime must be positive, got " + lifetime);
    }
    if (maxOutstanding < 1) {
      throw new IllegalArgumentException(
          "maxOutstanding must be at least 1, got " + maxOutstanding);
    }
    if (maxPerClient < 1 || maxPerClient > maxOutstanding) {
      throw new IllegalArgumentException(
          "nonces per client must be 1.." + maxOutstanding + ", got " + maxPerClient);
    }
    this.maxOutstanding = maxOutstanding;
    this.maxPerClient = maxPerClient;
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * A fresh nonce for {@code client}.
   *
   * @throws Refused if the client holds {@code maxPerClient} live nonces, or {@code maxOutstanding}
   *     nonces are unspent (or expired within the last lifetime)
   */
  public synchronized byte[] issue(String client) throws Refused {
    Objects.requireNonNull(client, "client");
    Instant now = clock.instant();
    purge(now);
    if (livePerClient.getOrDefault(client, 0) >= maxPerClient) {
      Duration wait = Duration.ofSeconds(1);
      for (Issued i : byExpiry) {
        if (i.live && i.client.equals(client)) {
          wait = Duration.between(now, i.expiry);
          break;
        }
      }
      Duration retry = atLeastOneSecond(wait);
      throw new Refused(
          true,
          retry,
          "this client holds "
              + maxPerClient
              + " unspent nonces, the"
              + " most one client may; spend them in release requests or retry after "
              + retry.toSeconds()
              + " s");
    }
    if (outstanding.size() >= maxOutstanding) {
      Issued head = outstanding.values().iterator().next();
      Duration retry = atLeastOneSecond(Duration.between(now, head.expiry.plus(lifetime)));
      throw new Refused(
          false,
          retry,
          maxOutstanding + " nonces are outstanding; retry after " + retry.toSeconds() + " s");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    Issued issued = new Issued(client, now.plus(lifetime));
    outstanding.put(HEX.formatHex(nonce), issued);
    byExpiry.addLast(issued);
    livePerClient.merge(client, 1, Integer::sum);
    return nonce;
  }

  /**
   * Spends {@code nonce}: only the first presentation by its client within its lifetime is
   * accepted. A presentation by another client is refused and does not spend it.
   */
  public synchronized Check consume(byte[] nonce, String client) {
    Instant now = clock.instant();
    purge(now);
    String key = HEX.formatHex(nonce);
    Issued issued = outstanding.get(key);
    if (issued != null) {
      if (!issued.client.equals(client)) {
        return Check.OTHER_CLIENT;
      }
      outstanding.remove(key);
      used.put(key, issued);
      release(issued);
      return now.isAfter(issued.expiry) ? Check.EXPIRED : Check.ACCEPTED;
    }
    Issued spent = used.get(key);
    if (spent != null) {
      return now.isAfter(spent.expiry) ? Check.EXPIRED : Check.ALREADY_USED;
    }
    return Check.UNKNOWN;
  }

  /** Live nonces {@code client} holds now; for tests and operators. */
  public synchronized int liveNonces(String client) {
    purge(clock.instant());
    return livePerClient.getOrDefault(client, 0);
  }

  private void release(Issued issued) {
    if (issued.live) {
      issued.live = false;
      livePerClient.computeIfPresent(issued.client, (c, n) -> n <= 1 ? null : n - 1);
    }
  }

  private void purge(Instant now) {
    while (!byExpiry.isEmpty() && now.isAfter(byExpiry.peekFirst().expiry)) {
      release(byExpiry.pollFirst());
    }
    purge(outstanding, now);
    purge(used, now);
  }

  private void purge(Map<String, Issued> map, Instant now) {
    for (Iterator<Issued> it = map.values().iterator(); it.hasNext(); ) {
      // Forgotten only one lifetime after expiry, so late presenters are told "expired".
      if (now.isAfter(it.next().expiry.plus(lifetime))) {
        it.remove();
      } else {
        break;
      }
    }
  }

  private static Duration atLeastOneSecond(Duration d) {
    long seconds = (d.toMillis() + 999) / 1000;
    return Duration.ofSeconds(Math.max(1, seconds));
  }
}
