package org.trustbeat.app;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.io.PrintWriter;
import java.time.Duration;
import org.trustbeat.app.config.DeploymentConfig;
import org.trustbeat.app.config.PatientsSection;
import org.trustbeat.mqtt.MqttLogins;
import org.trustbeat.protocol.PatientKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trustbeat results}: a patient's result reader. Takes the patient's sealed results from
 * the broker with the patient's consumer login (a persistent session: results published while it
 * was away arrive too), opens and checks them with the patient's result key, pinned to the
 * deployment's analysis and window, and prints one line or JSON object per window, with the
 * mode and attestation labels and the completeness counts.
 */
@Command(
    name = "results",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a patient's results, opened and checked on the patient side.",
      "Until no result came for --idle seconds, or with --follow until SIGTERM or Ctrl-C.",
      "--format json prints trustbeat hrv's keys plus the",
      "patient, window, labels and completeness counts (status lines then go to stderr).",
      "Exit: 1 broker unreachable or refusing, 2 bad arguments or configuration."
    })
public final class ResultsCommand extends DeploymentCommand {
  enum Format { table, json }

  @Option(names = "--patient", required = true, paramLabel = "ID", description = "The patient.")
  String patient;

  @Option(names = "--follow", description = "Keep printing results until SIGTERM or Ctrl-C.")
  boolean follow;

  @Option(names = "--format", defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--idle", defaultValue = "5", paramLabel = "SECONDS",
      description = "Without --follow: stop after this long without a new result (default: ${DEFAULT-VALUE}).")
  long idleSeconds;

  @Override
  int run(DeploymentConfig config) throws Exception {
    if (idleSeconds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--idle must be at least 1");
    }
    PatientsSection patients = config.patients();
    PatientKeys keys = patientKeys(patients, patient);
    boolean json = format == Format.json;
    // JSON on stdout stays parseable: every other line goes to stderr.
    PrintWriter statusOut = json ? err() : out();
    StatusLine status = new StatusLine(statusOut, "results " + patient, config.job().label());
    LiveResults live = new LiveResults(out(), statusOut, json);
    try (ServiceRun run = ServiceRun.start("results")) {
      Mqtt3AsyncClient client = PipelineWiring.connectConsumer(
          mqttEndpoint(config, MqttLogins.consumer(patient), patients.consumerPassword(patient)),
          patient, keys, config.job().analysis(), config.job().id(), config.job().window(),
          patients.testPatients(), live);
      try {
        status.health("reading " + config.job().analysis().jobName() + " results on "
            + config.job().windowSeconds() + "-s windows from " + config.broker().url() + " as "
            + MqttLogins.consumer(patient) + (follow ? "; SIGTERM stops" : "; stops after "
            + idleSeconds + " s without a result"));
        long[] last = {live.windows(), System.nanoTime()};
        Duration tick = Duration.ofSeconds(follow ? 30 : 1);
        run.await(tick, () -> {
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
      status.stopped("cleanly" + run.cause() + ": " + summary(live));
    }
    return 0;
  }

  private static String summary(LiveResults live) {
    return live.windows() + " windows, " + live.duplicates() + " duplicates ignored, "
        + live.sequenceGaps() + " sequence gaps, " + live.uncoveredSequences()
        + " sequence numbers covered by no result, " + live.missingWindows() + " missing windows, "
        + live.refused() + " results refused";
  }
}
