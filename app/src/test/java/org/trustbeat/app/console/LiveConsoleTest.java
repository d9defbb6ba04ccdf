package org.trustbeat.app.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiveConsoleTest {
  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text);
  private final AtomicInteger ticks = new AtomicInteger();

  private final LiveConsole.Status status =
      new LiveConsole.Status() {
        @Override
        public List<String> block() {
          return List.of("[label] tick " + ticks.get(), "  results 0");
        }

        @Override
        public String line() {
          return "status [label] tick " + ticks.incrementAndGet();
        }
      };

  @Test
  void withoutATerminal_theStatusComesAsPlainPeriodicLines_andMessagesAsTheyAre() throws Exception {
    try (LiveConsole c = LiveConsole.start(out, status, false, Duration.ofMillis(50))) {
      c.message("result refused by the patient side: bad tag");
      Thread.sleep(400);
    }
    String s = text.toString();
    assertFalse(s.contains("\u001b"), "no control sequences in plain output");
    assertTrue(
        s.startsWith("result refused by the patient side: bad tag" + System.lineSeparator()), s);
    long lines = s.lines().filter(l -> l.startsWith("status [label] tick ")).count();
    assertTrue(lines >= 2, s);
  }

  @Test
  void onATerminal_theBlockIsRedrawnInPlace_andMessagesGoAboveIt() {
    LiveConsole c = LiveConsole.start(out, status, true, Duration.ofSeconds(15));
    c.refresh();
    c.message("warning: landing store full (IngestBridge)");
    System.err.println("a library's own line");
    c.close();
    String s = text.toString();
    // Each redraw moves up over the 2 lines of the previous block before drawing again.
    assertTrue(s.contains("\r\u001b[2A"), s);
    int message = s.indexOf("warning: landing store full");
    assertTrue(
        message > 0 && s.indexOf("[label] tick", message) > message,
        "the block is drawn again below the message: " + s);
    assertTrue(s.endsWith("\u001b[?25h"), "the cursor is shown again at the end");
    assertTrue(
        s.contains("\u001b[Ja library's own line\n"),
        "a line printed straight to System.err goes above the block: " + s);
  }

  @Test
  void whileRunning_logWarningsGoThroughTheConsole() {
    StringWriter err = new StringWriter();
    Logs.start(
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "live-console-test.log"),
        new PrintWriter(err),
        false);
    try (LiveConsole c = LiveConsole.start(out, status, false, Duration.ofMinutes(1))) {
      org.slf4j.LoggerFactory.getLogger("org.trustbeat.x").warn("spool full");
    }
    assertEquals("", err.toString());
    assertTrue(text.toString().contains("warning: spool full (x)"), text.toString());
  }
}
