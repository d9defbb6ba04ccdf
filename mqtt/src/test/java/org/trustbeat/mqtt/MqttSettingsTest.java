package org.trustbeat.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MqttSettingsTest {
  @Test
  void serverUri_isParsed() {
    MqttSettings s = MqttSettings.builder().setServerUri("tcp://127.0.0.1:1883").build();
    assertEquals("127.0.0.1", s.host());
    assertEquals(1883, s.port());
    assertFalse(s.tls());
    assertEquals("tcp://127.0.0.1:1883", s.uri());
  }

  @Test
  void toString_neverShowsThePassword() {
    MqttSettings s =
        MqttSettings.builder()
            .setServer("localhost", 8883)
            .setCredentials("p001", "hunter2-secret".getBytes(StandardCharsets.UTF_8))
            .build();
    assertFalse(s.toString().contains("hunter2"));
    assertTrue(s.toString().contains("p001"));
  }

  @Test
  void passwordCopy_cannotChangeTheSettings() {
    byte[] pw = "abc".getBytes(StandardCharsets.UTF_8);
    MqttSettings s = MqttSettings.builder().setServer("h", 1).setCredentials("u", pw).build();
    pw[0] = 'x';
    s.password().get()[1] = 'y';
    assertEquals("abc", new String(s.password().get(), StandardCharsets.UTF_8));
  }

  @Test
  void invalidValues_areRejectedWithTheFix() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MqttSettings.builder().build());
    assertTrue(e.getMessage().contains("setServer"));
    assertThrows(
        IllegalArgumentException.class, () -> MqttSettings.builder().setServer("h", 70000).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> MqttSettings.builder().setServerUri("http://h:1").build());
    assertThrows(
        IllegalArgumentException.class,
        () -> MqttSettings.builder().setServer("h", 1).setClientId("has space").build());
    assertThrows(
        IllegalArgumentException.class,
        () -> MqttSettings.builder().setServer("h", 1).setSessionExpiry(Duration.ZERO).build());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            MqttSettings.builder()
                .setServer("h", 1)
                .setCaCertificatePem(Path.of("/nope.pem"))
                .build());
    assertThrows(
        IllegalArgumentException.class,
        () -> MqttSettings.builder().setServer("h", 1).setCredentials("u", null).build());
  }
}
