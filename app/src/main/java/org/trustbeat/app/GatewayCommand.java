package org.trustbeat.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.trustbeat.app.config.DeploymentConfig;
import org.trustbeat.app.config.PatientsSection;
import org.trustbeat.edge.Beat;
import org.trustbeat.edge.BeatSink;
import org.trustbeat.edge.Gateway;
import org.trustbeat.edge.GatewayStats;
import org.trustbeat.edge.Pacer;
import org.trustbeat.hrv.RrRecordReader;
import org.trustbeat.mqtt.MqttLogins;
import org.trustbeat.protocol.PatientKeys;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trustbeat gateway}: one patient's side — takes beats from a replayed record, a simulator
 * or standard input (a real sensor piped in), seals them with the patient's keys and publishes the
 * chunks with the patient's own broker login. Unsent chunks stay in the patient's spool across
 * restarts. A replay starts on a window boundary, so its windows are exactly {@code trustbeat hrv
 * FILE --window W}'s.
 */
@Command(
    name = "gateway",
    footer = {
      "",
      "Example:",
      "  trustbeat gateway --config dep/trustbeat.toml --patient p-1a2b3c4d --simulate"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Runs a patient's gateway: seals the patient's beats and publishes them.",
      "Until the source ends, SIGTERM or Ctrl-C. --stdin reads `timestamp,rr` lines (epoch",
      "seconds, RR in --unit) as a sensor writes them.",
      "Exit: 1 broker unreachable or refusing, 2 bad arguments or configuration."
    })
public final class GatewayCommand extends DeploymentCommand {
  @Option(names = "--patient", required = true, paramLabel = "ID", description = "The patient.")
  String patient;

  static final class Source {
    @Option(
        names = "--replay",
        paramLabel = "RR_FILE",
        description =
            "Replay a recording (as `trustbeat hrv` reads it) from the next window boundary.")
    Path replay;

    @Option(names = "--simulate", description = "A simulated sensor, seeded by the patient id.")
    boolean simulate;

    @Option(names = "--stdin", description = "`timestamp,rr` lines from standard input.")
    boolean stdin;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--speed",
      defaultValue = "1",
      description =
          "Replay/simulation runs this many times faster than the clock (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(
      names = "--unit",
      paramLabel = "s|ms",
      description = "Unit of the RR values (replay: default from the file; stdin: default ms).")
  String unit;

  @Option(
      names = "--progress-seconds",
      defaultValue = "15",
      paramLabel = "SECONDS",
      description = "Interval of the progress lines (default: ${DEFAULT-VALUE}).")
  long progressSeconds;

  /** Standard input; tests replace it. */
  java.io.InputStream in = System.in;

  @Override
  int run(DeploymentConfig config) throws Exception {
    if (!(speed > 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--speed must be > 0");
    }
    RrRecordReader.Unit rrUnit;
    try {
      rrUnit = unit == null ? null : RrRecordReader.Unit.parse(unit);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--unit: " + e.getMessage());
    }
    PatientsSection patients = config.patients();
    PatientKeys keys = patientKeys(patients, patient);
    double window = config.job().windowSeconds();
    double now = System.currentTimeMillis() / 1000.0;
    Iterator<Beat> beats;
    String what;
    if (source.replay != null) {
      DemoSensors.Sensor s;
      try {
        s = DemoSensors.replay(patient, source.replay, rrUnit, window, now);
      } catch (IOException e) {
        throw new Failure("cannot read " + source.replay + ": " + oneLine(e.getMessage()));
      }
      beats = s.beats();
      what =
          s.description()
              + " from the window boundary at epoch "
              + (long) (Math.ceil(now / window) * window);
    } else if (source.simulate) {
      DemoSensors.Sensor s =
          DemoSensors.simulated(patient, patient.hashCode(), Math.ceil(now / window) * window);
      beats = s.beats();
      what = s.description();
    } else {
      beats = null;
      what = "standard input (timestamp,rr lines)";
    }
    String label = config.job().label();
    StatusLine status = new StatusLine(out(), "gateway " + patient, label);
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gateway-" + patient);
              t.setDaemon(true);
              return t;
            });
    try (ServiceRun run = ServiceRun.start("gateway")) {
      PipelineWiring.GatewayLink link =
          PipelineWiring.connectGateway(
              mqttEndpoint(config, MqttLogins.gateway(patient), patients.gatewayPassword(patient)),
              patient,
              keys,
              patients.spool(patient),
              executor);
      Gateway g = link.gateway();
      Thread player =
          new Thread(
              () -> {
                try {
                  if (beats != null) {
                    Pacer.of(speed).play(beats, g);
                  } else {
                    readSensorLines(
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
                        g,
                        rrUnit == null ? RrRecordReader.Unit.MILLISECONDS : rrUnit,
                        status::line);
                  }
                  g.flush();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (IOException | GeneralSecurityException e) {
                  status.line(
                      "source stopped: "
                          + e.getClass().getSimpleName()
                          + ": "
                          + oneLine(e.getMessage()));
                } finally {
                  run.requestStop();
                }
              },
              "sensor-" + patient);
      player.setDaemon(true);
      status.health(
          "publishing to "
              + config.broker().url()
              + " as "
              + MqttLogins.gateway(patient)
              + "; source "
              + what
              + (beats != null ? String.format(Locale.ROOT, " at %.0f×", speed) : ""));
      player.start();
      try {
        run.await(Duration.ofSeconds(progressSeconds), () -> status.progress(counts(g.stats())));
        player.interrupt();
        player.join(2000);
        g.flush();
        boolean delivered = g.awaitDelivered(Duration.ofSeconds(10));
        g.close();
        status.stopped(
            (delivered ? "cleanly" : "with chunks left in the spool (sent on the" + " next start)")
                + run.cause()
                + ": "
                + counts(g.stats()));
      } finally {
        link.client().disconnect();
        executor.shutdownNow();
        executor.awaitTermination(2, TimeUnit.SECONDS);
      }
    }
    return 0;
  }

  /**
   * Feeds {@code timestamp,rr} lines (epoch seconds; RR in {@code unit}) to {@code sink} until the
   * end of input; a header line and blank lines are skipped, a malformed line is reported by its
   * number (never its content, which may be a sample) and skipped. Returns the beats fed.
   */
  static long readSensorLines(
      BufferedReader r, BeatSink sink, RrRecordReader.Unit unit, Consumer<String> note)
      throws IOException, GeneralSecurityException {
    String line;
    long n = 0;
    long beats = 0;
    double scale = unit == RrRecordReader.Unit.SECONDS ? 1000 : 1;
    while ((line = r.readLine()) != null) {
      n++;
      String t = line.strip();
      if (t.isEmpty() || (n == 1 && !Character.isDigit(t.charAt(0)))) {
        continue; // blank lines and a header line such as "timestamp,rr_ms"
      }
      String[] f = t.split("\\s*,\\s*");
      double time;
      double rr;
      try {
        if (f.length != 2) {
          throw new NumberFormatException();
        }
        time = Double.parseDouble(f[0]);
        rr = Double.parseDouble(f[1]) * scale;
      } catch (NumberFormatException e) {
        note.accept("input line " + n + " is not `timestamp,rr` (epoch seconds, RR); skipped");
        continue;
      }
      sink.accept(time, rr);
      beats++;
    }
    return beats;
  }

  private static String counts(GatewayStats s) {
    return s.beatsAccepted()
        + " beats sealed ("
        + s.beatsRejected()
        + " refused) in "
        + s.chunksSealed()
        + " chunks, "
        + s.chunksPublished()
        + " published, "
        + s.spooledChunks()
        + " spooled";
  }
}
