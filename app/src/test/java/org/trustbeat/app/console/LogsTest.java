package org.trustbeat.app.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LogsTest {
  @TempDir Path dir;
  private final StringWriter console = new StringWriter();

  private Path start() {
    Path file = dir.resolve("trustbeat.log");
    Logs.start(file, new PrintWriter(console), false);
    return file;
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  @Test
  void javaUtilLoggingRecord_goesToTheLogFileInTheOneFormat_notToTheConsole() throws Exception {
    Path file = start();
    java.util.logging.Logger.getLogger("org.trustbeat.enclave").info("enclave host created");
    String log = read(file);
    assertTrue(
        log.matches(
            "(?s)\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z INFO  enclave \\[.*\\] enclave host created\\R"),
        log);
    assertEquals("", console.toString());
  }

  @Test
  void actionableWarning_reachesTheConsoleAsOneLine_andItsTraceOnlyTheFile() throws Exception {
    Path file = start();
    LoggerFactory.getLogger("org.trustbeat.server.IngestBridge")
        .warn("landing 12 messages failed", new IOException("disk full"));
    assertEquals(
        "warning: landing 12 messages failed (IngestBridge)" + System.lineSeparator(),
        console.toString());
    String log = read(file);
    assertTrue(log.contains("java.io.IOException: disk full"), log);
    assertTrue(log.contains("\tat "), "the trace is in the file: " + log);
  }

  @Test
  void knownWarningsNoUserCanActOn_stayInTheFile() throws Exception {
    Path file = start();
    LogManager.getLogger("org.apache.spark.scheduler.DAGScheduler")
        .warn("Failed to cancel job group 64c6. Cannot find active jobs for it.");
    LogManager.getLogger("org.apache.spark.sql.execution.streaming.ResolveWriteToStream")
        .warn(
            "spark.sql.adaptive.enabled is not supported in streaming DataFrames/Datasets and"
                + " will be disabled.");
    LoggerFactory.getLogger("io.moquette.broker.MQTTConnection")
        .warn("SUBSCRIBE received on already closed connection, CId=x");
    assertEquals("", console.toString());
    assertTrue(read(file).contains("Failed to cancel job group"));
  }

  @Test
  void infoOfTrustBeat_isInTheFile_andThirdPartyInfoIsNot() throws Exception {
    Path file = start();
    LoggerFactory.getLogger("org.trustbeat.server.SecureHrvJob").info("batch 3: input rows 12");
    LogManager.getLogger("org.apache.spark.SparkContext").info("Running Spark version 4.0.1");
    String log = read(file);
    assertTrue(log.contains("batch 3: input rows 12"), log);
    assertFalse(log.contains("Running Spark version"), log);
    assertEquals("", console.toString());
  }

  @Test
  void verbose_showsTrustBeatsInfoLinesOnTheConsole() {
    Logs.start(dir.resolve("v.log"), new PrintWriter(console), true);
    LoggerFactory.getLogger("org.trustbeat.server.SecureHrvJob").info("batch 3: input rows 12");
    assertEquals("batch 3: input rows 12" + System.lineSeparator(), console.toString());
  }

  @Test
  void moveTo_sendsLaterLinesToTheNewFile() throws Exception {
    Path first = start();
    Path second = Logs.moveTo(dir.resolve("work").resolve("trustbeat.log"));
    LoggerFactory.getLogger("org.trustbeat.x").info("after the move");
    assertTrue(read(second).contains("after the move"));
    assertFalse(read(first).contains("after the move"));
    assertEquals(second, Logs.file());
  }
}
