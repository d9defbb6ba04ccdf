package org.trustbeat.server;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import org.trustbeat.attestation.AttestationPolicy;
import org.trustbeat.attestation.InsecureSimulationAttester;
import org.trustbeat.attestation.InsecureSimulationVerifier;
import org.trustbeat.enclave.internal.CodeMeasurement;
import org.trustbeat.keybroker.InsecureFileMasterKey;
import org.trustbeat.keybroker.KeyBrokerServer;
import org.trustbeat.keybroker.KeyDirectory;
import org.trustbeat.keybroker.PatientKeyStore;
import org.trustbeat.keybroker.PatientPolicy;
import org.trustbeat.protocol.KeyBrokerVerificationKey;
import org.trustbeat.protocol.PatientKeys;

/**
 * A real key broker on 127.0.0.1 for tests: a fresh patient key store (test patients, default
 * analyses), the simulation attester's verifier, a signing key, an audit log, and a policy that
 * either admits this build's simulated enclave (as the demo's) or pins another measurement, so that
 * every release is refused. Enclave hosts must pin {@link #verificationKey()}.
 */
public final class TestKeyBroker implements AutoCloseable {
  private final PatientKeyStore store;
  private final KeyBrokerServer server;
  private final Path auditLog;
  private final Path simulationKeyFile;

  /** Password of the host key store {@link #startMutualTls} writes. */
  public static final char[] HOST_PASSWORD = "host-password".toCharArray();

  private TestKeyBroker(PatientKeyStore store, KeyBrokerServer server, Path auditLog, Path simKey) {
    this.store = store;
    this.server = server;
    this.auditLog = auditLog;
    this.simulationKeyFile = simKey;
  }

  /**
   * As {@link #start} with {@code admitThisBuild}, serving mutual TLS: a fresh local CA, the
   * broker's certificate for 127.0.0.1, and {@code dir/host.p12} (a host client certificate, CN
   * {@code test-host}, password {@link #HOST_PASSWORD}) and {@code dir/ca.pem} for the host.
   */
  public static TestKeyBroker startMutualTls(Path dir, List<String> patients)
      throws IOException, GeneralSecurityException {
    org.trustbeat.keybroker.LocalTlsAuthority ca =
        org.trustbeat.keybroker.LocalTlsAuthority.create(
            "test host CA", java.time.Duration.ofDays(1));
    Files.createDirectories(dir);
    try (java.io.OutputStream out = Files.newOutputStream(dir.resolve("host.p12"))) {
      ca.issueClient("test-host", HOST_PASSWORD).store(out, HOST_PASSWORD);
    }
    ca.writeCertificatePem(dir.resolve("ca.pem"));
    return start(
        dir,
        patients,
        true,
        b ->
            b.mutualTls(
                ca.issueServer(List.of("127.0.0.1"), HOST_PASSWORD),
                HOST_PASSWORD,
                ca.trustStore()));
  }

  private interface Tls {
    void apply(KeyBrokerServer.Builder b) throws GeneralSecurityException;
  }

  /**
   * @param admitThisBuild true: the policy allows this build's measurement and simulation evidence;
   *     false: it allows simulation but only a measurement no build has
   */
  public static TestKeyBroker start(Path dir, List<String> patients, boolean admitThisBuild)
      throws IOException, GeneralSecurityException {
    return start(dir, patients, admitThisBuild, b -> {});
  }

  private static TestKeyBroker start(
      Path dir, List<String> patients, boolean admitThisBuild, Tls tls)
      throws IOException, GeneralSecurityException {
    KeyDirectory keys = KeyDirectory.at(dir.resolve("keys"));
    InsecureFileMasterKey.create(keys.masterKeyFile());
    PatientKeyStore store =
        PatientKeyStore.open(
            keys.patientsDirectory(), InsecureFileMasterKey.load(keys.masterKeyFile()));
    for (String p : patients) {
      store.add(p, PatientPolicy.builder().testPatient(true).build());
    }
    Path simKey = dir.resolve("simulation-attestation.key");
    InsecureSimulationAttester attester = InsecureSimulationAttester.loadOrCreate(simKey);
    AttestationPolicy policy =
        AttestationPolicy.builder()
            .allowMrenclave(admitThisBuild ? CodeMeasurement.ofLoadedCode() : new byte[32])
            .allowInsecureSimulation(true)
            .build();
    KeyBrokerServer.Builder builder =
        KeyBrokerServer.builder()
            .signingKey(
                keys.loadOrCreateSigningKey(InsecureFileMasterKey.load(keys.masterKeyFile())))
            .keyStore(store)
            .policy(policy)
            .auditLog(keys.auditLog())
            .insecureSimulationVerifier(
                InsecureSimulationVerifier.create(attester.insecureSimulationPublicKey()));
    tls.apply(builder);
    KeyBrokerServer server = builder.build().start();
    return new TestKeyBroker(store, server, keys.auditLog(), simKey);
  }

  public URI uri() {
    return server.uri();
  }

  /** The key the enclave hosts must pin. */
  public KeyBrokerVerificationKey verificationKey() {
    return server.verificationKey();
  }

  /** The patient side's copy of the keys. */
  public PatientKeys keys(String patient) throws IOException, GeneralSecurityException {
    return store.load(patient);
  }

  /** The INSECURE simulation signing key the enclave hosts must use. */
  public Path simulationKeyFile() {
    return simulationKeyFile;
  }

  public Path auditLogFile() {
    return auditLog;
  }

  public List<String> auditLines() throws IOException {
    return Files.readAllLines(auditLog, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
