package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample canary of DeploymentProcessesTest: what it scans, what it reports and keeps. */
class SampleCanaryTest {
  /** Three beats of a recording, as the RR files hold them. */
  private static final List<String> RR =
      List.of("0.54687500", "0.78125000", "0.69531250", "0.57812500");

  @TempDir Path tmp;

  @Test
  void walksDirectories_skipsLinks_andKeepsEvidenceOfALogLinePrintingAValue() throws Exception {
    Path cluster = Files.createDirectories(tmp.resolve("cluster"));
    Path executor = Files.createDirectories(cluster.resolve("spark-worker-1/app-1/0"));
    Files.writeString(cluster.resolve("spark-worker-1.err"), "worker up on 127.0.0.1:7078\n");
    String line = "INFO window rr=781.25 ms next=695.3125 ms\n";
    Files.writeString(executor.resolve("stderr"), "x".repeat(400) + line + "y".repeat(400));
    // A link to a file outside (as spark-home/jars links the class path) is not scanned.
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "0.78125");
    Files.createSymbolicLink(cluster.resolve("link.txt"), outside);
    Path evidence = tmp.resolve("evidence");

    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> SampleCanary.assertNoSample(RR, List.of(cluster), evidence));
    // Named by file, form, item and offset; the value is not in the message.
    assertTrue(e.getMessage().contains("stderr: text of beat 2 at offset 430"), e.getMessage());
    assertFalse(e.getMessage().contains("695.3125"), e.getMessage());
    assertFalse(e.getMessage().contains("link.txt"), e.getMessage());

    String leaks = Files.readString(evidence.resolve("leaks.txt"), StandardCharsets.UTF_8);
    assertTrue(leaks.contains("needle:  text of beat 2, 8 bytes at offset 430"), leaks);
    assertTrue(leaks.contains("match:   695.3125\n"), leaks);
    assertTrue(
        leaks.contains("before:  " + "x".repeat(120) + "INFO window rr=781.25 ms next=\n"), leaks);
    assertTrue(leaks.contains("after:    ms\\x0a" + "y".repeat(146) + "\n"), leaks);
    assertEquals(
        Files.readString(executor.resolve("stderr")),
        Files.readString(evidence.resolve("leaks-00-stderr")));
  }

  /**
   * The hit of 2026-12-03 (run 7 of DeploymentProcessesTest): an executor's stderr, Spark's RocksDB
   * state store commit line, 74 puts of which 64 took under 1 µs, so RocksDB's median is 37/64 =
   * 0.578125 µs, the text of an RR of 0.578125 s (74 of 128 Hz).
   */
  @Test
  void excusesRocksDbHistogramStatistics_butNotTheSameTextElsewhere() throws Exception {
    String prefix =
        "26/12/03 09:46:48 INFO RocksDB StateStoreId(opId=0,partId=0,name=default): Committed 2,"
            + " stats = {\"numCommittedKeys\":-1,\"totalSSTFilesBytes\":4844,";
    String histograms =
        "\"nativeOpsHistograms\":{\"get\":{\"sum\":94,\"avg\":8.545454545454545,"
            + "\"stddev\":4.2,\"median\":1.8333333333333335,\"p95\":204.0,\"p99\":204.0,"
            + "\"count\":11},\"put\":{\"sum\":180,\"avg\":2.4324324324324325,"
            + "\"stddev\":9.094223115982611,\"median\":0.578125,\"p95\":8.599999999999994,"
            + "\"p99\":57.50000000000013,\"count\":74}}";
    Path log = tmp.resolve("stderr");
    Files.writeString(
        log,
        "rocksdb.db.write.micros P50 : 0.781250 P95 : 0.546875 P99 : 1.000000 COUNT : 9\n"
            + prefix
            + histograms
            + ",\"lastCommitLatencyMs\":{\"checkpoint\":60}}\n");
    Path evidence = tmp.resolve("excused");
    SampleCanary.assertNoSample(RR, List.of(log), evidence);
    String excused = Files.readString(evidence.resolve("excused.txt"), StandardCharsets.UTF_8);
    assertEquals(3, excused.split("needle:", -1).length - 1, excused);
    assertTrue(excused.contains("match:   0.578125\n"), excused);

    // The same text anywhere else on those lines is a leak.
    for (String line :
        List.of(
            prefix + "\"window\":0.578125," + histograms + "}",
            prefix + histograms + ",\"median\":0.578125}",
            "rocksdb.db.write.micros COUNT : 0.578125",
            "INFO window put median:0.578125")) {
      Files.writeString(log, line + "\n");
      assertThrows(
          AssertionError.class,
          () -> SampleCanary.assertNoSample(RR, List.of(log), tmp.resolve("leak")),
          line);
    }
  }

  @Test
  void passes_onChanceDigitsInsideOtherNumbers() throws Exception {
    Path log = tmp.resolve("stderr");
    Files.writeString(
        log,
        "Code generated in 1695.312517 ms\n"
            + "{\"avg\":10.6953125,\"p95\":20.546875}\n"
            + "(Original Log Time 2026/12/03-09:32:40.546875)\n");
    SampleCanary.assertNoSample(RR, List.of(log, tmp.resolve("missing")), tmp.resolve("ev"));
    assertFalse(Files.exists(tmp.resolve("ev")));
  }
}
