package org.trustbeat.app.config;

/**
 * {@code [broker]}: the MQTT broker every component connects to.
 *
 * <pre>
 * [broker]
 * url = "ssl://127.0.0.1:8883"          # ssl:// only; the broker sees sealed chunks, TLS guards logins
 * ca_certificate = "broker/tls/ca.crt"  # the CA that issued the broker's certificate (public)
 * </pre>
 */
public record BrokerSection(String url, ConfiguredFile caCertificate) {
  static BrokerSection read(TomlTable t) throws ConfigException {
    String url = t.string("url", "\"ssl://127.0.0.1:8883\"");
    if (!url.matches("ssl://[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}/?")) {
      throw t.error("url", "is \"" + url + "\"; write ssl://HOST:PORT (logins travel over TLS)");
    }
    return new BrokerSection(url, t.file("ca_certificate", "broker/tls/ca.crt"));
  }
}
