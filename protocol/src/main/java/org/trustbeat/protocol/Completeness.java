package org.trustbeat.protocol;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How complete the analysis of one window (or the sum over many) was, counted from the envelopes
 * without opening any: chunks seen, duplicates dropped, missing sequence numbers, chunks used only
 * as context, and chunks rejected — by reason where the counter knows it. Immutable.
 *
 * <p>The enclave counts it per window, seals it into the result header (so the host cannot edit it)
 * and returns it in clear beside the sealed result; the host sums it per batch and per job ({@link
 * #plus}). A result header carries only the total of rejected chunks, so a completeness read from
 * one has an empty {@link #rejected()} map and {@link #rejectedTotal()} holds the total.
 *
 * <h2>Security guarantees</h2>
 *
 * Counts only, never content: everything here is visible to the untrusted host by design.
 */
public final class Completeness {
  /** No chunk seen: the start of every sum. */
  public static final Completeness NONE = builder().build();

  private final long chunksSeen;
  private final long duplicatesDropped;
  private final long sequenceGaps;
  private final long contextChunks;
  private final long rejectedTotal;
  private final SortedMap<String, Long> rejected;

  private Completeness(Builder b) {
    chunksSeen = b.chunksSeen;
    duplicatesDropped = b.duplicatesDropped;
    sequenceGaps = b.sequenceGaps;
    contextChunks = b.contextChunks;
    rejected = Collections.unmodifiableSortedMap(new TreeMap<>(b.rejected));
    rejectedTotal =
        b.rejected.isEmpty()
            ? b.rejectedTotal
            : rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Chunk envelopes handed over with the window, context included. */
  public long chunksSeen() {
    return chunksSeen;
  }

  /** Chunks dropped for repeating a sequence number already used. */
  public long duplicatesDropped() {
    return duplicatesDropped;
  }

  /** Sequence numbers missing between the smallest and the largest of the chunks used. */
  public long sequenceGaps() {
    return sequenceGaps;
  }

  /** Authentic chunks used only as context (neighbours in cleaning), none of whose beats is own. */
  public long contextChunks() {
    return contextChunks;
  }

  /**
   * Rejected chunks by reason name (the enclave's {@code RejectReason}), reasons with none absent;
   * empty when only the total is known (read from a result header).
   */
  public Map<String, Long> rejected() {
    return rejected;
  }

  /** All rejected chunks. */
  public long rejectedTotal() {
    return rejectedTotal;
  }

  /**
   * The sum of both, counter by counter. Rejections by reason are merged when both know them; when
   * either knows only its total, the sum knows only the total.
   */
  public Completeness plus(Completeness o) {
    Builder b =
        builder()
            .setChunksSeen(chunksSeen + o.chunksSeen)
            .setDuplicatesDropped(duplicatesDropped + o.duplicatesDropped)
            .setSequenceGaps(sequenceGaps + o.sequenceGaps)
            .setContextChunks(contextChunks + o.contextChunks);
    if (knowsReasons() && o.knowsReasons()) {
      rejected.forEach(b::addRejected);
      o.rejected.forEach(b::addRejected);
    } else {
      b.setRejectedTotal(rejectedTotal + o.rejectedTotal);
    }
    return b.build();
  }

  /** Whether {@link #rejected()} accounts for every rejection (trivially so when there is none). */
  private boolean knowsReasons() {
    return rejectedTotal == 0 || !rejected.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Completeness)) {
      return false;
    }
    Completeness c = (Completeness) o;
    return chunksSeen == c.chunksSeen
        && duplicatesDropped == c.duplicatesDropped
        && sequenceGaps == c.sequenceGaps
        && contextChunks == c.contextChunks
        && rejectedTotal == c.rejectedTotal
        && rejected.equals(c.rejected);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        chunksSeen, duplicatesDropped, sequenceGaps, contextChunks, rejectedTotal, rejected);
  }

  @Override
  public String toString() {
    return "Completeness{chunks="
        + chunksSeen
        + ", duplicates="
        + duplicatesDropped
        + ", gaps="
        + sequenceGaps
        + ", context="
        + contextChunks
        + ", rejected="
        + (rejected.isEmpty() ? Long.toString(rejectedTotal) : rejected.toString())
        + "}";
  }

  /** Validating builder; every counter defaults to 0. */
  public static final class Builder {
    private long chunksSeen;
    private long duplicatesDropped;
    private long sequenceGaps;
    private long contextChunks;
    private long rejectedTotal;
    private final SortedMap<String, Long> rejected = new TreeMap<>();

    private Builder() {}

    public Builder setChunksSeen(long n) {
      this.chunksSeen = n;
      return this;
    }

    public Builder setDuplicatesDropped(long n) {
      this.duplicatesDropped = n;
      return this;
    }

    public Builder setSequenceGaps(long n) {
      this.sequenceGaps = n;
      return this;
    }

    public Builder setContextChunks(long n) {
      this.contextChunks = n;
      return this;
    }

    /** The total of rejected chunks when the reasons are not known; ignored once any is added. */
    public Builder setRejectedTotal(long n) {
      this.rejectedTotal = n;
      return this;
    }

    /** Adds {@code n} rejections for {@code reason}; a count of 0 leaves the reason absent. */
    public Builder addRejected(String reason, long n) {
      Objects.requireNonNull(reason, "reason");
      if (n != 0) {
        rejected.merge(reason, n, Long::sum);
      }
      return this;
    }

    /**
     * @throws IllegalArgumentException if a counter is negative
     */
    public Completeness build() {
      if (chunksSeen < 0
          || duplicatesDropped < 0
          || sequenceGaps < 0
          || contextChunks < 0
          || rejectedTotal < 0
          || rejected.values().stream().anyMatch(n -> n < 0)) {
        throw new IllegalArgumentException(
            "a completeness counter is negative; counters count" + " chunks and must be >= 0");
      }
      return new Completeness(this);
    }
  }
}
