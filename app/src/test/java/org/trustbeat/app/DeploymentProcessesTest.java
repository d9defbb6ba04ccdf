package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment as an operator runs it: {@code trustbeat init}, the real Mosquitto with TLS and
 * the per-patient logins init wrote, and {@code keybroker serve}, {@code server}, two {@code
 * gateway}s (a PhysioNet record replayed from a window boundary, a simulated sensor) and {@code
 * results}, each an OS process of its own that only shares the configuration file.
 */
class DeploymentProcessesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Keys {@code results --format json} adds to {@code trustbeat hrv --format json}'s. */
  private static final Set<String> RESULT_KEYS =
      Set.of(
          "patient",
          "window_start_utc",
          "window_seconds",
          "analysis",
          "mode",
          "attestation",
          "label",
          "chunks",
          "context_chunks",
          "first_sequence",
          "last_sequence",
          "sequence_gaps",
          "duplicates_dropped",
          "chunks_rejected");

  private static final Duration START = Duration.ofSeconds(150);

  @TempDir Path tmp;

  @Test
  void replayedRecord_givesTrustbeatHrvsWindows_andAServerRestartLosesAndRepeatsNothing()
      throws Exception {
    TestDeployment d = TestDeployment.init(tmp.resolve("dep"), 2, 60);
    // Short micro-batches; sensors at 30× drift apart by up to a few seconds of start-up, which
    // is a minute or two of event time.
    d.edit("trigger_seconds = 5", "trigger_seconds = 2");
    d.edit("watermark_delay_seconds = 60", "watermark_delay_seconds = 240");
    d.edit("shuffle_partitions = 4", "shuffle_partitions = 2");
    String replayed = d.patients().get(0);
    String simulated = d.patients().get(1);
    // 900 beats of nsr001: 13.5 minutes, 11 one-minute windows holding beats, 27 s at 30×.
    Path slice = tmp.resolve("nsr001_slice_rr_secs.txt");
    Files.write(slice, Files.readAllLines(HrvCommandTest.rr("nsr001_rr_secs.txt")).subList(0, 900));
    CommandRun hrv = CommandRun.run("hrv", slice.toString(), "--window", "60", "--format", "json");
    assertEquals(0, hrv.code(), hrv.err());
    List<JsonNode> expected = new ArrayList<>();
    for (String line : hrv.out().strip().split("\n")) {
      expected.add(JSON.readTree(line));
    }

    String config = d.config().toString();
    Path logs = tmp;
    try (StandaloneCluster cluster = StandaloneCluster.start(tmp.resolve("cluster"), 2);
        TrustbeatProcess mosquitto = d.startMosquitto(logs);
        TrustbeatProcess keyBroker =
            TrustbeatProcess.trustbeat(
                logs, "keybroker", "keybroker", "serve", "--config", config);
        TrustbeatProcess results =
            TrustbeatProcess.trustbeat(
                logs,
                "results",
                "results",
                "--config",
                config,
                "--patient",
                replayed,
                "--follow",
                "--format",
                "json")) {
      keyBroker.await("listening line", s -> s.contains("key broker listening on"), START);
      // The server checks the key broker at start and refuses to run without it.
      TrustbeatProcess server =
          TrustbeatProcess.trustbeat(
              logs, "server", "server", "--config", config, "--progress-seconds", "5");
      // Gateways may start once the ingest has its session on the broker (the broker keeps
      // chunks only for sessions it knows); Spark starts meanwhile.
      server.await(
          "ingest subscription",
          s -> s.contains("ingest subscribed to trustbeat/v1/+/chunks"),
          START);
      results.await("health line", s -> s.contains("results " + replayed), START);
      try (TrustbeatProcess sim =
              TrustbeatProcess.trustbeat(
                  logs,
                  "gateway-sim",
                  "gateway",
                  "--config",
                  config,
                  "--patient",
                  simulated,
                  "--simulate",
                  "--speed",
                  "30");
          TrustbeatProcess replay =
              TrustbeatProcess.trustbeat(
                  logs,
                  "gateway-replay",
                  "gateway",
                  "--config",
                  config,
                  "--patient",
                  replayed,
                  "--replay",
                  slice.toString(),
                  "--speed",
                  "30",
                  "--progress-seconds",
                  "3")) {
        server.await(
            "health line",
            s ->
                s.contains(
                    "server [sealed-process, SIMULATION"
                        + " attestation: no hardware protection]: up;"),
            START);
        replay.await("health line", s -> s.contains(": up; publishing"), START);
        sim.await("health line", s -> s.contains(": up; publishing"), START);

        // Stop the server while the record is still streaming, then start it again: the broker
        // keeps the chunks for the ingest's session, the checkpoint keeps the job's progress.
        try (server) {
          assertEquals(0, server.stop(), server.err());
        }
        assertTrue(server.out().contains("stopped cleanly on SIGTERM"), server.out());
        // The restarted server runs the job on the standalone cluster: executors in JVMs of their
        // own, each with its own enclave JVM, provisioning keys from the key broker themselves.
        cluster.awaitMaster(START);
        try (TrustbeatProcess restarted =
            TrustbeatProcess.trustbeat(
                logs,
                "server-2",
                "server",
                "--config",
                config,
                "--progress-seconds",
                "5",
                "--spark-master",
                cluster.url())) {
          assertEquals(0, replay.awaitExit(Duration.ofSeconds(120)), replay.err());
          assertTrue(replay.out().contains("stopped cleanly: 900 beats sealed"), replay.out());
          restarted.await("health line", s -> s.contains(": up;"), START);
          results.await(
              "every window of the record",
              s -> s.lines().filter(l -> l.startsWith("{")).count() >= expected.size(),
              Duration.ofSeconds(300));
          assertEquals(0, sim.stop(), sim.err());
          assertTrue(sim.out().contains("stopped cleanly on SIGTERM"), sim.out());
          assertEquals(0, restarted.stop(), restarted.err());
          assertTrue(restarted.out().contains("stopped cleanly on SIGTERM"), restarted.out());
          // Status lines carry no stack trace (Spark's own log on stderr may, when the cluster
          // loses its executors at the stop).
          assertFalse(restarted.out().contains("\tat "), restarted.out());
        }
      }
      assertEquals(0, results.stop(), results.err());
      assertTrue(
          results
              .err()
              .contains(
                  "stopped cleanly on SIGTERM: "
                      + expected.size()
                      + " windows, 0 duplicates ignored, 0 sequence gaps, 0 sequence numbers covered by no"
                      + " result, 0 missing windows, 0 results refused"),
          results.err());
      assertEquals(0, keyBroker.stop(), keyBroker.err());
      assertTrue(
          keyBroker.out().contains("key broker stopped cleanly on SIGTERM"), keyBroker.out());
      mosquitto.stop();

      // The replayed patient's windows are trustbeat hrv's, each exactly once.
      TreeMap<Long, JsonNode> got = new TreeMap<>();
      for (String line : results.out().strip().split("\n")) {
        JsonNode r = JSON.readTree(line);
        assertEquals(replayed, r.get("patient").asText());
        assertEquals("sealed-process", r.get("mode").asText());
        assertEquals("SIMULATION", r.get("attestation").asText());
        assertEquals(0, r.get("sequence_gaps").asLong());
        assertTrue(got.put(r.get("window_start").asLong(), r) == null, "window twice: " + line);
      }
      assertEquals(expected.size(), got.size());
      long shift = got.firstKey() - expected.get(0).get("window_start").asLong();
      assertEquals(0, shift % 60, "the replay starts on a window boundary");
      Set<Long> sequences = new HashSet<>();
      int i = 0;
      for (JsonNode r : got.values()) {
        JsonNode want = expected.get(i++);
        ObjectNode body = ((ObjectNode) r.deepCopy()).without(RESULT_KEYS);
        body.put("window_start", r.get("window_start").asLong() - shift);
        // Compared as parsed text, so that number node types (int, long) do not matter.
        assertEquals(want, JSON.readTree(body.toString()), "window " + want.get("window_start"));
        for (long s = r.get("first_sequence").asLong(); s <= r.get("last_sequence").asLong(); s++) {
          sequences.add(s);
        }
      }
      // Every chunk the replay's gateway sealed is covered by a result.
      String sealed = replayedChunks(logs.resolve("gateway-replay.out"));
      assertEquals(Long.parseLong(sealed), sequences.size(), "chunks covered");
      assertTrue(
          cluster.workDirs().stream().allMatch(w -> w.toFile().list().length > 0),
          "both workers ran an executor");

      // No sample of the record on the untrusted side: every file under the cluster's directory
      // (the master's and workers' logs, the executors' work directories and stderr, whatever
      // else Spark writes there), the host's storage and credentials, the broker's machine
      // (configuration, persistence) and the logs of the untrusted processes.
      List<Path> untrusted = new ArrayList<>(List.of(cluster.dir()));
      untrusted.addAll(cluster.logs());
      untrusted.addAll(cluster.workDirs());
      for (String part : List.of("host", "server", "broker")) {
        untrusted.add(d.dir().resolve(part));
      }
      for (String n : List.of("server", "server-2", "keybroker", "mosquitto")) {
        untrusted.add(logs.resolve(n + ".out"));
        untrusted.add(logs.resolve(n + ".err"));
      }
      SampleCanary.assertNoSample(Files.readAllLines(slice), untrusted);
    }
  }

  /** The chunk count of the replay gateway's last line ("… in N chunks, …"). */
  private static String replayedChunks(Path out) throws Exception {
    String last =
        Files.readAllLines(out).stream()
            .filter(l -> l.contains("stopped"))
            .findFirst()
            .orElseThrow();
    return last.replaceAll(".* in ([0-9]+) chunks.*", "$1");
  }
}
