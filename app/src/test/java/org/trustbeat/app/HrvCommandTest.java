package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustbeat.app.CommandRun.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.testing.SharedData;
import picocli.CommandLine;

class HrvCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Output, error and exit code of one run of the command line. */
  static Path rr(String name) {
    return SharedData.rr(name);
  }

  @Test
  void realRecord_printsOneJsonObjectPerWindowHoldingABeat() throws Exception {
    CommandRun r = run("hrv", rr("nsr001_rr_secs.txt").toString());
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().strip().split("\n");
    // Version 1 printed 244: the 27 windows of 164 minutes it had rejected entirely were missing.
    assertEquals(271, lines.length, "nsr001 has 271 five-minute windows holding a beat");
    JsonNode first = JSON.readTree(lines[1]);
    assertEquals(300.0, first.get("window_start").asDouble());
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = first.fieldNames(); it.hasNext(); ) {
      keys.add(it.next());
    }
    assertEquals(
        List.of(
            "window_start",
            "n_total",
            "n_rejected",
            "artifact_pct",
            "quality",
            "n_nn",
            "mean_nn",
            "median_nn",
            "sdnn",
            "rmssd",
            "sdsd",
            "nn50",
            "pnn50",
            "nn20",
            "pnn20",
            "cvnn",
            "mean_hr",
            "std_hr",
            "min_hr",
            "max_hr",
            "hti",
            "vlf",
            "lf",
            "hf",
            "total_power",
            "lf_hf",
            "lf_nu",
            "hf_nu",
            "lf_peak",
            "hf_peak",
            "sd1",
            "sd2",
            "sd1_sd2",
            "sampen",
            "dfa_a1",
            "dfa_a2"),
        keys);
    int beats = 0;
    int rejected = 0;
    for (String line : lines) {
      JsonNode w = JSON.readTree(line);
      assertTrue(w.get("n_total").asInt() >= 1);
      assertEquals("good", w.get("quality").asText(), "nsr001 has no fair or poor 5-min window");
      beats += w.get("n_total").asInt();
      rejected += w.get("n_rejected").asInt();
    }
    assertEquals(106460, beats, "every beat of the record is in a printed window");
    assertEquals(198, rejected, "0.19 %, as the independent reference counts");
  }

  @Test
  void windowsWithoutNnBeats_arePrintedWithNulls_andPoorRowsAreMarked() throws Exception {
    // Under two minutes of steady rhythm, then a 9-s gap and values no heart produces, all in
    // the third minute.
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 140; i++) {
      text.append(800 + (i % 3) * 5).append('\n');
    }
    text.append(9000).append('\n');
    for (int i = 0; i < 40; i++) {
      text.append(150).append('\n');
    }
    Path f = Files.writeString(dir.resolve("burst_rr_ms.txt"), text);
    String[] lines = run("hrv", f.toString(), "--window", "60").out().strip().split("\n");
    assertEquals(3, lines.length);
    JsonNode last = JSON.readTree(lines[2]);
    assertEquals(41, last.get("n_total").asInt());
    assertEquals(0, last.get("n_nn").asInt());
    assertEquals(100.0, last.get("artifact_pct").asDouble());
    assertEquals("poor", last.get("quality").asText());
    assertTrue(
        last.get("mean_nn").isNull() && last.get("mean_hr").isNull() && last.get("hti").isNull());

    CommandRun table = run("hrv", f.toString(), "--window", "60", "--format", "table");
    assertTrue(table.out().contains("POOR"), table.out());
    assertTrue(table.out().contains("3 windows (1 poor)"), table.out());
    Path png = dir.resolve("burst.png");
    assertEquals(0, run("hrv", f.toString(), "--window", "60", "--plot", png.toString()).code());
    assertTrue(Files.size(png) > 0);
  }

  @Test
  void whole_printsOneObjectWithLongTermMetrics() throws Exception {
    CommandRun r = run("hrv", rr("healthy_000_rr_ms.txt").toString(), "--whole");
    assertEquals(0, r.code(), r.err());
    JsonNode whole = JSON.readTree(r.out());
    assertEquals(80441, whole.get("n_total").asInt(), "80441 values; the last line is blank");
    assertTrue(whole.get("sdann").isNumber());
    assertTrue(whole.get("sdnn_index").isNumber());
    assertEquals(352, whole.get("n_rejected").asInt(), "as the independent reference counts");
    assertEquals(100.0 * 352 / 80441, whole.get("artifact_pct").asDouble(), 1e-12);
    assertEquals("good", whole.get("quality").asText());
  }

  @Test
  void csvAndJson_carryTheSameNumbers() throws Exception {
    String f = rr("healthy_003_rr_ms.txt").toString();
    String[] json = run("hrv", f, "--window", "600").out().strip().split("\n");
    String[] csv = run("hrv", f, "--window", "600", "--format", "csv").out().strip().split("\n");
    assertEquals(json.length + 1, csv.length);
    List<String> header = Arrays.asList(csv[0].split(",", -1));
    String[] row = csv[5].split(",", -1);
    JsonNode obj = JSON.readTree(json[4]);
    for (int i = 0; i < header.size(); i++) {
      JsonNode v = obj.get(header.get(i));
      assertEquals(v.isNull() ? "" : v.asText(), row[i], header.get(i));
    }
  }

  @Test
  void table_isReadableAndSaysWhatItShows() {
    CommandRun r = run("hrv", rr("nsr001_rr_secs.txt").toString(), "--format", "table");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("106460 beats"), r.out());
    assertTrue(r.out().contains("rmssd"), r.out());
    assertTrue(r.out().contains("271 windows (0 poor)"), r.out());
    assertTrue(r.out().contains("quality"), r.out());
  }

  @Test
  void plot_writesAPng() throws Exception {
    Path png = dir.resolve("hrv.png");
    CommandRun r =
        run(
            "hrv",
            rr("healthy_005_rr_ms.txt").toString(),
            "--format",
            "table",
            "--plot",
            png.toString());
    assertEquals(0, r.code(), r.err());
    byte[] head = Arrays.copyOf(Files.readAllBytes(png), 4);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
  }

  @Test
  void jobOption_runsThePapersJobs() throws Exception {
    CommandRun r = run("hrv", rr("healthy_000_rr_ms.txt").toString(), "--job", "sdnn");
    JsonNode w = JSON.readTree(r.out().split("\n")[0]);
    assertEquals(8, w.size(), w.toString());
    assertTrue(w.has("sdnn"));
  }

  @Test
  void fileWithoutAKnownUnit_isRefusedWithTheFix() throws Exception {
    Path f = Files.writeString(dir.resolve("beats.txt"), "800\n810\n");
    CommandRun r = run("hrv", f.toString());
    assertEquals(CommandLine.ExitCode.SOFTWARE, r.code());
    assertTrue(r.err().contains("--unit"), r.err());
    assertEquals(0, run("hrv", f.toString(), "--unit", "ms").code());
  }

  @Test
  void nonNumericLine_isReportedWithFileAndLine() throws Exception {
    Path f = Files.writeString(dir.resolve("bad_rr_ms.txt"), "800\n810\nhello\n");
    CommandRun r = run("hrv", f.toString());
    assertEquals(CommandLine.ExitCode.SOFTWARE, r.code());
    assertTrue(r.err().contains(f + ":3:"), r.err());
    assertEquals("", r.out(), "nothing is printed for a file that cannot be read");
  }

  @Test
  void emptyFile_saysSo() throws Exception {
    Path f = Files.writeString(dir.resolve("empty_rr_ms.txt"), "");
    CommandRun r = run("hrv", f.toString());
    assertTrue(r.err().contains("empty"), r.err());
  }

  @Test
  void badArguments_exitWithUsage() {
    assertEquals(CommandLine.ExitCode.USAGE, run("hrv").code());
    assertEquals(CommandLine.ExitCode.USAGE, run("hrv", "x_rr_ms.txt", "--format", "xml").code());
    assertEquals(CommandLine.ExitCode.USAGE, run("hrv", "missing_rr_ms.txt").code());
    assertEquals(
        CommandLine.ExitCode.USAGE,
        run("hrv", rr("nsr001_rr_secs.txt").toString(), "--window", "-5").code());
    assertEquals(
        CommandLine.ExitCode.USAGE,
        run("hrv", rr("nsr001_rr_secs.txt").toString(), "--job", "fft").code());
  }
}
