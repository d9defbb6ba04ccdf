package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The check every command run of the suite goes through must be able to fail. */
class ConsoleHygieneTest {
  @Test
  void stackTrace_isFound() {
    String out =
        "trustbeat demo: failed\njava.io.IOException: boom\n"
            + "\tat org.trustbeat.app.DemoCommand.call(DemoCommand.java:42)\n"
            + "Caused by: java.lang.IllegalStateException: x\n";
    assertEquals(2, ConsoleHygiene.problems(out).size(), ConsoleHygiene.problems(out).toString());
  }

  @Test
  void twoLineJavaUtilLoggingRecord_isFound() {
    String out =
        "Dec 02, 2026 1:40:48 AM org.trustbeat.mqtt.EmbeddedBroker start\n"
            + "INFO: embedded MQTT broker listening\n";
    assertEquals(1, ConsoleHygiene.problems(out).size());
  }

  @Test
  void logRecordLines_areFound_inLog4jAndIsoFormats() {
    assertEquals(
        1,
        ConsoleHygiene.problems(
                "16:05:24.123 WARN ResolveWriteToStream: spark.sql.adaptive.enabled ...")
            .size());
    assertEquals(
        1,
        ConsoleHygiene.problems("2026-12-02T16:15:21.149Z INFO  EmbeddedBroker [main] listening")
            .size());
  }

  @Test
  void consoleLinesOfTheCommands_areClean() {
    String out =
        "TrustBeat demo [sealed-process, SIMULATION attestation: no hardware protection]\n"
            + "warning: the landing store is full (IngestBridge)\n"
            + "  spark     3 micro-batches, the last took 1.2 s (trigger 5 s); 4 windows closed\n"
            + "trustbeat demo: the Spark job stopped\n"
            + "the stack trace is in /tmp/x/trustbeat.log; fix the cause named above\n";
    assertTrue(ConsoleHygiene.problems(out).isEmpty(), ConsoleHygiene.problems(out).toString());
  }
}
