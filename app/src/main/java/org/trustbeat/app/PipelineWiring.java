package org.trustbeat.app;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.trustbeat.edge.Gateway;
import org.trustbeat.edge.ResultConsumer;
import org.trustbeat.edge.ResultListener;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.mqtt.MqttConnectException;
import org.trustbeat.mqtt.MqttEndpoint;
import org.trustbeat.mqtt.MqttLogins;
import org.trustbeat.protocol.KeyBrokerVerificationKey;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.server.HostSpec;
import org.trustbeat.server.IngestBridge;
import org.trustbeat.server.KeyProvisioner;
import org.trustbeat.server.LandingStore;
import org.trustbeat.server.ModeHostFactory;

/**
 * How the parts of the pipeline are put together, the same in {@code trustbeat demo} (one process
 * tree) and in the deployment's separate commands ({@code server}, {@code gateway}, {@code
 * results}): the enclave host spec of the job, the ingest bridge, a patient's gateway and a
 * patient's result consumer.
 */
final class PipelineWiring {
  /** Generous: a busy machine can take seconds for a TLS handshake; a refusal comes at once. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private PipelineWiring() {}

  /** A gateway and the MQTT client it publishes with (the caller disconnects the client). */
  record GatewayLink(Gateway gateway, Mqtt3AsyncClient client) {}

  /** The enclave side of the job: the mode's host, pinned to the key broker's key. */
  static HostSpec hostSpec(
      HostKind kind,
      String jobId,
      HrvJob job,
      Path simulationKey,
      Path enclaveDir,
      KeyBrokerVerificationKey keyBrokerKey,
      int enclaveHeapMb,
      KeyProvisioner provisioner,
      URI keyBroker) {
    return HostSpec.builder()
        .setKind(kind)
        .setJobId(jobId)
        .setJob(job)
        .setHostFactory(
            ModeHostFactory.of(kind, simulationKey, enclaveDir, keyBrokerKey, enclaveHeapMb))
        .setProvisioner(provisioner)
        .setKeyBroker(keyBroker)
        .build();
  }

  /** Starts the ingest bridge with its own login ({@link MqttLogins#INGEST}). */
  static IngestBridge startIngest(MqttEndpoint endpoint, Path landingRoot)
      throws IOException, MqttConnectException {
    return IngestBridge.builder()
        .setEndpoint(endpoint)
        .setClientId(MqttLogins.INGEST)
        .setLandingStore(LandingStore.open(landingRoot))
        .build()
        .start();
  }

  /** Connects a patient's gateway with the patient's gateway login. */
  static GatewayLink connectGateway(
      MqttEndpoint endpoint,
      String patient,
      PatientKeys keys,
      Path stateDir,
      ScheduledExecutorService executor)
      throws IOException, GeneralSecurityException, MqttConnectException {
    Mqtt3AsyncClient client = endpoint.newClient();
    endpoint.connectBlocking(client, CONNECT_TIMEOUT);
    try {
      Gateway g =
          Gateway.builder()
              .setPatient(patient)
              .setKeys(keys)
              .setClient(client)
              .setStateDirectory(stateDir)
              .setExecutor(executor)
              .build();
      return new GatewayLink(g, client);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      client.disconnect();
      throw e;
    }
  }

  /**
   * Subscribes a patient's result consumer, pinned to the analysis the patient expects, and
   * connects it (persistent session: results queued while it was away arrive too).
   */
  static Mqtt3AsyncClient connectConsumer(
      MqttEndpoint endpoint,
      String patient,
      PatientKeys keys,
      HrvJob job,
      String jobId,
      Duration window,
      boolean testPatient,
      ResultListener listener)
      throws MqttConnectException {
    Mqtt3AsyncClient c = endpoint.newClient();
    ResultConsumer consumer =
        ResultConsumer.builder()
            .setPatient(patient)
            .setKeys(keys)
            .setExpectedAlgorithm(job.jobName())
            .setExpectedJobId(jobId)
            .setExpectedWindow(window)
            .setTestPatient(testPatient)
            .setListener(listener)
            .build();
    consumer.subscribe(c);
    endpoint.connectBlocking(c, CONNECT_TIMEOUT);
    return c;
  }
}
