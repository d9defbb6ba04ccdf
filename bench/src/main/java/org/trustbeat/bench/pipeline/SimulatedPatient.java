package org.trustbeat.bench.pipeline;

import java.security.GeneralSecurityException;
import java.util.Random;
import org.trustbeat.edge.Beat;
import org.trustbeat.edge.RrSimulator;
import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.RrSamples;

/**
 * One simulated wearable, cut into chunks the way the gateway cuts them: the beats of each
 * epoch-aligned {@value #CHUNK_SECONDS}-s slot form one chunk (the gateway's default slot), with
 * sequence numbers 0, 1, 2, ... Deterministic per seed; every patient beats at 72/min on average
 * (1.2 beats/s) with its own LF/HF rhythm, noise and a few artifacts, so the cleaning and the
 * frequency analysis do real work. Not thread-safe.
 */
final class SimulatedPatient {
  static final double CHUNK_SECONDS = 10;
  static final double BEATS_PER_SECOND = 1.2;
  /** Epoch seconds where every bench stream starts; a multiple of 300 s and of the chunk slot. */
  static final double START_EPOCH_SECONDS = 1_700_000_100.0;

  private final String name;
  private final RrSimulator simulator;
  private Beat next;
  private long sequence;

  SimulatedPatient(String name, long seed) {
    this.name = name;
    Random r = new Random(seed);
    this.simulator = RrSimulator.builder()
        .setSeed(seed)
        .setMeanHeartRate(60 * BEATS_PER_SECOND)
        .setLf(15 + 20 * r.nextDouble(), 0.08 + 0.04 * r.nextDouble())
        .setHf(10 + 25 * r.nextDouble(), 0.2 + 0.1 * r.nextDouble())
        .setNoise(5)
        .setArtifactRate(0.005)
        .setStartEpochSeconds(START_EPOCH_SECONDS)
        .build();
    this.next = simulator.next();
  }

  String name() {
    return name;
  }

  /** End (epoch seconds) of the slot the next chunk will cover. */
  double nextSlotEnd() {
    return slotOf(next.tEpochSeconds()).endMillis() / 1000.0;
  }

  /** The next slot's chunk, with at most {@code maxBeats} beats (the slot's rest is skipped). */
  BenchChunk nextChunk(long maxBeats) {
    ChunkSlot slot = slotOf(next.tEpochSeconds());
    RrSamples.Builder b = RrSamples.builder();
    while (slot.contains(next.tEpochSeconds())) {
      if (b.size() < maxBeats) {
        b.add(next.tEpochSeconds(), next.rrMs());
      }
      next = simulator.next();
    }
    return new BenchChunk(name, sequence++, slot, b.build());
  }

  /** The gateway's slot of a beat ({@link ChunkSlot#containing}). */
  private static ChunkSlot slotOf(double tEpochSeconds) {
    try {
      return ChunkSlot.containing(tEpochSeconds, (int) (CHUNK_SECONDS * 1000));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("simulated beat outside the epoch range", e);
    }
  }
}
