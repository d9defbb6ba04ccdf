package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code trustbeat bench --quick} through the real command line: every mode measured, a summary
 * with the ratio table, real PNG plots, honest labels; and bad arguments refused as usage errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BenchCommandTest {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private Path tmp;
  private Path out;
  private CommandRun run;

  @BeforeAll
  void runQuick(@TempDir Path dir) {
    tmp = dir;
    out = tmp.resolve("bench");
    run = CommandRun.run("bench", "--quick", "--out", out.toString());
  }

  @Test
  void quickRun_measuresEveryModeInBatchStreamAndCapacity() throws Exception {
    assertEquals(0, run.code(), run.err());
    List<String> csv = Files.readAllLines(out.resolve("measurements.csv"));
    assertEquals("kind,mode,job,load,load_bytes,rep,value,unit", csv.get(0));
    for (String kind : List.of("batch", "stream", "capacity")) {
      Set<String> modes =
          csv.stream()
              .skip(1)
              .map(l -> l.split(","))
              .filter(f -> f[0].equals(kind))
              .map(f -> f[1])
              .collect(Collectors.toSet());
      assertEquals(Set.of("plain", "sealed-inprocess", "sealed-process"), modes, kind);
    }
    assertTrue(
        csv.stream()
            .skip(1)
            .filter(l -> l.startsWith("batch,"))
            .allMatch(l -> Double.parseDouble(l.split(",")[6]) > 0),
        "every batch time is positive");
  }

  @Test
  void summary_hasTheRatioTable_besideThePapersRatios() throws Exception {
    String md = Files.readString(out.resolve("summary.md"));
    assertTrue(
        md.contains("| job | load | plain | sealed-inprocess | ratio | sealed-process | ratio |"),
        md);
    assertTrue(md.contains("| identity | 1kB | "), md);
    assertTrue(md.contains("×"), md);
    assertTrue(md.contains("2–2.5×") && md.contains("4–5×"), md);
    assertTrue(md.contains("cores (nproc)") && md.contains("Java "), md);
    assertTrue(md.contains("SIMULATION attestation"), md);
  }

  @Test
  void plots_arePngFiles() throws Exception {
    List<Path> pngs;
    try (Stream<Path> s = Files.list(out)) {
      pngs = s.filter(p -> p.toString().endsWith(".png")).toList();
    }
    assertTrue(pngs.size() >= 3, "batch, stream and capacity plots: " + pngs);
    for (Path p : pngs) {
      assertArrayEquals(PNG, Arrays.copyOf(Files.readAllBytes(p), 8), p.toString());
    }
  }

  @Test
  void output_showsProgressPerMeasurement_andHonestLabels() {
    assertTrue(run.out().contains("[1/12] batch 1 kB identity plain rep 1: "), run.out());
    assertTrue(run.out().contains("[12/12] capacity identity sealed-process: "), run.out());
    assertTrue(run.out().contains("SIMULATION attestation"), run.out());
    assertTrue(run.out().contains("sgx: needs SGX hardware, not measured"), run.out());
    assertTrue(run.out().contains("straight into the landing store"), run.out());
  }

  @Test
  void capacityProbes_runInFreshJvmsOfTheirOwn_oneAfterAnother() throws Exception {
    long own = ProcessHandle.current().pid();
    List<Long> probeJvms =
        run.out()
            .lines()
            .filter(l -> l.contains("probe JVM ") && l.contains(": warm-up 1 "))
            .map(l -> Long.parseLong(l.replaceAll(".*probe JVM (\\d+): warm-up 1 .*", "$1")))
            .toList();
    assertEquals(3, probeJvms.size(), "one per mode: " + run.out());
    assertEquals(3, Set.copyOf(probeJvms).size(), "each its own JVM: " + probeJvms);
    assertFalse(probeJvms.contains(own), "not the bench's JVM");
    String log = Files.readString(out.resolve("trustbeat.log"));
    for (long pid : probeJvms) {
      assertTrue(log.contains("probe JVM " + pid + " started"), "logs to the bench's file: " + pid);
    }
  }

  @Test
  void badArguments_areUsageErrors_andWriteNothing() {
    Path bad = tmp.resolve("bad");
    for (String[] args :
        List.of(
            new String[] {"--modes", "plain,sgx"},
            new String[] {"--modes", "sealed-process"},
            new String[] {"--loads", "twelve-parsecs"},
            new String[] {"--jobs", "astrology"},
            new String[] {"--reps", "0"},
            new String[] {"--kinds", "vibes"},
            new String[] {"--state-memory", "32"})) {
      String[] full =
          Stream.concat(Stream.of("bench", "--out", bad.toString()), Arrays.stream(args))
              .toArray(String[]::new);
      CommandRun r = CommandRun.run(full);
      assertEquals(CommandLine.ExitCode.USAGE, r.code(), String.join(" ", args) + ": " + r.err());
      assertTrue(r.err().startsWith("trustbeat bench: "), r.err());
    }
    assertFalse(Files.exists(bad.resolve("measurements.csv")));
  }

  @Test
  void reportOnly_rebuildsTheSummaryFromTheCsv() throws Exception {
    Path copy = Files.createDirectories(tmp.resolve("copy"));
    Files.copy(out.resolve("measurements.csv"), copy.resolve("measurements.csv"));
    CommandRun r = CommandRun.run("bench", "--report-only", "--out", copy.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.readString(copy.resolve("summary.md")).contains("| identity | 1kB | "));
  }
}
