package org.trustbeat.bench;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.RrRecordReader;
import org.trustbeat.protocol.ChunkOpener;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.testing.SharedData;

/**
 * Chunk sealing (patient side) and opening (enclave side) of real RR samples, in samples per
 * second: each invocation seals or opens {@value #SAMPLES} samples cut into chunks of {@code
 * chunkSeconds} seconds of event time (1 s: one MQTT message per second; 60 s: a batched gateway).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SealBenchmark {
  static final int SAMPLES = 3600;

  @Param({"1", "60"})
  public int chunkSeconds;

  private ChunkSealer sealer;
  private ChunkOpener opener;
  private PatientKeys keys;
  private List<RrSamples> chunks;
  private List<ChunkSlot> slots;
  private List<byte[]> sealed;

  @Setup
  public void setUp() throws IOException, GeneralSecurityException {
    BeatSeries record = RrRecordReader.read(SharedData.rr("nsr001_rr_secs.txt"), null);
    keys = PatientKeys.generate();
    sealer = ChunkSealer.create(keys.dataKeyset());
    opener = ChunkOpener.create();
    chunks = new ArrayList<>();
    slots = new ArrayList<>();
    RrSamples.Builder b = RrSamples.builder();
    ChunkSlot current = null;
    for (int i = 0; i < SAMPLES; i++) {
      double t = record.time(i) + 1_700_000_100L;
      ChunkSlot slot = ChunkSlot.containing(t, chunkSeconds * 1000);
      if (!slot.equals(current) && b.size() > 0) {
        chunks.add(b.build());
        slots.add(current);
        b = RrSamples.builder();
      }
      current = slot;
      b.add(t, record.rr(i));
    }
    chunks.add(b.build());
    slots.add(current);
    sealed = new ArrayList<>();
    long seq = 0;
    for (int i = 0; i < chunks.size(); i++) {
      sealed.add(sealer.seal("p-bench", seq++, slots.get(i), chunks.get(i)).toBytes());
    }
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public void seal(Blackhole bh) throws GeneralSecurityException {
    long seq = 0;
    for (int i = 0; i < chunks.size(); i++) {
      bh.consume(sealer.seal("p-bench", seq++, slots.get(i), chunks.get(i)).toBytes());
    }
  }

  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public void open(Blackhole bh) throws GeneralSecurityException {
    for (byte[] c : sealed) {
      bh.consume(opener.open(c, keys.dataAead()));
    }
  }
}
