package org.trustbeat.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * {@code [keybroker]}: where the key broker listens, and (on the key broker's machine only) its key
 * store, TLS material and release policy.
 *
 * <pre>
 * [keybroker]
 * url = "https://127.0.0.1:7788/"
 * key_directory = "keybroker/keys"                 # master key, patient keys, audit log (0700)
 * tls_keystore = "keybroker/tls/server.p12"        # the broker's TLS key (0600)
 * tls_password_file = "keybroker/tls/server.password"
 * client_ca = "keybroker/tls/ca.pem"               # issues the hosts' client certificates
 * allow_mrenclave = ["…64 hex…"]                   # enclave code that may receive keys
 * allow_simulation = true                          # SIMULATED enclaves (test patients only)
 * simulation_public_key = "keybroker/simulation-public-key.der"
 * accept_tcb_status = []                           # besides UpToDate, for SGX
 * collateral = "keybroker/collateral.json"         # optional: Intel's DCAP collateral
 * </pre>
 */
public record KeyBrokerSection(
    URI url,
    ConfiguredFile keyDirectory,
    ConfiguredFile tlsKeystore,
    ConfiguredFile tlsPasswordFile,
    ConfiguredFile clientCa,
    List<String> allowMrenclave,
    boolean allowSimulation,
    ConfiguredFile simulationPublicKey,
    List<String> acceptTcbStatus,
    ConfiguredFile collateral) {

  static KeyBrokerSection read(TomlTable t) throws ConfigException {
    String text = t.string("url", "\"https://127.0.0.1:7788/\"");
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw t.error("url", "\"" + text + "\" is not a URL; write https://HOST:PORT/");
    }
    if (!"https".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 1) {
      throw t.error(
          "url",
          "is \""
              + text
              + "\"; write https://HOST:PORT/ (hosts authenticate"
              + " with client certificates)");
    }
    boolean simulation = t.bool("allow_simulation", false);
    ConfiguredFile simKey =
        t.optionalFile("simulation_public_key", "keybroker/simulation-public-key.der");
    if (simulation && simKey == null) {
      throw t.error(
          "simulation_public_key",
          "missing while allow_simulation = true; name the"
              + " installation's simulation public key file");
    }
    for (String hex : t.strings("allow_mrenclave", "[\"<64 hex digits>\"]")) {
      if (!hex.matches("[0-9a-fA-F]{64}")) {
        throw t.error(
            "allow_mrenclave",
            "\""
                + hex
                + "\" is not 64 hex digits; copy the"
                + " measurement `trustbeat init` printed");
      }
    }
    return new KeyBrokerSection(
        url,
        t.file("key_directory", "keybroker/keys"),
        t.file("tls_keystore", "keybroker/tls/server.p12"),
        t.file("tls_password_file", "keybroker/tls/server.password"),
        t.file("client_ca", "keybroker/tls/ca.pem"),
        t.strings("allow_mrenclave", "[\"<64 hex digits>\"]"),
        simulation,
        simKey,
        t.strings("accept_tcb_status", "[\"SWHardeningNeeded\"]"),
        t.optionalFile("collateral", "keybroker/collateral.json"));
  }
}
