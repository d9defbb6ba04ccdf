package org.trustbeat.server.internal;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import org.trustbeat.server.ResultPublisher;

/** Publishes each sealed result with QoS 1 to {@code trustbeat/v1/<patient>/results}. */
public final class MqttResultPublisher implements ResultPublisher {
  private final Mqtt3BlockingClient client;

  private MqttResultPublisher(Mqtt3BlockingClient client) {
    this.client = client;
  }

  public static MqttResultPublisher connect(URI server) throws IOException {
    Mqtt3BlockingClient client =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier("trustbeat-results-" + UUID.randomUUID().toString().substring(0, 8))
            .serverHost(server.getHost())
            .serverPort(server.getPort())
            .automaticReconnectWithDefaultConfig()
            .buildBlocking();
    try {
      client.connect();
    } catch (RuntimeException e) {
      throw new IOException("cannot connect to MQTT broker " + server
          + " to publish results; start the broker or fix --mqtt", e);
    }
    return new MqttResultPublisher(client);
  }

  public static String topic(String patient) {
    return "trustbeat/v1/" + patient + "/results";
  }

  @Override
  public void publish(String patient, long windowStartMillis, String algorithm, byte[] sealedResult)
      throws IOException {
    try {
      client.publishWith()
          .topic(topic(patient))
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(sealedResult)
          .send();
    } catch (RuntimeException e) {
      throw new IOException("publishing the result of patient " + patient + ", window "
          + windowStartMillis + " failed; the batch will be retried from the checkpoint", e);
    }
  }

  @Override
  public void close() {
    try {
      client.disconnect();
    } catch (RuntimeException e) {
      // Already disconnected.
    }
  }
}
