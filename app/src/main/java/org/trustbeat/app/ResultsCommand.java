package org.trustbeat.app;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.trustbeat.app.config.DeploymentConfig;
import org.trustbeat.app.config.PatientsSection;
import org.trustbeat.clinic.StoreLocation;
import org.trustbeat.edge.ConsumedResult;
import org.trustbeat.edge.ResultListener;
import org.trustbeat.mqtt.MqttLogins;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.report.fhir.FhirExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trustbeat results}: a patient's result reader. Takes the patient's sealed results from the
 * broker with the patient's consumer login (a persistent session: results published while it was
 * away arrive too), opens and checks them with the patient's result key, pinned to the deployment's
 * analysis and window, and prints one line or JSON object per window, with the mode and attestation
 * labels and the completeness counts.
 */
@Command(
    name = "results",
    footer = {
      "",
      "Example:",
      "  trustbeat results --config dep/trustbeat.toml --patient p-1a2b3c4d --format fhir"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Prints a patient's results, opened and checked on the patient side.",
      "Until no result came for --idle seconds, or with --follow until SIGTERM or Ctrl-C.",
      "--format json prints trustbeat hrv's keys plus the",
      "patient, window, labels and completeness counts (status lines then go to stderr).",
      "--format fhir prints one FHIR R4 Bundle of every result read, at the end.",
      "--alerts also stores the results ([store], else a temporary SQLite file) and prints",
      "each alert of [alerts] once when raised and once when cleared.",
      "Exit: 1 broker unreachable or refusing, 2 bad arguments or configuration."
    })
public final class ResultsCommand extends DeploymentCommand {
  enum Format {
    table,
    json,
    fhir
  }

  @Option(names = "--patient", required = true, paramLabel = "ID", description = "The patient.")
  String patient;

  @Option(names = "--follow", description = "Keep printing results until SIGTERM or Ctrl-C.")
  boolean follow;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, json or fhir (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--alerts",
      description =
          "Store the results in [store] (a temporary SQLite"
              + " file without one), judge the [alerts] rules and print each alert once.")
  boolean alerts;

  @Option(
      names = "--idle",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description =
          "Without --follow: stop after this long without a new result (default: ${DEFAULT-VALUE}).")
  long idleSeconds;

  @Override
  int run(DeploymentConfig config) throws Exception {
    if (idleSeconds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--idle must be at least 1");
    }
    PatientsSection patients = config.patients();
    PatientKeys keys = patientKeys(patients, patient);
    boolean json = format == Format.json;
    boolean fhir = format == Format.fhir;
    // JSON and FHIR on stdout stay parseable: every other line goes to stderr.
    PrintWriter statusOut = json || fhir ? err() : out();
    StatusLine status = new StatusLine(statusOut, "results " + patient, config.job().label());
    LiveResults live =
        fhir
            ? new LiveResults(LiveResults.printer(statusOut), false)
            : new LiveResults(out(), statusOut, json);
    List<ResultListener> listeners = new ArrayList<>(List.of(live));
    List<ConsumedResult> collected = Collections.synchronizedList(new ArrayList<>());
    if (fhir) {
      listeners.add(collected::add);
    }
    ResultAlerts alertLog = null;
    if (alerts) {
      StoreLocation location = config.store().isPresent() ? config.store().get().location() : null;
      try {
        alertLog =
            ResultAlerts.open(
                location,
                config.alerts(),
                patient,
                LiveResults.printer(statusOut),
                Clock.systemUTC());
      } catch (IllegalStateException e) {
        throw new Failure(oneLine(e.getMessage()));
      }
      listeners.add(alertLog.listener());
      alertLog.printNew();
    }
    try (ServiceRun run = ServiceRun.start("results");
        ResultAlerts closing = alertLog) {
      Mqtt3AsyncClient client =
          PipelineWiring.connectConsumer(
              mqttEndpoint(
                  config, MqttLogins.consumer(patient), patients.consumerPassword(patient)),
              patient,
              keys,
              config.job().analysis(),
              config.job().id(),
              config.job().window(),
              patients.testPatients(),
              ResultListeners.of(listeners));
      try {
        status.health(
            "reading "
                + config.job().analysis().jobName()
                + " results on "
                + config.job().windowSeconds()
                + "-s windows from "
                + config.broker().url()
                + " as "
                + MqttLogins.consumer(patient)
                + (follow
                    ? "; SIGTERM stops"
                    : "; stops after " + idleSeconds + " s without a result")
                + (closing == null
                    ? ""
                    : "; alerts into "
                        + (config.store().isPresent()
                            ? config.store().get().url()
                            : "a temporary SQLite store")));
        long[] last = {live.windows(), System.nanoTime()};
        Duration tick = Duration.ofSeconds(follow ? 30 : 1);
        run.await(
            tick,
            () -> {
              if (closing != null) {
                closing.tick();
              }
              if (follow) {
                status.progress(summary(live));
                return;
              }
              if (live.windows() != last[0]) {
                last[0] = live.windows();
                last[1] = System.nanoTime();
              } else if (System.nanoTime() - last[1] > Duration.ofSeconds(idleSeconds).toNanos()) {
                run.requestStop();
              }
            });
      } finally {
        client.disconnect();
      }
      if (closing != null) {
        closing.tick();
      }
      if (fhir) {
        List<ConsumedResult> results;
        synchronized (collected) {
          results = new ArrayList<>(collected);
        }
        results.sort(Comparator.comparingLong(ConsumedResult::windowStartMillis));
        if (results.isEmpty()) {
          status.stopped("cleanly" + run.cause() + ": no result arrived, so no FHIR Bundle");
          return FAILED;
        }
        out().println(FhirExport.create().json(results));
        out().flush();
      }
      status.stopped(
          "cleanly"
              + run.cause()
              + ": "
              + summary(live)
              + (closing == null ? "" : "; " + closing.summary()));
    }
    return 0;
  }

  private static String summary(LiveResults live) {
    return live.windows()
        + " windows, "
        + live.duplicates()
        + " duplicates ignored, "
        + live.sequenceGaps()
        + " sequence gaps, "
        + live.uncoveredSequences()
        + " sequence numbers covered by no result, "
        + live.missingWindows()
        + " missing windows, "
        + live.refused()
        + " results refused";
  }
}
