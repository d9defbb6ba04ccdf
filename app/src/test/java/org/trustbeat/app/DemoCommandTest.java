package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustbeat.app.CommandRun.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.HrvJson;
import org.trustbeat.hrv.RrRecordReader;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.keybroker.InsecureFileMasterKey;
import org.trustbeat.keybroker.KeyDirectory;
import org.trustbeat.keybroker.PatientKeyStore;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ResultEnvelope;
import org.trustbeat.protocol.ResultOpener;
import org.trustbeat.server.ResultStore;
import org.trustbeat.testing.LeakScanner;
import picocli.CommandLine;

/**
 * One short run of the whole demo — key broker, embedded MQTT, ingest, Spark, child-process
 * enclave, gateways and consumers — checked for what a user relies on: honest labels, results equal
 * to {@code trustbeat hrv}'s numbers, and no sample in clear anywhere on the untrusted side.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoCommandTest {
  private static final long WINDOW = 60;
  private static final String LABEL =
      "[sealed-process, SIMULATION attestation: no hardware protection]";

  private Path tmp;
  private Path work;
  private CommandRun run;

  @BeforeAll
  void tempDir(@TempDir Path dir) {
    tmp = dir;
    work = tmp.resolve("demo");
  }

  /** The one demo run the checks below share; started by the first test that needs it. */
  private synchronized CommandRun demo() {
    if (run == null) {
      run = runDemo();
    }
    return run;
  }

  private CommandRun runDemo() {
    return run(
        "demo",
        "--patients",
        "2",
        "--duration",
        "25",
        "--speed",
        "300",
        "--trigger",
        "2",
        "--window",
        Long.toString(WINDOW),
        "--work-dir",
        work.toString(),
        "--data",
        HrvCommandTest.rr("nsr001_rr_secs.txt").getParent().toString());
  }

  @Test
  void demo_endsWithASummary_andEveryResultLineSaysItIsASimulation() {
    assertEquals(0, demo().code(), demo().err());
    List<String> results = demo().out().lines().filter(l -> l.contains(" window ")).toList();
    assertFalse(results.isEmpty(), demo().out());
    for (String line : results) {
      assertTrue(line.startsWith(LABEL), line);
    }
    assertFalse(demo().out().contains("SGX_DCAP"), "no output may claim hardware attestation");
    assertTrue(demo().out().contains("summary " + LABEL), demo().out());
    assertTrue(demo().out().contains("0 chunks by the enclave"), demo().out());
  }

  @Test
  void replayedRecord_givesTheSameNumbersAsTrustbeatHrv_windowForWindow() throws Exception {
    assertEquals(0, demo().code(), demo().err());
    KeyDirectory keys = KeyDirectory.at(work.resolve("trusted").resolve("keys"));
    PatientKeyStore store =
        PatientKeyStore.open(
            keys.patientsDirectory(), InsecureFileMasterKey.load(keys.masterKeyFile()));
    PatientKeys patient = store.load("rec-nsr001");
    Map<Long, String> opened = new HashMap<>();
    for (ResultStore.StoredResult stored :
        ResultStore.open(work.resolve("host").resolve("results")).results("rec-nsr001")) {
      ResultEnvelope env = ResultEnvelope.parse(stored.sealedResult());
      byte[] json = ResultOpener.create().open(env, patient.resultAead());
      opened.put(env.header().windowStartMillis() / 1000, new String(json, StandardCharsets.UTF_8));
    }
    assertTrue(opened.size() >= 3, "results for the replayed record: " + opened.keySet());

    // The replay shifts the file by a multiple of the window: recover it from the first window.
    BeatSeries file = RrRecordReader.read(HrvCommandTest.rr("nsr001_rr_secs.txt"), null);
    long firstFileWindow =
        (long) HrvAnalyzer.windows(file, WINDOW, HrvJob.SDNN).get(0).windowStart();
    long base = opened.keySet().stream().min(Long::compare).orElseThrow() - firstFileWindow;
    double[] t = file.times();
    for (int i = 0; i < t.length; i++) {
      t[i] += base;
    }
    Map<Long, String> expected = new HashMap<>();
    for (WindowResult w : HrvAnalyzer.windows(BeatSeries.of(t, file.rrMs()), WINDOW, HrvJob.HRV)) {
      expected.put((long) w.windowStart(), HrvJson.toJson(w));
    }
    for (Map.Entry<Long, String> e : opened.entrySet()) {
      assertEquals(expected.get(e.getKey()), e.getValue(), "window " + e.getKey());
    }
  }

  @Test
  void withoutATerminal_statusComesAsPeriodicPlainLines_andKeyReleasesAsOneSummary()
      throws IOException {
    assertEquals(0, demo().code(), demo().err());
    String out = demo().out();
    assertFalse(out.contains("\u001b"), "no control sequences when the output is not a terminal");
    List<String> status = out.lines().filter(l -> l.startsWith("status " + LABEL)).toList();
    assertFalse(status.isEmpty(), "a status line every 15 s of the 25-s run: " + out);
    for (String l : status) {
      assertTrue(
          l.matches(
              ".* beats sealed in \\d+ chunks, \\d+ published, \\d+ landed; \\d+"
                  + " micro-batches, last .* \\(trigger 2 s\\); \\d+ windows closed; \\d+ results opened;.*"),
          l);
    }
    assertFalse(out.contains("key broker: "), "no line per key release: " + out);
    String keys = out.lines().filter(l -> l.startsWith("  keys ")).findFirst().orElseThrow();
    java.util.regex.Matcher opened =
        java.util.regex.Pattern.compile(", (\\d+) results opened by patients").matcher(out);
    assertTrue(opened.find(), out);
    // Keys go to the enclave with the first batch that closes a window of the patient, before any
    // of its results: one summary line for however many of the 4 patients (2 simulated, 2
    // replayed) have had a window closed by then.
    String released =
        "  keys               released keys of [1-4] patients? to a SIMULATED enclave"
            + " \\(no hardware protection\\)";
    if (opened.group(1).equals("0")) {
      assertTrue(
          keys.matches(released) || keys.equals("  keys               no keys released yet"), keys);
    } else {
      assertTrue(keys.matches(released), keys);
    }
    Path log = work.resolve("trustbeat.log").toAbsolutePath();
    assertTrue(
        out.lines().limit(5).anyMatch(l -> l.equals("log: " + log)), "log named at start: " + out);
    assertTrue(Files.readString(log).contains("started query"), "the job's lines are in the log");
  }

  @Test
  void noSampleOfTheReplayedRecord_isInClearOnTheUntrustedSide() throws IOException {
    assertEquals(0, demo().code(), demo().err());
    double[] rr = RrRecordReader.read(HrvCommandTest.rr("nsr001_rr_secs.txt"), null).rrMs();
    List<byte[]> canaries = new ArrayList<>();
    // Distinctive values the replay certainly sent (the first minutes of the record).
    for (int i = 1; i < 200; i += 7) {
      canaries.add(ByteBuffer.allocate(8).putDouble(rr[i]).array());
      canaries.add(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(rr[i]).array());
      canaries.add(Double.toString(rr[i]).getBytes(StandardCharsets.US_ASCII));
      canaries.add(String.format("%.8f", rr[i] / 1000).getBytes(StandardCharsets.US_ASCII));
    }
    for (String untrusted : List.of("broker", "landing", "checkpoint", "results")) {
      assertTrue(Files.isDirectory(work.resolve("host").resolve(untrusted)), untrusted + " exists");
    }
    // Everything the untrusted host holds, not only the directories named above.
    for (Path f : hostFiles()) {
      byte[] content = Files.readAllBytes(f);
      for (byte[] c : canaries) {
        assertFalse(LeakScanner.contains(content, c), f + " holds a sample in clear");
      }
    }
    byte[] log = Files.readAllBytes(work.resolve("trustbeat.log"));
    for (byte[] c : canaries) {
      assertFalse(LeakScanner.contains(log, c), "the log file holds a sample");
    }
    for (byte[] c : canaries) {
      assertFalse(
          LeakScanner.contains(demo().out().getBytes(StandardCharsets.UTF_8), c),
          "output holds a sample");
      assertFalse(
          LeakScanner.contains(demo().err().getBytes(StandardCharsets.UTF_8), c),
          "errors hold a sample");
    }
  }

  private List<Path> hostFiles() throws IOException {
    try (Stream<Path> files = Files.walk(work.resolve("host"))) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  /**
   * Finding 11: the master key and the simulated enclave's signing key must not be in what the
   * untrusted host holds. They live in DIR/trusted (mode 0700); DIR/host holds no key file and none
   * of their bytes, and the work directory's top level holds nothing else.
   */
  @Test
  void masterKeyAndSimulationKey_liveInTheTrustedPart_noneOfTheirBytesInTheHostPart()
      throws IOException {
    assertEquals(0, demo().code(), demo().err());
    Path trusted = work.resolve("trusted");
    assertEquals(
        "rwx------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(trusted)));
    Path master = trusted.resolve("keys").resolve("master-key.json");
    Path simulation = trusted.resolve("simulation-attestation.key");
    assertTrue(Files.exists(master) && Files.exists(simulation), "keys in " + trusted);
    try (Stream<Path> top = Files.list(work)) {
      // The log file sits beside the two zones: ids and sizes only (checked for samples below).
      assertEquals(
          List.of(".trustbeat-demo", "host", "trustbeat.log", "trusted"),
          top.map(p -> p.getFileName().toString()).sorted().toList());
    }
    List<byte[]> secrets = new ArrayList<>();
    String masterJson = Files.readString(master);
    java.util.regex.Matcher value =
        java.util.regex.Pattern.compile("\"value\"\\s*:\\s*\"([^\"]{20,})\"").matcher(masterJson);
    assertTrue(value.find(), "the master keyset holds its key value");
    secrets.add(value.group(1).getBytes(StandardCharsets.US_ASCII));
    for (String line : Files.readAllLines(simulation)) {
      if (line.startsWith("private=")) {
        secrets.add(line.substring("private=".length()).getBytes(StandardCharsets.US_ASCII));
      }
    }
    assertEquals(2, secrets.size());
    for (Path f : hostFiles()) {
      String name = f.getFileName().toString();
      assertFalse(
          name.contains("master-key")
              || name.endsWith(".keys")
              || name.contains("simulation-attestation"),
          f + " is a key file on the host side");
      byte[] content = Files.readAllBytes(f);
      for (byte[] secret : secrets) {
        assertFalse(LeakScanner.contains(content, secret), f + " holds key material");
      }
    }
    for (byte[] secret : secrets) {
      assertFalse(
          LeakScanner.contains(demo().out().getBytes(StandardCharsets.UTF_8), secret),
          "output holds a key");
      assertFalse(
          LeakScanner.contains(demo().err().getBytes(StandardCharsets.UTF_8), secret),
          "errors hold a key");
    }
    assertTrue(
        demo().out().contains("one login per client, random passwords for this run"), demo().out());
  }

  @Test
  void workDirectoryOfSomethingElse_isNeverEmptied() throws IOException {
    Path precious = Files.createDirectories(tmp.resolve("precious"));
    Files.writeString(precious.resolve("thesis.txt"), "years of work");
    CommandRun r = run("demo", "--work-dir", precious.toString());
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(Files.exists(precious.resolve("thesis.txt")));
  }

  @Test
  void plainMode_isRefusedWithWhereToFindIt() {
    CommandRun r = run("demo", "--mode", "plain", "--work-dir", tmp.resolve("x").toString());
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("bench"), r.err());
  }

  @Test
  void sgxMode_withoutSgx_saysWhatIsMissingAndWhichModeToUse() {
    CommandRun r = run("demo", "--mode", "sgx", "--work-dir", tmp.resolve("sgx").toString());
    assertEquals(CommandLine.ExitCode.SOFTWARE, r.code());
    assertTrue(r.err().contains("use --mode sealed-process"), r.err());
    assertFalse(r.out().contains("started"), r.out());
  }
}
