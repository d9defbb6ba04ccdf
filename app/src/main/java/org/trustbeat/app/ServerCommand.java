package org.trustbeat.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import org.trustbeat.app.config.ConfigException;
import org.trustbeat.app.config.DeploymentConfig;
import org.trustbeat.app.config.JobSection;
import org.trustbeat.app.config.ServerSection;
import org.trustbeat.app.config.StorageSection;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.keybroker.KeyBrokerClient;
import org.trustbeat.keybroker.TlsFiles;
import org.trustbeat.mqtt.MqttLogins;
import org.trustbeat.mqtt.Topics;
import org.trustbeat.server.IngestBridge;
import org.trustbeat.server.JobMetrics;
import org.trustbeat.server.KeyBrokerProvisioner;
import org.trustbeat.server.ModeHostFactory;
import org.trustbeat.server.SecureHrvJob;
import org.trustbeat.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trustbeat server --config FILE}: the untrusted host's side — the ingest bridge (MQTT to
 * landing store) and the Spark job (landing store to enclave to sealed results). Runs until
 * SIGTERM; stops the ingest first (what it acknowledged is landed) and then the job (what it
 * committed is checkpointed), so a restart processes every acknowledged chunk exactly once.
 */
@Command(
    name = "server",
    footer = {"", "Example:", "  trustbeat server --config dep/trustbeat.toml"},
    mixinStandardHelpOptions = true,
    description = {
      "Runs a deployment's ingest bridge and Spark job (the untrusted host).",
      "Until SIGTERM or Ctrl-C, which stop it cleanly (exit 0).",
      "Exit: 1 the broker or key broker is unreachable or refuses, 2 bad configuration."
    })
public final class ServerCommand extends DeploymentCommand {
  @Option(
      names = "--spark-master",
      paramLabel = "URL",
      description = "Overrides [spark] master: local[*] or spark://HOST:7077.")
  String sparkMaster;

  @Option(
      names = "--progress-seconds",
      defaultValue = "15",
      paramLabel = "SECONDS",
      description = "Interval of the progress lines (default: ${DEFAULT-VALUE}).")
  long progressSeconds;

  @Override
  int run(DeploymentConfig config) throws Exception {
    JobSection job = config.job();
    StorageSection storage = config.storage();
    ServerSection s = config.server();
    StatusLine status = new StatusLine(out(), "server", job.label());
    // Under spark-submit, Spark's own --master wins over the configuration.
    String master =
        SparkSessions.submitted()
            ? System.getProperty("spark.master")
            : sparkMaster != null ? sparkMaster : config.spark().master();

    KeyBrokerProvisioner provisioner = keyBroker(config);
    Path simulationKey = null;
    if (job.mode() != HostKind.SGX) {
      if (s.simulationKey() == null) {
        throw new ConfigException(
            config.file()
                + ": [server] simulation_key: missing in mode "
                + job.mode().label()
                + "; name the simulation attestation key file `trustbeat init`"
                + " wrote");
      }
      simulationKey = s.simulationKey().checkSecret();
    } else {
      try {
        ModeHostFactory.of(HostKind.SGX, null, null).checkAvailable();
      } catch (IOException e) {
        throw new Failure(oneLine(e.getMessage()));
      }
    }
    Files.createDirectories(storage.enclave());
    ServerConfig serverConfig;
    try {
      ServerConfig.Builder b =
          ServerConfig.builder()
              .setLandingRoot(storage.landing())
              .setResultRoot(storage.results())
              .setCheckpointDir(storage.checkpoint())
              .setWindow(job.window())
              .setTriggerInterval(Duration.ofSeconds(config.spark().triggerSeconds()))
              .setWatermarkDelay(Duration.ofSeconds(config.spark().watermarkDelaySeconds()))
              .setSparkMaster(master)
              .setShufflePartitions(config.spark().shufflePartitions())
              .setStateMemoryMb(config.spark().stateMemoryMb())
              .setMqtt(mqttSettings(config, MqttLogins.RESULT_PUBLISHER, s.resultsPasswordFile()))
              .setHostSpec(
                  PipelineWiring.hostSpec(
                      job.mode(),
                      job.id(),
                      job.analysis(),
                      simulationKey,
                      storage.enclave(),
                      verificationKey(s.releaseVerificationKey()),
                      job.enclaveHeapMb(),
                      provisioner,
                      provisioner.keyBroker()));
      if (config.spark().closeSpreadSeconds() >= 0) {
        b.setCloseSpread(Duration.ofSeconds(config.spark().closeSpreadSeconds()));
      }
      serverConfig = b.build();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new ConfigException(config.file() + ": " + e.getMessage());
    }

    try (ServiceRun run = ServiceRun.start("server");
        IngestBridge ingest =
            PipelineWiring.startIngest(
                mqttEndpoint(config, MqttLogins.INGEST, s.ingestPasswordFile()),
                storage.landing())) {
      // Gateways may publish from here on: the broker now keeps chunks for the ingest session.
      status.line(
          "ingest subscribed to "
              + Topics.ALL_CHUNKS
              + " as "
              + MqttLogins.INGEST
              + "; starting the Spark job");
      SecureHrvJob hrvJob = startJob(serverConfig);
      try {
        status.health(
            "ingest from "
                + config.broker().url()
                + " as "
                + MqttLogins.INGEST
                + ", Spark "
                + master
                + ", key broker "
                + provisioner.keyBroker()
                + ", "
                + job.analysis().jobName()
                + " on "
                + job.windowSeconds()
                + "-s windows; SIGTERM stops");
        run.await(
            Duration.ofSeconds(progressSeconds),
            () -> {
              if (!hrvJob.query().isActive()) {
                throw new IllegalStateException(
                    "the Spark job stopped: "
                        + (hrvJob.query().exception().isDefined()
                            ? oneLine(hrvJob.query().exception().get().getMessage())
                            : "no reason given"));
              }
              status.progress(counts(ingest, hrvJob.metrics()));
            });
        // Ingest first: every chunk it acknowledged is then landed, and the job's checkpoint
        // takes it up on the next start if this one did not.
        ingest.close();
      } finally {
        stop(hrvJob, status);
      }
      status.stopped("cleanly" + run.cause() + ": " + counts(ingest, hrvJob.metrics()));
    }
    return 0;
  }

  private static void stop(SecureHrvJob job, StatusLine status) {
    try {
      job.stop();
    } catch (IOException | RuntimeException e) {
      // On SIGTERM Spark's own shutdown hook may stop the session first; the checkpoint still
      // holds every committed batch, and the next start resumes from it.
      status.line(
          "Spark was already stopping ("
              + e.getClass().getSimpleName()
              + "); the"
              + " checkpoint resumes the job on the next start");
    }
  }

  /**
   * On {@code local[…]} the job makes and stops its own session; on a cluster master, or under
   * spark-submit, this command makes one whose executors find TrustBeat's classes.
   */
  private static SecureHrvJob startJob(ServerConfig config) throws Failure {
    SparkSession cluster = null;
    try {
      if (config.sparkMaster().startsWith("local") && !SparkSessions.submitted()) {
        return SecureHrvJob.start(config);
      }
      cluster =
          SparkSessions.cluster(
              config.sparkMaster(), config.queryName(), config.shufflePartitions());
      SparkSession session = cluster;
      // A job on a given session leaves it to its caller: stop it with the JVM.
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop, "spark-session-stop"));
      return SecureHrvJob.start(session, config);
    } catch (IOException | RuntimeException e) {
      if (cluster != null) {
        cluster.stop();
      }
      throw new Failure(
          "the Spark job did not start: "
              + oneLine(e.getMessage())
              + "; check [spark] master and [storage]");
    }
  }

  private static String counts(IngestBridge ingest, JobMetrics m) {
    return ingest.landed()
        + " chunks landed ("
        + ingest.quarantined()
        + " quarantined); "
        + m.batches()
        + " micro-batches, "
        + m.windowsClosed()
        + " windows closed, "
        + m.resultsWritten()
        + " results written, "
        + m.rejectedTotal()
        + " chunks rejected, "
        + m.lateChunks()
        + " late";
  }

  /**
   * The provisioner of the enclave hosts, after checking that the key broker answers this host over
   * mutual TLS: a broker that is down or refuses the host's certificate is reported now, in one
   * line, not as windows without keys later.
   */
  private static KeyBrokerProvisioner keyBroker(DeploymentConfig config)
      throws ConfigException, Failure {
    ServerSection s = config.server();
    char[] pw = s.clientPasswordFile().password();
    try {
      Path keyStore = s.clientKeystore().checkSecret();
      Path ca = s.keyBrokerCa().checkReadable();
      KeyBrokerClient client;
      try {
        client =
            KeyBrokerClient.builder(config.keyBroker().url())
                .clientCertificate(TlsFiles.loadKeyStore(keyStore, pw), pw)
                .trustStore(TlsFiles.trustStoreOfPem(ca))
                .timeout(Duration.ofSeconds(10))
                .build();
      } catch (IOException | GeneralSecurityException | IllegalStateException e) {
        throw new ConfigException(
            s.clientKeystore().where()
                + ": "
                + keyStore
                + " does not open"
                + " with the password in "
                + s.clientPasswordFile().path()
                + " ("
                + oneLine(e.getMessage())
                + "); copy both from the same `trustbeat init`");
      }
      try {
        client.requestNonce();
      } catch (IOException | GeneralSecurityException e) {
        throw new Failure(
            "the key broker at "
                + config.keyBroker().url()
                + " is unreachable or"
                + " refuses this host ("
                + oneLine(e.getMessage())
                + "); start `trustbeat keybroker"
                + " serve --config "
                + config.file()
                + "`, or check [keybroker] url and [server]"
                + " client_keystore");
      }
      return KeyBrokerProvisioner.ofMutualTls(config.keyBroker().url(), keyStore, pw, ca);
    } finally {
      Arrays.fill(pw, '\0');
    }
  }
}
