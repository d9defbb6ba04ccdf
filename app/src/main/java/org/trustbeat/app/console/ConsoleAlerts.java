package org.trustbeat.app.console;

import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The console's share of the log: warnings and errors a user can act on, one line each, no stack
 * trace (that goes to the log file); with {@code --verbose}, TrustBeat's INFO lines too. Warnings
 * known to need no action — Spark's and Moquette's routine complaints about things this program
 * does on purpose — stay in the log file only. Lines go to a sink that a {@link LiveConsole} takes
 * over while it draws, so they appear above its status block instead of tearing it.
 */
final class ConsoleAlerts extends AbstractAppender {
  /**
   * Warnings that say nothing a user can act on. Each is the start, or a distinctive part, of the
   * message; matching is by {@link java.util.regex.Matcher#find()}.
   */
  static final List<Pattern> NOT_ACTIONABLE =
      List.of(
          // Spark: a streaming query stops its own job group; nothing is left to cancel.
          Pattern.compile("^Failed to cancel job group"),
          // Spark turns adaptive execution off for streaming queries by itself.
          Pattern.compile("spark\\.sql\\.adaptive\\.enabled is not supported in streaming"),
          // Spark: shown in the status block as the batch time against the trigger.
          Pattern.compile("^Current batch is falling behind"),
          // Spark, on shutdown: a broadcast of a stopping job is dropped.
          Pattern.compile("^Store broadcast \\S+ fail, remove all pieces of the broadcast"),
          // Spark: a query without a checkpoint location (the bench's batch runs) gets a temporary
          // one.
          Pattern.compile("^Temporary checkpoint location created"),
          // Spark, on shutdown: scratch files of tasks it interrupted; it removes its directory
          // itself.
          Pattern.compile("^Error deleting \\S*blockmgr-"),
          // Spark, when a query stops mid-batch: its tasks are interrupted on purpose.
          Pattern.compile("^Interrupted while joining on: "),
          Pattern.compile("^Error in TaskCompletionListener"),
          // Netty, on shutdown: a listener notified after its event loop stopped.
          Pattern.compile(
              "^Failed to submit a listener notification task. Event loop shut down\\?"),
          // Hadoop on a machine without its native library: the Java code path is used.
          Pattern.compile("^Unable to load native-hadoop library"),
          // Moquette: a client disconnected while its subscription was on the way (shutdown).
          Pattern.compile("SUBSCRIBE received on already closed connection"));

  private volatile Consumer<String> sink;
  private volatile boolean silenced;

  ConsoleAlerts(Consumer<String> sink) {
    super("console-alerts", null, null, true, Property.EMPTY_ARRAY);
    this.sink = sink;
  }

  /** Sends the lines to {@code next} from now on; returns the sink that had them. */
  Consumer<String> redirect(Consumer<String> next) {
    Consumer<String> previous = sink;
    sink = next;
    return previous;
  }

  /** From now on the file only: the command is ending and what follows is its own teardown. */
  void silence() {
    silenced = true;
  }

  static boolean actionable(String message) {
    for (Pattern p : NOT_ACTIONABLE) {
      if (p.matcher(message).find()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void append(LogEvent event) {
    if (silenced || Logs.FAILURE_LOGGER.equals(event.getLoggerName())) {
      return; // the command's own one-line error says it; the trace stays in the file
    }
    String message = event.getMessage().getFormattedMessage();
    if (message == null || !actionable(message)) {
      return;
    }
    // First line only: a multi-line message is a report meant for the log file.
    int nl = message.indexOf('\n');
    String first = nl < 0 ? message : message.substring(0, nl) + " …";
    Level level = event.getLevel();
    if (!level.isMoreSpecificThan(Level.WARN)) {
      sink.accept(first); // --verbose: TrustBeat's own INFO lines, as they are
      return;
    }
    String kind = level.isMoreSpecificThan(Level.ERROR) ? "error" : "warning";
    sink.accept(kind + ": " + first + " (" + shortName(event.getLoggerName()) + ")");
  }

  private static String shortName(String logger) {
    int dot = logger == null ? -1 : logger.lastIndexOf('.');
    return dot < 0 ? String.valueOf(logger) : logger.substring(dot + 1);
  }
}
