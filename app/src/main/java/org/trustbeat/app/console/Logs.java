package org.trustbeat.app.console;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The one logging setup of every {@code trustbeat} command. TrustBeat's code, Moquette, Netty and
 * HiveMQ log through SLF4J; Spark, Hadoop and Jetty through log4j2; the enclave and a few JDK parts
 * through java.util.logging, which is bridged into SLF4J here. All of it ends in log4j2 (the
 * backend Spark ships) with one line format:
 *
 * <ul>
 *   <li>the log file gets TrustBeat's lines from INFO and everyone else's from WARN, with stack
 *       traces;
 *   <li>the console gets only warnings and errors a user can act on, one line each without a trace
 *       ({@link ConsoleAlerts}); {@code verbose} adds TrustBeat's INFO lines.
 * </ul>
 *
 * <p>Log lines hold counts, sizes and ids, never samples, results or keys: that is each logging
 * call's duty, not this class's.
 */
public final class Logs {
  /** The log file's name in a command's work directory. */
  public static final String FILE_NAME = "trustbeat.log";

  /** Where a command's failure (with its stack trace) is logged: the file only, not the console. */
  public static final String FAILURE_LOGGER = "org.trustbeat.failure";

  private static final String UNCAUGHT = "org.trustbeat.uncaught";
  private static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}{UTC} %-5level %c{1} [%t] %msg%n%ex";

  private static Path file;
  private static PrintWriter console;
  private static boolean verbose;
  private static ConsoleAlerts alerts;

  private Logs() {}

  /**
   * Sets logging up for one command: everything to {@code logFile} (created with its first line,
   * appended to), actionable warnings to {@code err}.
   */
  public static synchronized void start(Path logFile, PrintWriter err, boolean verboseConsole) {
    if (!SLF4JBridgeHandler.isInstalled()) {
      // java.util.logging's own console handler prints the two-line records: replace it.
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    file = logFile.toAbsolutePath();
    console = err;
    verbose = verboseConsole;
    ConfigurationBuilder<BuiltConfiguration> b =
        ConfigurationBuilderFactory.newConfigurationBuilder();
    b.setConfigurationName("trustbeat");
    b.setStatusLevel(Level.ERROR);
    b.add(
        b.newAppender("file", "File")
            .addAttribute("fileName", file.toString())
            .addAttribute("append", true)
            .addAttribute("createOnDemand", true)
            .add(b.newLayout("PatternLayout").addAttribute("pattern", PATTERN)));
    b.add(b.newRootLogger(Level.WARN).add(b.newAppenderRef("file")));
    b.add(b.newLogger("org.trustbeat", verbose ? Level.DEBUG : Level.INFO));
    // A warning on every start of Spark on a machine without Hadoop's native code: never news.
    b.add(b.newLogger("org.apache.hadoop.util.NativeCodeLoader", Level.ERROR));
    Configurator.reconfigure(b.build());
    LoggerContext ctx = LoggerContext.getContext(false);
    Configuration config = ctx.getConfiguration();
    alerts = new ConsoleAlerts(Logs::toConsole);
    alerts.start();
    config.addAppender(alerts);
    config.getRootLogger().addAppender(alerts, Level.WARN, null);
    if (verbose) {
      LoggerConfig own = config.getLoggerConfig("org.trustbeat");
      own.addAppender(alerts, Level.INFO, null);
      own.setAdditive(false);
      own.addAppender(config.getAppender("file"), Level.ALL, null);
    }
    ctx.updateLoggers();
    // A thread that dies of an exception: its trace to the file, one line to the console.
    Thread.setDefaultUncaughtExceptionHandler(
        (t, e) ->
            LoggerFactory.getLogger(UNCAUGHT)
                .error("thread \"" + t.getName() + "\" ended with " + e, e));
  }

  /**
   * Keeps warnings off the console from now on (they still go to the file): for a command that is
   * being stopped (Ctrl-C), whose libraries then complain about being stopped.
   */
  public static synchronized void silenceConsole() {
    if (alerts != null) {
      alerts.silence();
    }
  }

  /** Keeps the console and level, and writes the log to {@code logFile} from now on. */
  public static synchronized Path moveTo(Path logFile) {
    start(logFile, console, verbose);
    return file;
  }

  /** The log file of the running command (absolute). */
  public static synchronized Path file() {
    return file;
  }

  /** The log file of a command that has no work directory of its own. */
  public static Path defaultFile(String command) {
    return Path.of(".trustbeat", "logs", command + ".log");
  }

  /**
   * Sends the console's warning lines to {@code sink} (a live status display), or back to the
   * console with {@code null}.
   */
  static synchronized void redirectAlerts(Consumer<String> sink) {
    if (alerts != null) {
      alerts.redirect(sink == null ? Logs::toConsole : sink);
    }
  }

  private static void toConsole(String line) {
    PrintWriter err;
    synchronized (Logs.class) {
      err = console;
    }
    if (err != null) {
      synchronized (err) {
        err.println(line);
        err.flush();
      }
    }
  }
}
