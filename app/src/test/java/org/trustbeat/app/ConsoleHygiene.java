package org.trustbeat.app;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What must never reach a user's console: stack traces and log records (java.util.logging's
 * two-line ones, or a log line with a timestamp and level). {@link CommandRun} checks every command
 * run of the test suite with it; the terminal test checks the demo's screen.
 */
final class ConsoleHygiene {
  private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w$.<>/]+\\(.*\\)\\s*$");
  private static final Pattern CAUSED_BY = Pattern.compile("^(Caused by|Suppressed): ");
  private static final Pattern UNCAUGHT = Pattern.compile("^Exception in thread ");

  /**
   * java.util.logging's SimpleFormatter: "Dec 02, 2026 1:40:48 AM class method", then "INFO: …".
   */
  private static final Pattern JUL_HEAD =
      Pattern.compile("^[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} (AM|PM) \\S+");

  private static final Pattern JUL_LEVEL =
      Pattern.compile("^(SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): ");

  /** A log record line: a time of day (with or without a date) followed by a level. */
  private static final Pattern LOG_RECORD =
      Pattern.compile(
          "^(\\d{4}-\\d{2}-\\d{2}[T ])?\\d{2}:\\d{2}:\\d{2}([.,]\\d+)?Z? +\\[?(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\\b");

  private ConsoleHygiene() {}

  /** The offending lines of {@code console}, each with its line number; empty when clean. */
  static List<String> problems(String console) {
    List<String> out = new ArrayList<>();
    String[] lines = console.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (STACK_FRAME.matcher(l).matches()
          || CAUSED_BY.matcher(l).find()
          || UNCAUGHT.matcher(l).find()) {
        out.add((i + 1) + ": stack trace: " + l);
      } else if (JUL_HEAD.matcher(l).find()
          && i + 1 < lines.length
          && JUL_LEVEL.matcher(lines[i + 1]).find()) {
        out.add((i + 1) + ": java.util.logging record: " + l + " / " + lines[i + 1]);
      } else if (LOG_RECORD.matcher(l).find()) {
        out.add((i + 1) + ": log record: " + l);
      }
    }
    return out;
  }
}
