package org.trustbeat.app.console;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A long-running command's console: a status block redrawn in place on a terminal, with messages
 * (warnings, events a user should see) scrolling above it; or, when standard output is not a
 * terminal (CI, pipes, files), the status as one plain line every {@code plainEvery} and the
 * messages as lines. While it runs it also takes the console's log warnings ({@link Logs}), so
 * nothing else writes into the block.
 *
 * <p>Plain ANSI/VT100 control sequences: cursor up, erase line, erase below, autowrap off while the
 * block is drawn (a line wider than the terminal is cut at the edge instead of wrapping, so the
 * block's height stays known without asking the terminal its width). While the block is drawn,
 * lines written straight to {@code System.out} or {@code System.err} are shown as messages. Every
 * terminal emulator and multiplexer in use understands them; a terminal library would add a
 * native-access layer for nothing more. {@link #isTerminal()} decides between the two forms.
 */
public final class LiveConsole implements AutoCloseable {
  private static final String ESC = "\u001b[";

  /** What a live console shows. Called from the console's own thread: must be thread-safe. */
  public interface Status {
    /** The status block, one string per line. */
    List<String> block();

    /** The status in one line, for output that is not a terminal. */
    String line();
  }

  private final PrintWriter out;
  private final Status status;
  private final boolean terminal;
  private final ScheduledExecutorService timer;
  private int drawn;
  private boolean closed;
  private PrintStream systemOut;
  private PrintStream systemErr;

  private LiveConsole(PrintWriter out, Status status, boolean terminal) {
    this.out = out;
    this.status = status;
    this.terminal = terminal;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "live-console");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts showing {@code status} on {@code out}: redrawn every second on a terminal, one line
   * every {@code plainEvery} otherwise.
   */
  public static LiveConsole start(
      PrintWriter out, Status status, boolean terminal, Duration plainEvery) {
    LiveConsole c = new LiveConsole(out, status, terminal);
    Logs.redirectAlerts(c::message);
    if (terminal) {
      synchronized (out) {
        out.print(ESC + "?25l"); // no blinking cursor inside the block
      }
      // Whatever a library prints straight to the process's streams would shift the block and
      // leave torn copies of it behind: such lines become messages above it instead.
      c.systemOut = System.out;
      c.systemErr = System.err;
      PrintStream lines = new PrintStream(new LineStream(c::message), true, StandardCharsets.UTF_8);
      System.setOut(lines);
      System.setErr(lines);
      c.timer.scheduleWithFixedDelay(c::redraw, 0, 1, TimeUnit.SECONDS);
    } else {
      long ms = plainEvery.toMillis();
      c.timer.scheduleWithFixedDelay(c::plainLine, ms, ms, TimeUnit.MILLISECONDS);
    }
    return c;
  }

  /** Standard output is a terminal that understands cursor movement. */
  public static boolean isTerminal() {
    String term = System.getenv("TERM");
    return System.console() != null && term != null && !term.isEmpty() && !term.equals("dumb");
  }

  public boolean terminal() {
    return terminal;
  }

  /** A line for the user: above the block on a terminal, else as it is. */
  public void message(String line) {
    synchronized (out) {
      if (closed || !terminal) {
        out.println(line);
        out.flush();
        return;
      }
      StringBuilder sb = new StringBuilder();
      up(sb);
      sb.append(ESC).append('J').append(line).append('\n');
      drawn = 0;
      block(sb);
      out.print(sb);
      out.flush();
    }
  }

  /** Draws the block once more now (terminal) or prints the status line (plain). */
  public void refresh() {
    if (terminal) {
      redraw();
    } else {
      plainLine();
    }
  }

  private void redraw() {
    synchronized (out) {
      if (closed) {
        return;
      }
      StringBuilder sb = new StringBuilder();
      up(sb);
      block(sb);
      out.print(sb);
      out.flush();
    }
  }

  private void plainLine() {
    String line = status.line();
    synchronized (out) {
      if (!closed) {
        out.println(line);
        out.flush();
      }
    }
  }

  private void up(StringBuilder sb) {
    sb.append('\r');
    if (drawn > 0) {
      sb.append(ESC).append(drawn).append('A');
    }
  }

  private void block(StringBuilder sb) {
    List<String> lines = status.block();
    sb.append(ESC).append("?7l");
    for (String l : lines) {
      sb.append(ESC).append("2K").append(l).append('\n');
    }
    sb.append(ESC).append('J').append(ESC).append("?7h");
    drawn = lines.size();
  }

  /** Stops redrawing; a terminal keeps the last block on screen. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (terminal) {
      System.setOut(systemOut);
      System.setErr(systemErr);
      redraw();
    }
    synchronized (out) {
      closed = true;
      if (terminal) {
        out.print(ESC + "?25h");
      }
      out.flush();
    }
    Logs.redirectAlerts(null);
  }

  /** Bytes to lines (UTF-8), each handed on without its line end. */
  private static final class LineStream extends OutputStream {
    private final Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LineStream(Consumer<String> lines) {
      this.lines = lines;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
      } else {
        pending.write(b);
      }
    }
  }
}
