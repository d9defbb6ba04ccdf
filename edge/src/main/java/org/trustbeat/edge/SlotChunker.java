package org.trustbeat.edge;

import java.io.IOException;
import java.security.GeneralSecurityException;
import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.RrSamples;

/**
 * Cuts a stream of beats into chunks the way the gateway does: the beats of one epoch-aligned time
 * slot ({@link ChunkSlot#containing}), at most {@code maxBeats} each. A chunk is complete when the
 * first beat of another slot arrives, when it is full, or on {@link #flush}. The {@link Gateway}
 * seals and sends what it completes; the bench's simulated patients make the same chunks. Not
 * thread-safe.
 */
public final class SlotChunker {
  /** Takes each completed chunk. */
  @FunctionalInterface
  public interface Sink {
    void accept(ChunkSlot slot, RrSamples samples) throws IOException, GeneralSecurityException;
  }

  private final int slotMillis;
  private final int maxBeats;
  private RrSamples.Builder open = RrSamples.builder();
  private ChunkSlot openSlot;

  /**
   * @param slotMillis the slot length, within {@link ChunkSlot}'s bounds
   * @param maxBeats the most beats of one chunk, 1 or more
   */
  public SlotChunker(int slotMillis, int maxBeats) {
    if (maxBeats < 1) {
      throw new IllegalArgumentException("max beats per chunk must be 1 or more, was " + maxBeats);
    }
    this.slotMillis = slotMillis;
    this.maxBeats = maxBeats;
  }

  /**
   * Adds a beat; hands {@code sink} the open chunk first if the beat falls into another slot, and
   * the beat's chunk once it is full.
   *
   * @throws GeneralSecurityException if the time is outside the range a slot can have
   */
  public void add(double tEpochSeconds, double rrMs, Sink sink)
      throws IOException, GeneralSecurityException {
    ChunkSlot slot = ChunkSlot.containing(tEpochSeconds, slotMillis);
    if (open.size() > 0 && !slot.equals(openSlot)) {
      complete(sink);
    }
    openSlot = slot;
    open.add(tEpochSeconds, rrMs);
    if (open.size() >= maxBeats) {
      complete(sink);
    }
  }

  /** Hands {@code sink} the open chunk, if it holds a beat. */
  public void flush(Sink sink) throws IOException, GeneralSecurityException {
    if (open.size() > 0) {
      complete(sink);
    }
  }

  /** The slot of the chunk beats are being added to, or null when none is open. */
  public ChunkSlot openSlot() {
    return open.size() > 0 ? openSlot : null;
  }

  private void complete(Sink sink) throws IOException, GeneralSecurityException {
    RrSamples samples = open.build();
    open = RrSamples.builder();
    sink.accept(openSlot, samples);
  }

  @Override
  public String toString() {
    return "SlotChunker{slotMillis="
        + slotMillis
        + ", maxBeats="
        + maxBeats
        + ", open="
        + open.size()
        + "}";
  }
}
