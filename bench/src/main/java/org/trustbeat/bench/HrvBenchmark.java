package org.trustbeat.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.RrRecordReader;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.testing.SharedData;

/**
 * The HRV engine over a whole 24-hour record (about 100 000 beats): the target is the full suite in
 * 5-minute windows in under 2 s on one core (JMH runs the benchmark on one thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HrvBenchmark {
  @Param({"nsr001_rr_secs.txt"})
  public String record;

  @Param({"hrv", "sdnn", "hrv-bands"})
  public String job;

  private BeatSeries beats;
  private HrvJob hrvJob;

  @Setup
  public void load() throws IOException {
    beats = RrRecordReader.read(SharedData.rr(record), null);
    hrvJob = HrvJob.byName(job);
  }

  @Benchmark
  public List<WindowResult> fiveMinuteWindows() {
    return HrvAnalyzer.windows(beats, 300, hrvJob);
  }

  @Benchmark
  public WindowResult wholeRecord() {
    return HrvAnalyzer.wholeRecord(beats);
  }
}
