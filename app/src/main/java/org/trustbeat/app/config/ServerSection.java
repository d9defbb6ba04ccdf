package org.trustbeat.app.config;

/**
 * {@code [server]}: what the untrusted host's {@code trustbeat server} holds — its MQTT logins, its
 * client certificate for the key broker, the key broker's verification key its enclaves pin, and
 * (simulated modes only) the simulation attestation key. No patient key.
 *
 * <pre>
 * [server]
 * ingest_password_file = "server/ingest.password"      # MQTT login trustbeat-ingest (0600)
 * results_password_file = "server/results.password"    # MQTT login trustbeat-results (0600)
 * client_keystore = "server/host.p12"                  # client certificate for the key broker
 * client_password_file = "server/host.password"
 * keybroker_ca = "server/keybroker-ca.pem"              # trusts the key broker's certificate
 * release_verification_key = "server/release-verification-key.txt"   # enclaves pin it
 * simulation_key = "server/simulation-attestation.key"  # INSECURE, simulated modes only
 * </pre>
 */
public record ServerSection(
    ConfiguredFile ingestPasswordFile,
    ConfiguredFile resultsPasswordFile,
    ConfiguredFile clientKeystore,
    ConfiguredFile clientPasswordFile,
    ConfiguredFile keyBrokerCa,
    ConfiguredFile releaseVerificationKey,
    ConfiguredFile simulationKey) {

  static ServerSection read(TomlTable t) throws ConfigException {
    return new ServerSection(
        t.file("ingest_password_file", "server/ingest.password"),
        t.file("results_password_file", "server/results.password"),
        t.file("client_keystore", "server/host.p12"),
        t.file("client_password_file", "server/host.password"),
        t.file("keybroker_ca", "server/keybroker-ca.pem"),
        t.file("release_verification_key", "server/release-verification-key.txt"),
        t.optionalFile("simulation_key", "server/simulation-attestation.key"));
  }
}
