package org.trustbeat.bench.pipeline;

import org.trustbeat.protocol.RrSamples;

/** One chunk of one simulated patient, before it is sealed (or wrapped in clear for plain mode). */
record BenchChunk(String patient, long sequence, RrSamples samples) {
  /** The header's start, epoch ms, as ChunkSealer and PlainChunk compute it. */
  long startMillis() {
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < samples.size(); i++) {
      min = Math.min(min, samples.tSeconds(i) * 1000.0);
    }
    return (long) Math.floor(min);
  }

  /** The header's end, epoch ms, as ChunkSealer and PlainChunk compute it. */
  long endMillis() {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < samples.size(); i++) {
      max = Math.max(max, samples.tSeconds(i) * 1000.0);
    }
    return (long) Math.ceil(max);
  }

  @Override
  public String toString() {
    return "BenchChunk{patient=" + patient + ", seq=" + sequence + ", samples=" + samples.size() + "}";
  }
}
