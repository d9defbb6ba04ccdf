package org.trustbeat.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trustbeat.mqtt.EmbeddedBroker;
import org.trustbeat.mqtt.MqttEndpoint;
import org.trustbeat.mqtt.MqttLogins;
import org.trustbeat.mqtt.MqttSettings;

/**
 * The demo's MQTT broker and who may use it. With the embedded broker every MQTT client gets its
 * own login ({@link MqttLogins}: a gateway and a consumer per patient, the ingest, the result
 * publisher) with a random password made for this run; the broker requires them, binds each client
 * id to its login and confines each login to its topics. The passwords live only in this process's
 * memory — never on disk, never printed — so nothing in the work directory can log in. An external
 * broker ({@code --broker}) is used without credentials, with the same client ids.
 */
final class DemoMqtt implements AutoCloseable {
  private final EmbeddedBroker embedded;
  private final MqttSettings base;
  private final Map<String, byte[]> passwords;

  private DemoMqtt(EmbeddedBroker embedded, MqttSettings base, Map<String, byte[]> passwords) {
    this.embedded = embedded;
    this.base = base;
    this.passwords = passwords;
  }

  /** Starts the embedded broker with a fresh random login for every client of the demo. */
  static DemoMqtt embedded(List<String> patients, Path dataDirectory) throws IOException {
    SecureRandom random = new SecureRandom();
    Map<String, byte[]> passwords = new LinkedHashMap<>();
    EmbeddedBroker.Builder b = EmbeddedBroker.builder().setDataDirectory(dataDirectory);
    for (String p : patients) {
      b.addGatewayUser(p, password(passwords, MqttLogins.gateway(p), random));
      b.addConsumerUser(p, password(passwords, MqttLogins.consumer(p), random));
    }
    b.addServerUser(MqttLogins.INGEST, password(passwords, MqttLogins.INGEST, random));
    b.addServerUser(
        MqttLogins.RESULT_PUBLISHER, password(passwords, MqttLogins.RESULT_PUBLISHER, random));
    EmbeddedBroker broker = b.build().start();
    return new DemoMqtt(broker, broker.clientSettings().build(), passwords);
  }

  /** An external broker, without credentials. */
  static DemoMqtt external(String uri) {
    return new DemoMqtt(null, MqttSettings.builder().setServerUri(uri).build(), Map.of());
  }

  private static byte[] password(Map<String, byte[]> into, String login, SecureRandom random) {
    byte[] raw = new byte[24];
    random.nextBytes(raw);
    // URL-safe base64 has neither ':' nor line breaks, which a Mosquitto password file forbids.
    byte[] pw =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(raw)
            .getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(raw, (byte) 0);
    into.put(login, pw);
    return pw;
  }

  /** The broker's address, with a note on how clients log in. */
  String description() {
    return base.uri()
        + (embedded != null
            ? " (one login per client, random passwords for this run, client id = login)"
            : " (external, no credentials)");
  }

  /** Settings for the client of {@code login}: its credentials (embedded broker) and client id. */
  MqttSettings settings(String login) {
    MqttSettings.Builder b = base.toBuilder().setClientId(login);
    byte[] pw = passwords.get(login);
    if (embedded != null) {
      if (pw == null) {
        throw new IllegalArgumentException("the demo made no MQTT login " + login);
      }
      b.setCredentials(login, pw);
    }
    return b.build();
  }

  MqttEndpoint endpoint(String login) throws GeneralSecurityException, IOException {
    return MqttEndpoint.create(settings(login));
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
    passwords.values().forEach(pw -> Arrays.fill(pw, (byte) 0));
  }

  @Override
  public String toString() {
    return "DemoMqtt{" + description() + ", logins=" + passwords.size() + "}";
  }
}
