package org.trustbeat.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {
  private static final byte[] GW_A = "gateway-a-password".getBytes(StandardCharsets.UTF_8);
  private static final byte[] GW_B = "gateway-b-password".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CONSUMER_A = "consumer-a-password".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CONSUMER_B = "consumer-b-password".getBytes(StandardCharsets.UTF_8);
  private static final byte[] INGEST = "ingest-password".getBytes(StandardCharsets.UTF_8);
  private static final byte[] RESULTS = "results-password".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private EmbeddedBroker.Builder twoPatients() {
    return EmbeddedBroker.builder()
        .setDataDirectory(dir)
        .addGatewayUser("p1", GW_A)
        .addConsumerUser("p1", CONSUMER_A)
        .addGatewayUser("p2", GW_B)
        .addConsumerUser("p2", CONSUMER_B)
        .addServerUser(MqttLogins.INGEST, INGEST)
        .addServerUser(MqttLogins.RESULT_PUBLISHER, RESULTS);
  }

  private static Mqtt3AsyncClient connect(MqttSettings.Builder settings) throws Exception {
    MqttEndpoint endpoint = MqttEndpoint.create(settings.setAutomaticReconnect(false).build());
    Mqtt3AsyncClient c = endpoint.newClient();
    endpoint.connectBlocking(c, Duration.ofSeconds(10));
    return c;
  }

  private static void publish(Mqtt3AsyncClient c, String topic, byte[] payload) throws Exception {
    c.publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload)
        .send()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void qos1Message_reachesSubscriber() throws Exception {
    try (EmbeddedBroker broker = twoPatients().build().start()) {
      Mqtt3AsyncClient sub = connect(broker.clientSettings(MqttLogins.INGEST, INGEST));
      Mqtt3AsyncClient pub = connect(broker.gatewaySettings("p1", GW_A));
      try {
        BlockingQueue<Mqtt3Publish> got = new LinkedBlockingQueue<>();
        sub.subscribeWith()
            .topicFilter(Topics.ALL_CHUNKS)
            .qos(MqttQos.AT_LEAST_ONCE)
            .callback(got::add)
            .send()
            .get(10, TimeUnit.SECONDS);
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
    EmbeddedBroker broker = twoPatients().build().start();
    try {
      MqttEndpoint endpoint =
          MqttEndpoint.create(broker.clientSettings(MqttLogins.INGEST, INGEST).build());
      Mqtt3AsyncClient sub = endpoint.newClient();
      endpoint.connectBlocking(sub, Duration.ofSeconds(10));
      sub.subscribeWith()
          .topicFilter(Topics.ALL_CHUNKS)
          .qos(MqttQos.AT_LEAST_ONCE)
          .send()
          .get(10, TimeUnit.SECONDS);
      sub.disconnect().get(10, TimeUnit.SECONDS);

      Mqtt3AsyncClient pub = connect(broker.gatewaySettings("p1", GW_A));
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
      Mqtt3AsyncClient again = endpoint.newClient();
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
  void anonymousClient_isRefused() throws Exception {
    try (EmbeddedBroker broker = twoPatients().build().start()) {
      MqttEndpoint endpoint =
          MqttEndpoint.create(broker.clientSettings().setAutomaticReconnect(false).build());
      assertThrows(
          MqttConnectException.class,
          () ->
              endpoint.connectBlocking(
                  endpoint.newClient(MqttLogins.consumer("p2")), Duration.ofSeconds(10)));
    }
  }

  @Test
  void wrongPasswordOrUnknownLogin_isRefused_andThePasswordIsNotInTheMessage() throws Exception {
    try (EmbeddedBroker broker = twoPatients().build().start()) {
      byte[] guess = "guessed-password".getBytes(StandardCharsets.UTF_8);
      for (MqttSettings.Builder s :
          List.of(
              broker.consumerSettings("p2", guess),
              broker.consumerSettings("p2", CONSUMER_A),
              broker.clientSettings("nobody", guess))) {
        MqttConnectException e = assertThrows(MqttConnectException.class, () -> connect(s));
        assertFalse(e.getMessage().contains("guessed-password"), e.getMessage());
        assertFalse(e.getMessage().contains("consumer-a-password"), e.getMessage());
      }
    }
  }

  /**
   * Finding 8, against the embedded broker: patient A with its own valid password and B's consumer
   * client id is refused, so B's session and the result queued in it survive.
   */
  @Test
  void patientA_withItsOwnPassword_cannotTakeOverPatientBsConsumerSession() throws Exception {
    try (EmbeddedBroker broker = twoPatients().build().start()) {
      Mqtt3AsyncClient b = connect(broker.consumerSettings("p2", CONSUMER_B));
      b.subscribeWith()
          .topicFilter(Topics.results("p2"))
          .qos(MqttQos.AT_LEAST_ONCE)
          .send()
          .get(10, TimeUnit.SECONDS);
      b.disconnect().get(10, TimeUnit.SECONDS);
      Mqtt3AsyncClient server =
          connect(broker.clientSettings(MqttLogins.RESULT_PUBLISHER, RESULTS));
      publish(server, Topics.results("p2"), new byte[] {42});
      server.disconnect();

      for (MqttSettings.Builder own :
          List.of(broker.consumerSettings("p1", CONSUMER_A), broker.gatewaySettings("p1", GW_A))) {
        MqttEndpoint attacker =
            MqttEndpoint.create(
                own.setClientId(MqttLogins.consumer("p2")).setAutomaticReconnect(false).build());
        Mqtt3AsyncClient a = attacker.newClient();
        MqttConnectException e =
            assertThrows(
                MqttConnectException.class,
                () -> attacker.connectBlocking(a, Duration.ofSeconds(10)));
        assertFalse(e.getMessage().contains("password"), e.getMessage());
      }

      MqttEndpoint endpoint =
          MqttEndpoint.create(
              broker.consumerSettings("p2", CONSUMER_B).setAutomaticReconnect(false).build());
      Mqtt3AsyncClient back = endpoint.newClient();
      BlockingQueue<Mqtt3Publish> got = new LinkedBlockingQueue<>();
      back.publishes(MqttGlobalPublishFilter.ALL, got::add);
      assertTrue(endpoint.connectBlocking(back, Duration.ofSeconds(10)).isSessionPresent());
      Mqtt3Publish m = got.poll(10, TimeUnit.SECONDS);
      assertNotNull(m, "B's queued result was lost");
      assertArrayEquals(new byte[] {42}, m.getPayloadAsBytes());
      back.disconnect();
    }
  }

  @Test
  void patientA_cannotSubscribeToPatientBsResults() throws Exception {
    try (EmbeddedBroker broker = twoPatients().build().start()) {
      Mqtt3AsyncClient a = connect(broker.consumerSettings("p1", CONSUMER_A));
      Mqtt3AsyncClient server =
          connect(broker.clientSettings(MqttLogins.RESULT_PUBLISHER, RESULTS));
      try {
        BlockingQueue<Mqtt3Publish> got = new LinkedBlockingQueue<>();
        for (String filter :
            List.of(Topics.results("p2"), Topics.ALL_RESULTS, "trustbeat/#", "#")) {
          try {
            Mqtt3SubAck ack =
                a.subscribeWith()
                    .topicFilter(filter)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .callback(got::add)
                    .send()
                    .get(10, TimeUnit.SECONDS);
            assertEquals(List.of(Mqtt3SubAckReturnCode.FAILURE), ack.getReturnCodes(), filter);
          } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof Mqtt3SubAckException, e.toString());
          }
        }
        a.subscribeWith()
            .topicFilter(Topics.results("p1"))
            .qos(MqttQos.AT_LEAST_ONCE)
            .callback(got::add)
            .send()
            .get(10, TimeUnit.SECONDS);
        publish(server, Topics.results("p2"), new byte[] {66});
        publish(server, Topics.results("p1"), new byte[] {65});
        Mqtt3Publish first = got.poll(10, TimeUnit.SECONDS);
        assertEquals(Topics.results("p1"), first.getTopic().toString());
        assertNull(got.poll(300, TimeUnit.MILLISECONDS), "A read B's result");
      } finally {
        a.disconnect();
        server.disconnect();
      }
    }
  }

  @Test
  void gatewayOfPatientA_cannotPublishIntoPatientBsTopic() throws Exception {
    try (EmbeddedBroker broker = twoPatients().build().start()) {
      Mqtt3AsyncClient server = connect(broker.clientSettings(MqttLogins.INGEST, INGEST));
      Mqtt3AsyncClient gw = connect(broker.gatewaySettings("p1", GW_A));
      try {
        BlockingQueue<Mqtt3Publish> got = new LinkedBlockingQueue<>();
        server
            .subscribeWith()
            .topicFilter(Topics.ALL_CHUNKS)
            .qos(MqttQos.AT_LEAST_ONCE)
            .callback(got::add)
            .send()
            .get(10, TimeUnit.SECONDS);
        // Not waited for: the broker drops it, and may not acknowledge it.
        gw.publishWith()
            .topic(Topics.chunks("p2"))
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload(new byte[] {66})
            .send();
        gw.publishWith()
            .topic(Topics.results("p1"))
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload(new byte[] {67})
            .send();
        publish(gw, Topics.chunks("p1"), new byte[] {65});
        Mqtt3Publish first = got.poll(10, TimeUnit.SECONDS);
        assertEquals(Topics.chunks("p1"), first.getTopic().toString());
        assertNull(got.poll(300, TimeUnit.MILLISECONDS), "the publish into B's topic arrived");
      } finally {
        gw.disconnect();
        server.disconnect();
      }
    }
  }

  @Test
  void noLogins_isRefused_namingHowToAddThemOrOptOutForATest() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EmbeddedBroker.builder().setDataDirectory(dir).build());
    assertTrue(e.getMessage().contains("addGatewayUser"), e.getMessage());
    assertTrue(e.getMessage().contains("insecureAllowAnonymous"), e.getMessage());
  }

  @Test
  void insecureAnonymousBroker_stillWorksForTestsNotAboutAccessControl() throws Exception {
    try (EmbeddedBroker broker =
        EmbeddedBroker.builder().setDataDirectory(dir).insecureAllowAnonymous().build().start()) {
      MqttEndpoint endpoint = MqttEndpoint.create(broker.clientSettings().build());
      Mqtt3AsyncClient c = endpoint.newClient("anyone");
      endpoint.connectBlocking(c, Duration.ofSeconds(10));
      c.disconnect();
    }
  }

  @Test
  void missingDataDirectory_isRejectedWithFix() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EmbeddedBroker.builder().build());
    assertTrue(e.getMessage().contains("setDataDirectory"));
  }
}
