package org.trustbeat.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.testing.MosquittoLauncher;

/**
 * Runs the real Mosquitto binary on the configuration written; fails (never skips) where it is not
 * installed.
 */
class MosquittoConfigurationTest {
  private static final byte[] A_PASSWORD = "a-secret-1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] B_PASSWORD = "b-secret-2".getBytes(StandardCharsets.UTF_8);
  private static final byte[] SERVER_PASSWORD = "server-secret-3".getBytes(StandardCharsets.UTF_8);
  private static final byte[] A_CONSUMER_PASSWORD = "a-consumer-4".getBytes(StandardCharsets.UTF_8);
  private static final byte[] B_CONSUMER_PASSWORD = "b-consumer-5".getBytes(StandardCharsets.UTF_8);
  private static final String GW_A = MqttLogins.gateway("patientA");
  private static final String GW_B = MqttLogins.gateway("patientB");
  private static final String CONSUMER_A = MqttLogins.consumer("patientA");
  private static final String CONSUMER_B = MqttLogins.consumer("patientB");

  @TempDir static Path dir;
  static MosquittoConfiguration conf;
  static MosquittoLauncher broker;

  @BeforeAll
  static void startBroker() throws Exception {
    if (MosquittoConfiguration.findMosquitto().isEmpty()
        || MosquittoConfiguration.findMosquittoPasswd().isEmpty()) {
      fail(
          "Eclipse Mosquitto is not installed: this test needs the real broker. Run ./run-tests"
              + " (it installs the Debian package mosquitto) or apt-get install mosquitto");
    }
    conf =
        MosquittoConfiguration.builder()
            .setWorkDirectory(dir.resolve("mosquitto"))
            .addGatewayUser("patientA", A_PASSWORD)
            .addGatewayUser("patientB", B_PASSWORD)
            .addConsumerUser("patientA", A_CONSUMER_PASSWORD)
            .addConsumerUser("patientB", B_CONSUMER_PASSWORD)
            // One login per server client and test: sessions live on between tests.
            .addServerUser("server-1", SERVER_PASSWORD)
            .addServerUser("server-2", SERVER_PASSWORD)
            .addServerUser("server-3", SERVER_PASSWORD)
            .addServerUser("server-4", SERVER_PASSWORD)
            .build();
    broker = MosquittoLauncher.start(conf.mosquitto(), conf.workDirectory(), conf::write);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.stop();
    }
  }

  private static Mqtt3AsyncClient connect(String user, byte[] password, String clientId)
      throws Exception {
    MqttEndpoint endpoint =
        MqttEndpoint.create(
            conf.clientSettings(broker.port(), user, password)
                .setAutomaticReconnect(false)
                .build());
    Mqtt3AsyncClient c = endpoint.newClient(clientId);
    endpoint.connectBlocking(c, Duration.ofSeconds(10));
    return c;
  }

  private static BlockingQueue<Mqtt3Publish> subscribeAsServer(Mqtt3AsyncClient server)
      throws Exception {
    BlockingQueue<Mqtt3Publish> got = new LinkedBlockingQueue<>();
    server
        .subscribeWith()
        .topicFilter(Topics.ALL_CHUNKS)
        .qos(MqttQos.AT_LEAST_ONCE)
        .callback(got::add)
        .send()
        .get(10, TimeUnit.SECONDS);
    return got;
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
  void gatewayOfPatientA_publishesOverTls_andServerUserReceives() throws Exception {
    assertTrue(broker.uri().startsWith("ssl://127.0.0.1:"));
    Mqtt3AsyncClient server = connect("server-1", SERVER_PASSWORD, "server-1");
    Mqtt3AsyncClient gw = connect(GW_A, A_PASSWORD, GW_A);
    try {
      BlockingQueue<Mqtt3Publish> got = subscribeAsServer(server);
      byte[] payload = {1, 2, 3};
      publish(gw, Topics.chunks("patientA"), payload);
      Mqtt3Publish m = got.poll(10, TimeUnit.SECONDS);
      assertEquals(Topics.chunks("patientA"), m.getTopic().toString());
      assertArrayEquals(payload, m.getPayloadAsBytes());
    } finally {
      gw.disconnect();
      server.disconnect();
    }
  }

  @Test
  void gatewayOfPatientA_cannotPublishIntoPatientBsTopic() throws Exception {
    Mqtt3AsyncClient server = connect("server-2", SERVER_PASSWORD, "server-2");
    Mqtt3AsyncClient gw = connect(GW_A, A_PASSWORD, GW_A);
    try {
      BlockingQueue<Mqtt3Publish> got = subscribeAsServer(server);
      publish(gw, Topics.chunks("patientB"), new byte[] {66});
      // A marker on A's own topic, published after: once it arrives, the forged one had its turn.
      publish(gw, Topics.chunks("patientA"), new byte[] {65});
      Mqtt3Publish first = got.poll(10, TimeUnit.SECONDS);
      assertEquals(Topics.chunks("patientA"), first.getTopic().toString());
      assertNull(got.poll(300, TimeUnit.MILLISECONDS), "the publish into B's topic arrived");
    } finally {
      gw.disconnect();
      server.disconnect();
    }
  }

  @Test
  void consumerOfPatientA_cannotReadPatientBsResults() throws Exception {
    Mqtt3AsyncClient server = connect("server-3", SERVER_PASSWORD, "server-3");
    Mqtt3AsyncClient consumer = connect(CONSUMER_A, A_CONSUMER_PASSWORD, CONSUMER_A);
    try {
      BlockingQueue<Mqtt3Publish> got = new LinkedBlockingQueue<>();
      consumer
          .subscribeWith()
          .topicFilter(Topics.results("patientB"))
          .qos(MqttQos.AT_LEAST_ONCE)
          .callback(got::add)
          .send()
          .get(10, TimeUnit.SECONDS);
      consumer
          .subscribeWith()
          .topicFilter(Topics.results("patientA"))
          .qos(MqttQos.AT_LEAST_ONCE)
          .callback(got::add)
          .send()
          .get(10, TimeUnit.SECONDS);
      publish(server, Topics.results("patientB"), new byte[] {66});
      publish(server, Topics.results("patientA"), new byte[] {65});
      Mqtt3Publish first = got.poll(10, TimeUnit.SECONDS);
      assertEquals(Topics.results("patientA"), first.getTopic().toString());
      assertNull(got.poll(300, TimeUnit.MILLISECONDS), "A read B's result");
    } finally {
      consumer
          .unsubscribeWith()
          .topicFilter(Topics.results("patientA"))
          .send()
          .get(10, TimeUnit.SECONDS);
      consumer.disconnect();
      server.disconnect();
    }
  }

  /**
   * Finding 8 of the red-team review: patient A, logged in with its own valid password, connects
   * with the client id of B's result consumer while B is away. Without the id bound to the login,
   * the broker hands B's persistent session to A's connection, A's permissions drop B's queued
   * result and B never gets it. With {@code use_username_as_clientid} A's id is replaced by A's own
   * login: B's session is untouched and B gets its result when it comes back.
   */
  @Test
  void patientA_withItsOwnPassword_cannotTakeOverPatientBsConsumerSession() throws Exception {
    Mqtt3AsyncClient b = connect(CONSUMER_B, B_CONSUMER_PASSWORD, CONSUMER_B);
    b.subscribeWith()
        .topicFilter(Topics.results("patientB"))
        .qos(MqttQos.AT_LEAST_ONCE)
        .send()
        .get(10, TimeUnit.SECONDS);
    b.disconnect().get(10, TimeUnit.SECONDS);

    Mqtt3AsyncClient server = connect("server-4", SERVER_PASSWORD, "server-4");
    byte[] result = {7, 7, 7};
    publish(server, Topics.results("patientB"), result);
    server.disconnect();

    // The attack, with both of A's logins: each connects with B's consumer id and stays a while.
    for (String login : new String[] {CONSUMER_A, GW_A}) {
      byte[] password = login.equals(CONSUMER_A) ? A_CONSUMER_PASSWORD : A_PASSWORD;
      MqttEndpoint attacker =
          MqttEndpoint.create(
              conf.clientSettings(broker.port(), login, password)
                  .setAutomaticReconnect(false)
                  .build());
      Mqtt3AsyncClient a = attacker.newClient(CONSUMER_B);
      BlockingQueue<Mqtt3Publish> stolen = new LinkedBlockingQueue<>();
      a.publishes(MqttGlobalPublishFilter.ALL, stolen::add);
      try {
        attacker.connectBlocking(a, Duration.ofSeconds(10));
        Thread.sleep(500);
        for (Mqtt3Publish m : stolen) {
          assertFalse(
              Topics.isResultTopic(m.getTopic().toString())
                  && Topics.patientOf(m.getTopic().toString()).equals("patientB"),
              "A received B's result");
        }
      } catch (MqttConnectException refused) {
        // Refusing the connection is as good: B's session is untouched.
      } finally {
        a.disconnect();
      }
    }

    MqttEndpoint bEndpoint =
        MqttEndpoint.create(
            conf.consumerSettings(broker.port(), "patientB", B_CONSUMER_PASSWORD)
                .setAutomaticReconnect(false)
                .build());
    Mqtt3AsyncClient back = bEndpoint.newClient();
    BlockingQueue<Mqtt3Publish> got = new LinkedBlockingQueue<>();
    back.publishes(MqttGlobalPublishFilter.ALL, got::add);
    try {
      assertTrue(
          bEndpoint.connectBlocking(back, Duration.ofSeconds(10)).isSessionPresent(),
          "B's persistent session is gone");
      Mqtt3Publish m = got.poll(10, TimeUnit.SECONDS);
      assertNotNull(m, "B's queued result was lost");
      assertEquals(Topics.results("patientB"), m.getTopic().toString());
      assertArrayEquals(result, m.getPayloadAsBytes());
    } finally {
      back.disconnect();
    }
  }

  @Test
  void anonymousClient_isRefused() throws Exception {
    MqttEndpoint endpoint =
        MqttEndpoint.create(
            MqttSettings.builder()
                .setServer("127.0.0.1", broker.port())
                .setCaCertificatePem(conf.caCertificate())
                .setAutomaticReconnect(false)
                .build());
    assertThrows(
        MqttConnectException.class,
        () -> endpoint.connectBlocking(endpoint.newClient(CONSUMER_B), Duration.ofSeconds(10)));
  }

  @Test
  void wrongPassword_isRefused() throws Exception {
    MqttEndpoint endpoint =
        MqttEndpoint.create(
            conf.clientSettings(
                    broker.port(), GW_A, "not-the-password".getBytes(StandardCharsets.UTF_8))
                .setAutomaticReconnect(false)
                .build());
    Mqtt3AsyncClient c = endpoint.newClient("gw-a-wrong");
    MqttConnectException e =
        assertThrows(
            MqttConnectException.class, () -> endpoint.connectBlocking(c, Duration.ofSeconds(10)));
    assertTrue(e.getMessage().contains(GW_A), e.getMessage());
    assertFalse(e.getMessage().contains("not-the-password"), "password leaked into the message");
  }

  @Test
  void untrustedCertificate_isRefused() throws Exception {
    Path otherCa = LocalCertificateAuthority.generate(dir.resolve("other-ca")).caCertificate();
    MqttEndpoint endpoint =
        MqttEndpoint.create(
            conf.clientSettings(broker.port(), GW_A, A_PASSWORD)
                .setCaCertificatePem(otherCa)
                .setAutomaticReconnect(false)
                .build());
    assertThrows(
        MqttConnectException.class,
        () -> endpoint.connectBlocking(endpoint.newClient("gw-a-tls"), Duration.ofSeconds(10)));
  }

  @Test
  void passwordFile_holdsNoClearPassword() throws Exception {
    String passwd = Files.readString(dir.resolve("mosquitto").resolve("passwd"));
    assertTrue(passwd.contains(GW_A + ":"));
    assertFalse(passwd.contains(new String(A_PASSWORD, StandardCharsets.UTF_8)));
    assertFalse(passwd.contains(new String(SERVER_PASSWORD, StandardCharsets.UTF_8)));
  }

  @Test
  void missingWorkDirectory_isRejectedWithFix() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MosquittoConfiguration.builder().addServerUser("s", SERVER_PASSWORD).build());
    assertTrue(e.getMessage().contains("setWorkDirectory"));
  }
}
