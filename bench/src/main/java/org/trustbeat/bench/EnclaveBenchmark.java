package org.trustbeat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.enclave.host.EnclaveConfig;
import org.trustbeat.enclave.host.EnclaveHost;
import org.trustbeat.enclave.host.EnclaveHosts;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.RrRecordReader;
import org.trustbeat.protocol.AnalysisPolicy;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.KeyBrokerSigningKey;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.PlainChunk;
import org.trustbeat.protocol.ReleasedPatient;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.protocol.SignedKeyRelease;
import org.trustbeat.testing.SharedData;

/**
 * One call of {@link EnclaveHost#process} on a realistic batch: {@code patients} patients × one
 * closed 300-s window each, {@code chunkSeconds}-s chunks (1 s: the worst case, about one beat per
 * chunk; 10 s: what the gateway makes), real beats (patient i gets the i-th 300 s of nsr001, about
 * 1.2 beats/s). The score is one batch; divide {@code patients × ~360} samples by it for samples/s
 * (printed at set-up, with the chunks' bytes: chunk format version 2 pads every 10-s chunk to 37
 * beats). Comparing {@code sealed-inprocess} with {@code sealed-process} gives the cost of crossing
 * into a second JVM; {@code plain} is the unprotected baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnclaveBenchmark {
  private static final long BASE_S = 1_700_000_100L;
  private static final long WINDOW_MS = 300_000L;

  @Param({"plain", "sealed-inprocess", "sealed-process"})
  public String mode;

  @Param({"20", "200"})
  public int patients;

  @Param({"hrv", "identity"})
  public String job;

  @Param({"1", "10"})
  public int chunkSeconds;

  private EnclaveHost host;
  private WindowBatch batch;
  private Path workDir;

  @Setup(Level.Trial)
  public void setUp() throws IOException, GeneralSecurityException {
    HostKind kind = HostKind.byLabel(mode);
    workDir = Files.createTempDirectory("trustbeat-bench-");
    KeyBrokerSigningKey keyBroker = KeyBrokerSigningKey.generate();
    host =
        EnclaveHosts.create(
            kind,
            EnclaveConfig.builder()
                .setWorkDir(workDir)
                .setSimulationKeyFile(workDir.resolve("sim.key"))
                .setKeyBrokerKey(keyBroker.verificationKey())
                .build());
    BeatSeries record = RrRecordReader.read(SharedData.rr("nsr001_rr_secs.txt"), null);
    Map<String, ReleasedPatient> keys = new HashMap<>();
    AnalysisPolicy everyJob =
        AnalysisPolicy.of(List.of("identity", "sdnn", "hrv-bands", "hrv"), List.of(WINDOW_MS));
    List<WindowTask> tasks = new ArrayList<>();
    long windowStart = BASE_S * 1000;
    int samples = 0;
    long bytes = 0;
    for (int p = 0; p < patients; p++) {
      String patient = "p" + p;
      PatientKeys k = PatientKeys.generate();
      keys.put(patient, ReleasedPatient.of(k, everyJob));
      ChunkSealer sealer = ChunkSealer.create(k.dataKeyset());
      double from = p * 300.0;
      List<byte[]> chunks = new ArrayList<>();
      RrSamples.Builder b = RrSamples.builder();
      ChunkSlot slot = null;
      long seq = 0;
      for (int i = 0; i < record.size(); i++) {
        double t = record.time(i);
        if (t < from || t >= from + 300) {
          continue;
        }
        double epoch = BASE_S + (t - from);
        ChunkSlot s = ChunkSlot.containing(epoch, chunkSeconds * 1000);
        if (!s.equals(slot) && b.size() > 0) {
          chunks.add(chunk(kind, sealer, patient, seq++, slot, b.build()));
          b = RrSamples.builder();
        }
        slot = s;
        b.add(epoch, record.rr(i));
        samples++;
      }
      if (b.size() > 0) {
        chunks.add(chunk(kind, sealer, patient, seq, slot, b.build()));
      }
      for (byte[] c : chunks) {
        bytes += c.length;
      }
      tasks.add(WindowTask.of(patient, windowStart, WINDOW_MS, chunks));
    }
    if (kind != HostKind.PLAIN) {
      byte[] nonce = new byte[32];
      new SecureRandom().nextBytes(nonce);
      host.attest(nonce);
      host.installKeys(
          nonce, SignedKeyRelease.seal(keyBroker, host.publicKey(), nonce, "SIMULATION", keys));
    }
    batch = WindowBatch.of("bench", HrvJob.byName(job), tasks);
    System.out.println(
        "# batch: "
            + patients
            + " patients, "
            + samples
            + " samples (divide by the"
            + " score in ms for samples/ms), "
            + bytes
            + " chunk bytes");
  }

  private static byte[] chunk(
      HostKind kind, ChunkSealer sealer, String patient, long seq, ChunkSlot slot, RrSamples s)
      throws GeneralSecurityException {
    return kind == HostKind.PLAIN
        ? PlainChunk.create(patient, seq, slot, s).toBytes()
        : sealer.seal(patient, seq, slot, s).toBytes();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    host.close();
    try (var s = Files.walk(workDir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public List<WindowOutcome> processBatch() throws GeneralSecurityException, IOException {
    return host.process(batch);
  }
}
