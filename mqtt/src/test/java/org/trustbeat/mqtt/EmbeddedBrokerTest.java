package org.trustbeat.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {
  @TempDir Path dir;

  @Test
  void qos1Message_reachesSubscriber() throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.builder().setDataDirectory(dir).build().start()) {
      MqttEndpoint endpoint = MqttEndpoint.create(broker.clientSettings().build());
      Mqtt3AsyncClient sub = endpoint.newClient("sub");
      Mqtt3AsyncClient pub = endpoint.newClient("pub");
      try {
        BlockingQueue<Mqtt3Publish> got = new LinkedBlockingQueue<>();
        endpoint.connectBlocking(sub, Duration.ofSeconds(10));
        sub.subscribeWith()
            .topicFilter(Topics.ALL_CHUNKS)
            .qos(MqttQos.AT_LEAST_ONCE)
            .callback(got::add)
            .send()
            .get(10, TimeUnit.SECONDS);
        endpoint.connectBlocking(pub, Duration.ofSeconds(10));
        byte[] payload = "sealed".getBytes(StandardCharsets.US_ASCII);
        pub.publishWith()
            .topic(Topics.chunks("p1"))
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload(payload)
            .send()
            .get(10, TimeUnit.SECONDS);
        Mqtt3Publish m = got.poll(10, TimeUnit.SECONDS);
        assertEquals(Topics.chunks("p1"), m.getTopic().toString());
        assertArrayEquals(payload, m.getPayloadAsBytes());
        assertEquals(MqttQos.AT_LEAST_ONCE, m.getQos());
      } finally {
        sub.disconnect();
        pub.disconnect();
      }
    }
  }

  @Test
  void persistentSession_receivesMessagesQueuedWhileAwayAndAcrossBrokerRestart() throws Exception {
    EmbeddedBroker broker = EmbeddedBroker.builder().setDataDirectory(dir).build().start();
    try {
      MqttEndpoint endpoint = MqttEndpoint.create(broker.clientSettings().build());
      Mqtt3AsyncClient sub = endpoint.newClient("server-ingest");
      endpoint.connectBlocking(sub, Duration.ofSeconds(10));
      sub.subscribeWith()
          .topicFilter(Topics.ALL_CHUNKS)
          .qos(MqttQos.AT_LEAST_ONCE)
          .send()
          .get(10, TimeUnit.SECONDS);
      sub.disconnect().get(10, TimeUnit.SECONDS);

      Mqtt3AsyncClient pub = endpoint.newClient("gw");
      endpoint.connectBlocking(pub, Duration.ofSeconds(10));
      for (int i = 0; i < 3; i++) {
        pub.publishWith()
            .topic(Topics.chunks("p1"))
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload(new byte[] {(byte) i})
            .send()
            .get(10, TimeUnit.SECONDS);
      }
      pub.disconnect().get(10, TimeUnit.SECONDS);
      broker.stop();
      assertFalse(broker.isRunning());
      broker = broker.restartBuilder().build().start();

      BlockingQueue<Mqtt3Publish> got = new LinkedBlockingQueue<>();
      Mqtt3AsyncClient again = endpoint.newClient("server-ingest");
      // Registered before connecting: queued messages arrive right after CONNACK.
      again.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, got::add);
      assertTrue(endpoint.connectBlocking(again, Duration.ofSeconds(10)).isSessionPresent());
      for (int i = 0; i < 3; i++) {
        Mqtt3Publish m = got.poll(10, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {(byte) i}, m.getPayloadAsBytes());
      }
      again.disconnect();
    } finally {
      broker.stop();
    }
  }

  @Test
  void missingDataDirectory_isRejectedWithFix() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EmbeddedBroker.builder().build());
    assertTrue(e.getMessage().contains("setDataDirectory"));
  }
}
