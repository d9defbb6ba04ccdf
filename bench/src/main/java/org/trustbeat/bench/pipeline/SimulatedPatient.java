package org.trustbeat.bench.pipeline;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import org.trustbeat.edge.Beat;
import org.trustbeat.edge.RrSimulator;
import org.trustbeat.edge.SlotChunker;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.protocol.RrSamples;

/**
 * One simulated wearable, cut into chunks by the gateway's own {@link SlotChunker}: the beats of
 * each epoch-aligned {@value #CHUNK_SECONDS}-s slot form one chunk (the gateway's default slot),
 * with sequence numbers 0, 1, 2, ... Deterministic per seed; every patient beats at 72/min on
 * average (1.2 beats/s) with its own LF/HF rhythm, noise and a few artifacts, so the cleaning and
 * the frequency analysis do real work. Not thread-safe.
 */
final class SimulatedPatient {
  static final double CHUNK_SECONDS = 10;
  static final double BEATS_PER_SECOND = 1.2;

  /** Epoch seconds where every bench stream starts; a multiple of 300 s and of the chunk slot. */
  static final double START_EPOCH_SECONDS = 1_700_000_100.0;

  private final String name;
  private final RrSimulator simulator;

  /** Always holds the first beat of the next chunk's slot. */
  private final SlotChunker chunker =
      new SlotChunker((int) (CHUNK_SECONDS * 1000), ProtocolLimits.DEFAULT_MAX_SAMPLES_PER_CHUNK);

  private BenchChunk completed;
  private long sequence;

  SimulatedPatient(String name, long seed) {
    this.name = name;
    Random r = new Random(seed);
    this.simulator =
        RrSimulator.builder()
            .setSeed(seed)
            .setMeanHeartRate(60 * BEATS_PER_SECOND)
            .setLf(15 + 20 * r.nextDouble(), 0.08 + 0.04 * r.nextDouble())
            .setHf(10 + 25 * r.nextDouble(), 0.2 + 0.1 * r.nextDouble())
            .setNoise(5)
            .setArtifactRate(0.005)
            .setStartEpochSeconds(START_EPOCH_SECONDS)
            .build();
    addNextBeat();
  }

  String name() {
    return name;
  }

  /** End (epoch seconds) of the slot the next chunk will cover. */
  double nextSlotEnd() {
    return chunker.openSlot().endMillis() / 1000.0;
  }

  /** The next slot's chunk, with at most {@code maxBeats} beats (the slot's rest is skipped). */
  BenchChunk nextChunk(long maxBeats) {
    completed = null;
    while (completed == null) {
      addNextBeat();
    }
    RrSamples s = completed.samples();
    if (s.size() <= maxBeats) {
      return completed;
    }
    int n = (int) maxBeats;
    return new BenchChunk(
        name,
        completed.sequence(),
        completed.slot(),
        RrSamples.of(Arrays.copyOf(s.tSecondsArray(), n), Arrays.copyOf(s.rrMsArray(), n)));
  }

  private void addNextBeat() {
    Beat b = simulator.next();
    try {
      chunker.add(
          b.tEpochSeconds(),
          b.rrMs(),
          (slot, samples) -> completed = new BenchChunk(name, sequence++, slot, samples));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("simulated beat outside the epoch range", e);
    }
  }
}
