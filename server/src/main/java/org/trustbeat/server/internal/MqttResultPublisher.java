package org.trustbeat.server.internal;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.trustbeat.mqtt.MqttConnectException;
import org.trustbeat.mqtt.MqttEndpoint;
import org.trustbeat.mqtt.Topics;
import org.trustbeat.server.ResultPublisher;

/** Publishes each sealed result with QoS 1 to {@code trustbeat/v1/<patient>/results}. */
public final class MqttResultPublisher implements ResultPublisher {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Mqtt3AsyncClient client;

  private MqttResultPublisher(Mqtt3AsyncClient client) {
    this.client = client;
  }

  /**
   * Connects a new client with the settings' client id — a broker with logins binds the id to the
   * login ({@link org.trustbeat.mqtt.MqttLogins#RESULT_PUBLISHER}) — or, without one, {@code
   * trustbeat-results-<random>}.
   */
  public static MqttResultPublisher connect(MqttEndpoint endpoint) throws MqttConnectException {
    Mqtt3AsyncClient client =
        endpoint.settings().clientId().isPresent()
            ? endpoint.newClient()
            : endpoint.newClient(
                "trustbeat-results-" + UUID.randomUUID().toString().substring(0, 8));
    endpoint.connectBlocking(client, TIMEOUT);
    return new MqttResultPublisher(client);
  }

  @Override
  public void publish(String patient, long windowStartMillis, String algorithm, byte[] sealedResult)
      throws IOException {
    try {
      client
          .publishWith()
          .topic(Topics.results(patient))
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(sealedResult)
          .send()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(
          "publishing the result of patient "
              + patient
              + ", window "
              + windowStartMillis
              + " failed; the batch fails and is replayed from the checkpoint",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while publishing a result", e);
    }
  }

  @Override
  public void close() {
    try {
      client.disconnect().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // Already disconnected.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
