package org.trustbeat.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttEndpointTest {
  @TempDir Path dir;

  @Test
  void clients_carryTheSettings() throws Exception {
    MqttEndpoint e =
        MqttEndpoint.create(
            MqttSettings.builder().setServer("127.0.0.1", 1883).setClientId("gw-1").build());
    Mqtt3AsyncClient c = e.newClient();
    assertEquals("gw-1", c.getConfig().getClientIdentifier().get().toString());
    assertEquals(1883, c.getConfig().getServerPort());
    assertTrue(c.getConfig().getAutomaticReconnect().isPresent());
  }

  @Test
  void badClientId_orNoneSet_isRejected() throws Exception {
    MqttEndpoint e = MqttEndpoint.create(MqttSettings.builder().setServer("h", 1).build());
    assertThrows(IllegalArgumentException.class, () -> e.newClient("a/b"));
    assertThrows(IllegalStateException.class, e::newClient);
  }

  @Test
  void unreachableBroker_failsWithTheAddressAndAFix() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    MqttEndpoint e =
        MqttEndpoint.create(
            MqttSettings.builder()
                .setServer("127.0.0.1", port)
                .setAutomaticReconnect(false)
                .build());
    MqttConnectException x =
        assertThrows(
            MqttConnectException.class,
            () -> e.connectBlocking(e.newClient("c"), Duration.ofSeconds(10)));
    assertTrue(x.getMessage().contains("tcp://127.0.0.1:" + port), x.getMessage());
  }

  @Test
  void caFileWithoutCertificates_isRejected() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    MqttSettings s = MqttSettings.builder().setServer("h", 1).setCaCertificatePem(empty).build();
    assertThrows(java.security.GeneralSecurityException.class, () -> MqttEndpoint.create(s));
  }
}
