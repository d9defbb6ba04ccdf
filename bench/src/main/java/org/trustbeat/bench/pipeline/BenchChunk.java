package org.trustbeat.bench.pipeline;

import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.RrSamples;

/**
 * One chunk of one simulated patient, before it is sealed (or wrapped in clear for plain mode): the
 * beats of one slot, which the chunk's header carries.
 */
record BenchChunk(String patient, long sequence, ChunkSlot slot, RrSamples samples) {
  /** The header's slot start, epoch ms (inclusive). */
  long startMillis() {
    return slot.startMillis();
  }

  /** The header's slot end, epoch ms (exclusive). */
  long endMillis() {
    return slot.endMillis();
  }

  @Override
  public String toString() {
    return "BenchChunk{patient="
        + patient
        + ", seq="
        + sequence
        + ", slot="
        + slot
        + ", samples="
        + samples.size()
        + "}";
  }
}
