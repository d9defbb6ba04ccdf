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
  private static final List<String> RR = List.of("0.54687500", "0.78125000", "0.69531250");

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
        Files.readString(evidence.resolve("file-00-stderr")));
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
