package org.trustbeat.app.console;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.function.Consumer;

/**
 * Where a command's event lines go: straight to its output until a {@link LiveConsole} takes them
 * ({@link #to}), so they scroll above its status block instead of tearing it.
 */
public final class ConsoleLines implements Consumer<String> {
  private final PrintWriter out;
  private volatile Consumer<String> target;

  public ConsoleLines(PrintWriter out) {
    this.out = out;
  }

  /** Sends lines to {@code next} from now on, or back to the output with {@code null}. */
  public void to(Consumer<String> next) {
    target = next;
  }

  @Override
  public void accept(String line) {
    Consumer<String> t = target;
    if (t != null) {
      t.accept(line);
      return;
    }
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  /** A writer that hands each line written to it to {@code lines} (for code that prints). */
  public static PrintWriter writer(Consumer<String> lines) {
    return new PrintWriter(
        new Writer() {
          private final StringBuilder pending = new StringBuilder();

          @Override
          public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
              char c = buf[i];
              if (c == '\n') {
                int end =
                    pending.length() > 0 && pending.charAt(pending.length() - 1) == '\r'
                        ? pending.length() - 1
                        : pending.length();
                lines.accept(pending.substring(0, end));
                pending.setLength(0);
              } else {
                pending.append(c);
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public synchronized void close() {
            if (pending.length() > 0) {
              lines.accept(pending.toString());
              pending.setLength(0);
            }
          }
        },
        true);
  }
}
