package org.trustbeat.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Makes HiveMQ MQTT 3.1.1 clients for one {@link MqttSettings}: TLS trust loaded once, persistent
 * sessions ({@code cleanSession=false}), automatic reconnect with exponential back-off.
 *
 * <p>Usage:
 *
 * <pre>{@code
 * MqttEndpoint endpoint = MqttEndpoint.create(settings);
 * Mqtt3AsyncClient client = endpoint.newClient("gateway-p001");
 * endpoint.connect(client).join();   // or connectBlocking(client, Duration.ofSeconds(10))
 * }</pre>
 *
 * <p>Why MQTT 3.1.1 and not 5: the embedded broker, Moquette 0.17, implements 3.1.1 only; using one
 * protocol version everywhere keeps the embedded default and Mosquitto interchangeable.
 *
 * <h2>Security guarantees</h2>
 *
 * With TLS the broker's certificate must chain to the configured CAs and match the host name
 * (HiveMQ checks both). Clients made here hold the password only in the HiveMQ client config.
 */
public final class MqttEndpoint {
  private final MqttSettings settings;
  private final MqttClientSslConfig sslConfig;

  private MqttEndpoint(MqttSettings settings, MqttClientSslConfig sslConfig) {
    this.settings = settings;
    this.sslConfig = sslConfig;
  }

  /**
   * @throws GeneralSecurityException if the CA file or trust store holds no usable certificate
   * @throws IOException if it cannot be read
   */
  public static MqttEndpoint create(MqttSettings settings)
      throws GeneralSecurityException, IOException {
    return new MqttEndpoint(settings, settings.tls() ? sslConfig(settings) : null);
  }

  public MqttSettings settings() {
    return settings;
  }

  /** A new, unconnected client with the settings' client id. */
  public Mqtt3AsyncClient newClient() {
    return newClient(
        settings
            .clientId()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no client id in the settings; call newClient(clientId) or"
                            + " MqttSettings.Builder.setClientId")));
  }

  /**
   * A new, unconnected client. The id names the persistent session: reuse it across restarts so
   * that the broker delivers what arrived while the client was away.
   */
  public Mqtt3AsyncClient newClient(String clientId) {
    if (!MqttSettings.isValidClientId(clientId)) {
      throw new IllegalArgumentException(
          "client id '" + clientId + "' is not allowed; " + MqttSettings.clientIdRule());
    }
    Mqtt3ClientBuilder b =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier(clientId)
            .serverHost(settings.host())
            .serverPort(settings.port());
    if (sslConfig != null) {
      b = b.sslConfig(sslConfig);
    }
    if (settings.username().isPresent()) {
      b =
          b.simpleAuth()
              .username(settings.username().get())
              .password(settings.password().orElseThrow())
              .applySimpleAuth();
    }
    if (settings.automaticReconnect()) {
      b =
          b.automaticReconnect()
              .initialDelay(settings.reconnectInitialDelay().toMillis(), TimeUnit.MILLISECONDS)
              .maxDelay(settings.reconnectMaxDelay().toMillis(), TimeUnit.MILLISECONDS)
              .applyAutomaticReconnect();
    }
    return b.buildAsync();
  }

  /**
   * Connects with a persistent session and the settings' keep-alive. With automatic reconnect on, a
   * failed first attempt is retried in the background even though this future fails.
   */
  public CompletableFuture<Mqtt3ConnAck> connect(Mqtt3AsyncClient client) {
    return client
        .connectWith()
        .cleanSession(false)
        .keepAlive((int) settings.keepAlive().toSeconds())
        .send();
  }

  /**
   * Connects and waits.
   *
   * @throws MqttConnectException if the broker refused (e.g. wrong password), was unreachable or
   *     did not answer within {@code timeout}; the client is disconnected so it stops retrying
   */
  public Mqtt3ConnAck connectBlocking(Mqtt3AsyncClient client, Duration timeout)
      throws MqttConnectException {
    try {
      return connect(client).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      client.disconnect();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new MqttConnectException(
          "cannot connect to "
              + settings.uri()
              + " as "
              + settings.username().orElse("(anonymous)")
              + ": "
              + cause
              + "; check that the broker runs, the credentials and the CA certificate",
          cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.disconnect();
      throw new MqttConnectException("interrupted while connecting to " + settings.uri(), e);
    }
  }

  private static MqttClientSslConfig sslConfig(MqttSettings s)
      throws GeneralSecurityException, IOException {
    KeyStore trust;
    if (s.caCertificatePem().isPresent()) {
      trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      Collection<? extends Certificate> certs;
      try (InputStream in = Files.newInputStream(s.caCertificatePem().get())) {
        certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (certs.isEmpty()) {
        throw new GeneralSecurityException(
            "CA file "
                + s.caCertificatePem().get()
                + " holds no certificate; pass the PEM of the CA that signed the broker's"
                + " certificate");
      }
      int i = 0;
      for (Certificate c : certs) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
    } else {
      char[] password = s.trustStorePassword();
      trust = KeyStore.getInstance(s.trustStore().get().toFile(), password);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    return MqttClientSslConfig.builder()
        .trustManagerFactory(tmf)
        .protocols(java.util.List.of("TLSv1.3", "TLSv1.2"))
        .build();
  }

  @Override
  public String toString() {
    return "MqttEndpoint{" + settings + "}";
  }
}
