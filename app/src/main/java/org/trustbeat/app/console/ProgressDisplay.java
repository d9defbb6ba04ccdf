package org.trustbeat.app.console;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for long batch work: on a terminal, the bar (drawn by me.tongfei:progressbar:
 * share done, elapsed time and an estimate of the time left) stays at the bottom of a {@link
 * LiveConsole} while the work's own lines scroll above it. When the output is not a terminal there
 * is no bar: the lines alone go to the output, as they are.
 */
public final class ProgressDisplay implements AutoCloseable {
  private static final int WIDTH = 100;

  private final ProgressBar bar;
  private final LiveConsole console;
  private final PrintWriter lines;

  private ProgressDisplay(ProgressBar bar, LiveConsole console, PrintWriter lines) {
    this.bar = bar;
    this.console = console;
    this.lines = lines;
  }

  /** Starts a bar of {@code max} steps named {@code task} when {@code terminal}. */
  public static ProgressDisplay start(PrintWriter out, String task, long max, boolean terminal) {
    if (!terminal) {
      return new ProgressDisplay(null, null, out);
    }
    AtomicReference<String> rendered = new AtomicReference<>(task);
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(max)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500)
            .setConsumer(new DelegatingProgressBarConsumer(rendered::set, WIDTH))
            .build();
    LiveConsole console =
        LiveConsole.start(
            out,
            new LiveConsole.Status() {
              @Override
              public List<String> block() {
                return List.of(rendered.get());
              }

              @Override
              public String line() {
                return rendered.get();
              }
            },
            true,
            Duration.ofMinutes(1));
    return new ProgressDisplay(bar, console, ConsoleLines.writer(console::message));
  }

  /** Where the work's own lines go: above the bar, or straight to the output. */
  public PrintWriter lines() {
    return lines;
  }

  public void stepTo(long n) {
    if (bar != null) {
      bar.stepTo(n);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      console.close();
    }
  }
}
