package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.app.config.DeploymentConfig;
import org.trustbeat.hrv.Metric;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.mqtt.MqttLogins;
import org.trustbeat.mqtt.Topics;
import org.trustbeat.report.fhir.FhirExport;

/**
 * {@code trustbeat results --format fhir} and {@code --alerts} against the real Mosquitto of a
 * deployment {@code init} made: sealed results are published with the server's results login, as
 * the job publishes them, and read with the patient's consumer login.
 */
class ResultsCommandTest {
  /** A window boundary. */
  private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");

  private static final long WINDOW_MS = SealedResults.WINDOW_MS;

  @TempDir static Path tmp;
  static TestDeployment d;
  static TrustbeatProcess mosquitto;

  /** The first 30 minutes of nsr001: six 300-s windows as trustbeat hrv computes them. */
  static List<WindowResult> windows;

  @BeforeAll
  static void start() throws Exception {
    d = TestDeployment.init(tmp.resolve("dep"), 2, 300);
    // nsr001's mean HR (86..120 bpm here) is above 50 bpm: the HR rule fires after three windows.
    d.edit("hr_above_bpm = 120", "hr_above_bpm = 50");
    d.edit("hr_below_bpm = 40", "hr_below_bpm = 30");
    mosquitto = d.startMosquitto(tmp);
    windows = SealedResults.nsr001(6);
    // The consumers' persistent sessions, so that the broker queues what is published next.
    for (String p : d.patients()) {
      CommandRun r = results(p, "--idle", "1");
      assertEquals(0, r.code(), r.err());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (mosquitto != null) {
      mosquitto.stop();
    }
  }

  private static CommandRun results(String patient, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("results", "--config", d.config().toString(), "--patient", patient));
    args.addAll(List.of(more));
    return CommandRun.run(args.toArray(String[]::new));
  }

  /** Seals each window for {@code patient} and publishes it with the server's results login. */
  private static void publish(String patient) throws Exception {
    DeploymentConfig c = DeploymentConfig.load(d.config());
    List<byte[]> sealed =
        SealedResults.seal(
            DeploymentCommand.patientKeys(c.patients(), patient), patient, START, windows);
    Mqtt3AsyncClient client =
        DeploymentCommand.mqttEndpoint(
                c, MqttLogins.RESULT_PUBLISHER, c.server().resultsPasswordFile())
            .newClient();
    client.connect().get(30, TimeUnit.SECONDS);
    try {
      for (byte[] r : sealed) {
        client
            .publishWith()
            .topic(Topics.results(patient))
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload(r)
            .send()
            .get(30, TimeUnit.SECONDS);
      }
    } finally {
      client.disconnect();
    }
  }

  @Test
  void formatFhir_printsOneBundleWithAnObservationPerWindow_parsedByHapi() throws Exception {
    String patient = d.patients().get(0);
    publish(patient);
    CommandRun r = results(patient, "--format", "fhir", "--idle", "2");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("stopped cleanly: 6 windows"), r.err());
    Bundle b = FhirExport.context().newJsonParser().parseResource(Bundle.class, r.out());
    Set<Instant> starts = new TreeSet<>();
    Double firstMeanHr = null;
    for (Bundle.BundleEntryComponent e : b.getEntry()) {
      if (e.getResource() instanceof Observation o) {
        assertEquals(patient, o.getSubject().getIdentifier().getValue());
        Instant s = o.getEffectivePeriod().getStart().toInstant();
        starts.add(s);
        for (Observation.ObservationComponentComponent comp : o.getComponent()) {
          if (s.equals(START)
              && comp.getCode().getCoding().stream()
                  .anyMatch(cd -> cd.getCode().equals("8867-4"))) {
            firstMeanHr = comp.getValueQuantity().getValue().doubleValue();
          }
        }
      }
    }
    Set<Instant> want = new TreeSet<>();
    for (int i = 0; i < windows.size(); i++) {
      want.add(START.plusMillis(i * WINDOW_MS));
    }
    assertEquals(want, starts, "one window each");
    assertEquals(windows.get(0).metrics().asMap().get(Metric.MEAN_HR), firstMeanHr, 1e-9);
  }

  @Test
  void alerts_storeTheResultsAndPrintEachRaisedAlertOnce() throws Exception {
    String patient = d.patients().get(1);
    publish(patient);
    CommandRun r = results(patient, "--alerts", "--idle", "2");
    assertEquals(0, r.code(), r.err());
    List<String> alerts = r.out().lines().filter(l -> l.startsWith("alert ")).toList();
    assertEquals(
        1,
        alerts.stream().filter(l -> l.contains("RAISED") && l.contains("HR_HIGH")).count(),
        r.out());
    // nsr001's sixth window has an SDNN of 11 ms, below init's 20 ms.
    assertEquals(
        1,
        alerts.stream().filter(l -> l.contains("RAISED") && l.contains("SDNN_LOW")).count(),
        r.out());
    assertTrue(
        r.out().contains("alerts into jdbc:sqlite:" + d.dir().resolve("clinic/results.db")),
        "the configured store: " + r.out());
    assertTrue(alerts.stream().allMatch(l -> l.contains(patient)), r.out());
    assertEquals(alerts.size(), Set.copyOf(alerts).size(), "each line once: " + r.out());
    assertTrue(r.out().contains("6 results stored, 0 store failures"), r.out());
    assertFalse(r.out().contains("\tat "), r.out());
  }
}
