package org.trustbeat.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures every log line of the org.trustbeat loggers: the SLF4J ones (through log4j2, the backend
 * of the tests) and the enclave's java.util.logging ones, formatted as {@code LEVEL logger:
 * message}.
 */
public final class LogCapture implements AutoCloseable {
  private static final String ROOT = "org.trustbeat";
  private static final Logger JUL_ROOT = Logger.getLogger(ROOT);

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Appender appender = new Appender();
  private final JulHandler julHandler = new JulHandler();

  private LogCapture() {}

  public static LogCapture start() {
    LogCapture c = new LogCapture();
    c.appender.start();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    ctx.getConfiguration().getLoggerConfig(ROOT).addAppender(c.appender, Level.ALL, null);
    ctx.updateLoggers();
    JUL_ROOT.addHandler(c.julHandler);
    return c;
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    JUL_ROOT.removeHandler(julHandler);
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    LoggerConfig config = ctx.getConfiguration().getLoggerConfig(ROOT);
    config.removeAppender(appender.getName());
    ctx.updateLoggers();
    appender.stop();
  }

  private final class Appender extends AbstractAppender {
    Appender() {
      super(
          "log-capture-" + System.identityHashCode(LogCapture.this),
          null,
          null,
          true,
          Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent e) {
      String thrown = e.getThrown() == null ? "" : " " + e.getThrown();
      lines.add(
          e.getLevel()
              + " "
              + e.getLoggerName()
              + ": "
              + e.getMessage().getFormattedMessage()
              + thrown);
    }
  }

  private final class JulHandler extends Handler {
    private final SimpleFormatter formatter = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      lines.add(formatter.format(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
