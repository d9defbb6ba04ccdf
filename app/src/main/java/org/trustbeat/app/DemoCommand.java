package org.trustbeat.app;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustbeat.app.console.ConsoleLines;
import org.trustbeat.app.console.KeyReleases;
import org.trustbeat.app.console.LiveConsole;
import org.trustbeat.app.console.Logs;
import org.trustbeat.edge.GatewayStats;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.mqtt.MqttLogins;
import org.trustbeat.server.IngestBridge;
import org.trustbeat.server.JobMetrics;
import org.trustbeat.server.ModeHostFactory;
import org.trustbeat.server.ModeLabel;
import org.trustbeat.server.SecureHrvJob;
import org.trustbeat.server.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code trustbeat demo}: the whole system in one process tree — key broker, MQTT broker, ingest,
 * Spark, enclave host, simulated patients and two replayed real records — with live results as the
 * patient side opens them, and a summary at the end.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole system on this machine and shows it live.",
      "",
      "Key broker, embedded MQTT broker, ingest, Spark (local), the enclave host, N simulated",
      "patients and two replayed PhysioNet records. On a terminal a status block is redrawn in",
      "place with each patient's latest result; otherwise a status line every 15 s and a line per",
      "result. A summary ends the run; Ctrl-C ends it early. The log goes to DIR/trustbeat.log.",
      "Attestation here is SIMULATED (no SGX on this machine): no hardware protection.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  trustbeat demo                                   # 20 patients, 2 minutes",
      "  trustbeat demo --patients 5 --duration 30 --speed 300 --window 60 --trigger 2"
    })
public final class DemoCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  /** The analysis every demo patient gets, and pins on its result consumer. */
  static final HrvJob DEMO_JOB = HrvJob.HRV;

  static final String DEMO_JOB_ID = "demo";

  @Spec CommandSpec spec;

  @Option(
      names = "--patients",
      defaultValue = "20",
      description = "Simulated patients (default: ${DEFAULT-VALUE}).")
  int patients;

  @Option(
      names = "--mode",
      defaultValue = "sealed-process",
      converter = OptionTypes.Mode.class,
      description = "sealed-inprocess, sealed-process or sgx (default: ${DEFAULT-VALUE}).")
  HostKind kind;

  @Option(
      names = "--duration",
      defaultValue = "120",
      paramLabel = "SECONDS",
      description = "How long the sensors run; 0 runs until Ctrl-C (default: ${DEFAULT-VALUE}).")
  long duration;

  @Option(
      names = "--work-dir",
      defaultValue = ".trustbeat/demo",
      paramLabel = "DIR",
      description =
          "Where keys (DIR/trusted) and broker, landing store, checkpoints and results (DIR/host) go; must be new or a previous demo's (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--window",
      defaultValue = "300",
      paramLabel = "SECONDS",
      description = "Analysis window (default: ${DEFAULT-VALUE}).")
  long window;

  @Option(
      names = "--speed",
      defaultValue = "60",
      description =
          "Sensor time runs this many times faster than the clock (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(
      names = "--trigger",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description = "Spark micro-batch interval (default: ${DEFAULT-VALUE}; the paper used 10).")
  long trigger;

  @Option(
      names = "--broker",
      paramLabel = "URI",
      description =
          "Use this MQTT broker (tcp://host:port or ssl://…) instead of the embedded one.")
  String brokerUri;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "../shared/data/rr",
      description = "Where the real RR records are (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (kind == HostKind.PLAIN) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "the demo shows the sealed" + " path; for the plain baseline use 'trustbeat bench'");
    }
    if (patients < 0 || window <= 0 || speed <= 0 || trigger <= 0 || duration < 0) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--patients, --window, --speed,"
              + " --trigger and --duration must be positive (duration may be 0 for 'until Ctrl-C')");
    }
    try {
      DemoWorkDir.prepare(workDir);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (kind == HostKind.SGX) {
      try {
        ModeHostFactory.of(kind, null, null).checkAvailable();
      } catch (IOException e) {
        err.println("trustbeat demo: " + e.getMessage());
        return CommandLine.ExitCode.SOFTWARE;
      }
    }
    String label = ModeLabel.of(kind);
    Path logFile = Logs.moveTo(workDir.resolve(Logs.FILE_NAME));
    boolean terminal = LiveConsole.isTerminal();
    out.println("TrustBeat demo " + label);
    out.println(
        "everything runs in this process tree on one machine; work dir "
            + workDir.toAbsolutePath());
    out.println("log: " + logFile);
    out.flush();

    List<String> names = new ArrayList<>();
    for (int i = 1; i <= patients; i++) {
      names.add(String.format(Locale.ROOT, "sim-%02d", i));
    }
    List<DemoSensors.Sensor> sensors = new ArrayList<>();
    double start = Math.ceil(System.currentTimeMillis() / 1000.0 / window) * window;
    for (int i = 0; i < names.size(); i++) {
      sensors.add(DemoSensors.simulated(names.get(i), 1000 + i, start));
    }
    for (String rec : List.of("nsr001_rr_secs.txt", "healthy_000_rr_ms.txt")) {
      Path f = dataDir.resolve(rec);
      if (Files.exists(f)) {
        String p = "rec-" + rec.substring(0, rec.indexOf("_rr_")).replace("_", "");
        names.add(p);
        sensors.add(DemoSensors.replay(p, f, window, start));
      } else {
        err.println(
            "trustbeat demo: "
                + f
                + " not found; running without that replayed record"
                + " (pass --data DIR)");
      }
    }

    // Until the live console runs, events print as lines; then it takes them over.
    ConsoleLines lines = new ConsoleLines(out);
    LiveResults live = new LiveResults(lines, !terminal);
    KeyReleases keyReleases = new KeyReleases(lines);
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    AtomicBoolean ctrlC = new AtomicBoolean();
    // Ctrl-C ends the run like its end: the JVM waits (bounded) until the summary is printed.
    Thread hook =
        new Thread(
            () -> {
              ctrlC.set(true);
              Logs.silenceConsole(); // Spark's own hook now stops it under the job: nothing to act
              // on
              stop.countDown();
              try {
                finished.await(40, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "demo-ctrl-c");
    Runtime.getRuntime().addShutdownHook(hook);
    long started = System.nanoTime();
    // Keys and the simulation key stay in the trusted part; the host part holds only ciphertext.
    Path trusted = DemoWorkDir.trusted(workDir);
    Path host = DemoWorkDir.host(workDir);
    try (DemoTrust trust =
            DemoTrust.start(trusted, names, Duration.ofSeconds(window), DEMO_JOB, keyReleases);
        DemoMqtt mqtt =
            brokerUri == null
                ? DemoMqtt.embedded(names, host.resolve("broker"))
                : DemoMqtt.external(brokerUri)) {
      out.println("key broker " + trust.keyBrokerUri() + ", MQTT broker " + mqtt.description());
      Files.createDirectories(host.resolve("enclave"));
      ServerConfig config =
          ServerConfig.builder()
              .setLandingRoot(host.resolve("landing"))
              .setResultRoot(host.resolve("results"))
              .setCheckpointDir(host.resolve("checkpoint"))
              .setWindow(Duration.ofSeconds(window))
              .setTriggerInterval(Duration.ofSeconds(trigger))
              // Sensors run at --speed, so two triggers of wall-clock time are this much event
              // time;
              // patients drift apart by about that much between micro-batches.
              .setWatermarkDelay(
                  Duration.ofSeconds(Math.max(30, (long) Math.ceil(2 * trigger * speed))))
              .setMqtt(mqtt.settings(MqttLogins.RESULT_PUBLISHER))
              .setHostSpec(
                  PipelineWiring.hostSpec(
                      kind,
                      DEMO_JOB_ID,
                      DEMO_JOB,
                      trust.simulationKeyFile(),
                      host.resolve("enclave"),
                      trust.keyBrokerKey(),
                      ModeHostFactory.DEFAULT_ENCLAVE_HEAP_MB,
                      trust.provisioner(),
                      trust.keyBrokerUri()))
              .build();
      List<Mqtt3AsyncClient> consumerClients = new ArrayList<>();
      try (IngestBridge ingest =
              PipelineWiring.startIngest(
                  mqtt.endpoint(MqttLogins.INGEST), host.resolve("landing"));
          SecureHrvJob job = SecureHrvJob.start(config);
          DemoSensors sensorFleet = new DemoSensors()) {
        for (String p : names) {
          // Each patient pins the analysis it expects; the demo's patients are test patients
          // (their keys go to a simulated enclave), so no result of theirs counts as protected.
          consumerClients.add(
              PipelineWiring.connectConsumer(
                  mqtt.endpoint(MqttLogins.consumer(p)),
                  p,
                  trust.patientKeys(p),
                  DEMO_JOB,
                  DEMO_JOB_ID,
                  Duration.ofSeconds(window),
                  true,
                  live));
        }
        sensorFleet.start(sensors, trust, mqtt, trusted.resolve("gateways"), speed, lines);
        out.printf(
            Locale.ROOT,
            "%d patients streaming at %.0f× real time; %d-s windows, %d-s trigger%s%n",
            sensors.size(),
            speed,
            window,
            trigger,
            duration == 0 ? "; Ctrl-C to stop" : "; running " + duration + " s");
        out.flush();
        DemoStatus status =
            new DemoStatus(
                label,
                sensors.size(),
                speed,
                trigger,
                duration,
                sensorFleet::totals,
                ingest::landed,
                job.metrics(),
                live,
                keyReleases);
        try (LiveConsole console =
            LiveConsole.start(out, status, terminal, Duration.ofSeconds(15))) {
          lines.to(console::message);
          waitForEnd(stop, job);
          status.sensorsStopped();
          sensorFleet.stopAndDrain(Duration.ofSeconds(10));
          // Let the job take in what the gateways flushed before the summary is drawn.
          stop.await(Math.min(3 * trigger, 15), TimeUnit.SECONDS);
          console.refresh();
        } finally {
          lines.to(null);
        }
        summary(
            sensors.size(),
            sensorFleet.totals(),
            job.metrics(),
            live,
            keyReleases,
            started,
            label,
            out);
        for (Mqtt3AsyncClient c : consumerClients) {
          c.disconnect();
        }
      }
    } catch (Exception e) {
      if (!ctrlC.get()) {
        throw e;
      }
      // After Ctrl-C, Spark's own shutdown hook stops its context under the job: expected.
      LOG.info("after Ctrl-C, closing the demo: " + e);
      return 130;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down (Ctrl-C): the hook has run.
      }
    }
    return CommandLine.ExitCode.OK;
  }

  /** Waits for the end of the run, Ctrl-C or a failure of the Spark job. */
  private void waitForEnd(CountDownLatch stop, SecureHrvJob job) throws InterruptedException {
    long end =
        duration == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(duration);
    while (System.nanoTime() < end) {
      long left = Math.min(TimeUnit.SECONDS.toNanos(1), end - System.nanoTime());
      if (stop.await(Math.max(1, left), TimeUnit.NANOSECONDS)) {
        return;
      }
      if (!job.query().isActive()) {
        throw new IllegalStateException(
            "the Spark job stopped: "
                + (job.query().exception().isDefined()
                    ? job.query().exception().get().getMessage()
                    : "no reason given")
                + "; see the log "
                + Logs.file());
      }
    }
  }

  private static void summary(
      int patients,
      GatewayStats g,
      JobMetrics m,
      LiveResults live,
      KeyReleases keys,
      long startedNanos,
      String label,
      PrintWriter out) {
    out.println();
    out.println("summary " + label);
    out.printf(Locale.ROOT, "  patients           %d%n", patients);
    out.printf(
        Locale.ROOT, "  run time           %.0f s%n", (System.nanoTime() - startedNanos) / 1e9);
    out.printf(
        Locale.ROOT,
        "  beats              %d sealed at the edge, %d refused by the gateway%n",
        g.beatsAccepted(),
        g.beatsRejected());
    out.printf(
        Locale.ROOT,
        "  chunks             %d sealed, %d published, %d dropped from full spools, %d still spooled%n",
        g.chunksSealed(),
        g.chunksPublished(),
        g.chunksDropped(),
        g.spooledChunks());
    out.printf(
        Locale.ROOT,
        "  windows            %d closed by Spark, %d results opened by patients, %d duplicates ignored%n",
        m.windowsClosed(),
        live.windows(),
        live.duplicates());
    out.printf(
        Locale.ROOT,
        "  gaps               %d missing sequence numbers inside windows, %d between"
            + " windows (covered by no result), %d missing windows%n",
        live.sequenceGaps(),
        live.uncoveredSequences(),
        live.missingWindows());
    out.printf(
        Locale.ROOT,
        "  rejected           %d chunks by the enclave %s, %d late, %d results refused by patients%n",
        m.rejectedTotal(),
        m.rejected(),
        m.lateChunks(),
        live.refused());
    out.println("  keys               " + keys.summary());
    out.println("  log                " + Logs.file());
    out.println(
        "  (windows still open when the sensors stopped are not closed: their watermark never passed)");
    out.flush();
  }
}
