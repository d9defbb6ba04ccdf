package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trustbeat demo} on a real terminal: a separate JVM under tmux (a pseudo-terminal), its
 * screen captured as a user sees it. The status block is redrawn in place, carries the label and
 * each patient's latest result, and no log record reaches the screen. The demo runs until Ctrl-C,
 * pressed once the table shows a result, so the test takes as long as this machine needs.
 */
class DemoTerminalTest {
  private static final String LABEL =
      "[sealed-inprocess, SIMULATION attestation: no hardware protection]";

  private static final Pattern RESULT_ROW =
      Pattern.compile("^  (sim|rec)-\\S+ +\\d\\d:\\d\\d  (good|fair|POOR) .*");

  @TempDir Path dir;

  @Test
  void demoOnATerminal_redrawsOneStatusBlockInPlace_withLabelAndResults_andNoLogRecords()
      throws Exception {
    String screen =
        runUnderTmux(
            List.of(
                "demo",
                "--mode",
                "sealed-inprocess",
                "--patients",
                "1",
                "--duration",
                "0",
                "--speed",
                "300",
                "--trigger",
                "2",
                "--window",
                "60",
                "--work-dir",
                dir.resolve("demo").toString(),
                "--data",
                HrvCommandTest.rr("nsr001_rr_secs.txt").getParent().toString()));
    // Kept for a person to look at: the screen as a user saw it, with its scrollback.
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "demo-terminal-screen.txt"), screen);

    assertTrue(
        screen.contains("  keys      released keys of 3 patients to a SIMULATED enclave"), screen);
    Pattern header = Pattern.compile("^TrustBeat demo " + Pattern.quote(LABEL) + " {3}\\S.*");
    List<String> lines = screen.lines().toList();
    assertEquals(
        1,
        lines.stream().filter(l -> header.matcher(l).matches()).count(),
        "one status block, redrawn in place (not scrolled):\n" + screen);
    assertTrue(screen.contains("  latest results, each labelled " + LABEL), screen);
    assertTrue(
        lines.stream().anyMatch(l -> RESULT_ROW.matcher(l).matches()),
        "a row of the results table:\n" + screen);
    assertTrue(screen.contains("summary " + LABEL), screen);
    assertFalse(screen.contains("key broker: "), "releases summarised, not a line each");
    assertEquals(List.of(), ConsoleHygiene.problems(screen), screen);
  }

  /**
   * Runs the command line in a fresh JVM inside a detached tmux session, presses Ctrl-C once a
   * result row is on the screen (or after 4 minutes), and returns the screen with its history.
   */
  private String runUnderTmux(List<String> args) throws Exception {
    if (!onPath("tmux")) {
      fail("tmux is needed for the terminal test: apt-get install -y tmux (./run-tests does)");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                "-Djava.awt.headless=true",
                "-cp",
                classpath,
                "org.trustbeat.app.Main"));
    cmd.addAll(args);
    Path done = dir.resolve("exit-code");
    Path script = dir.resolve("run.sh");
    StringBuilder sh = new StringBuilder("export SPARK_LOCAL_IP=127.0.0.1 TERM=xterm-256color\n");
    for (String c : cmd) {
      sh.append('\'').append(c.replace("'", "'\\''")).append("' ");
    }
    sh.append("\necho $? > '").append(done).append("'\nsleep 600\n");
    Files.writeString(script, sh.toString());

    String socket = "trustbeat-test-" + UUID.randomUUID();
    try {
      tmux(socket, "new-session", "-d", "-s", "demo", "-x", "150", "-y", "60", "bash " + script);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (!Files.exists(done)
          && System.nanoTime() < deadline
          && tmux(socket, "capture-pane", "-p", "-t", "demo")
              .lines()
              .noneMatch(l -> RESULT_ROW.matcher(l).matches())) {
        Thread.sleep(1000);
      }
      tmux(socket, "send-keys", "-t", "demo", "C-c");
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(done) && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      String screen = tmux(socket, "capture-pane", "-p", "-J", "-S", "-", "-t", "demo");
      if (!Files.exists(done)) {
        fail("the demo did not end within 4 minutes; screen:\n" + screen);
      }
      // Ctrl-C: the JVM exits with 130 after the summary (the shutdown hook waits for it).
      assertTrue(
          List.of("0", "130").contains(Files.readString(done).trim()),
          "exit code " + Files.readString(done).trim() + "; screen:\n" + screen);
      return screen;
    } finally {
      tmux(socket, "kill-server");
    }
  }

  private static String tmux(String socket, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }
}
