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
import org.trustbeat.protocol.PatientKeys;

/**
 * A real key broker on 127.0.0.1 for tests: a fresh patient key store, the simulation attester's
 * verifier, an audit log, and a policy that either admits this build's simulated enclave (as the
 * demo's) or pins another measurement, so that every release is refused.
 */
public final class TestKeyBroker implements AutoCloseable {
  private final PatientKeyStore store;
  private final KeyBrokerServer server;
  private final Path auditLog;
  private final Path simulationKeyFile;

  private TestKeyBroker(PatientKeyStore store, KeyBrokerServer server, Path auditLog, Path simKey) {
    this.store = store;
    this.server = server;
    this.auditLog = auditLog;
    this.simulationKeyFile = simKey;
  }

  /**
   * @param admitThisBuild true: the policy allows this build's measurement and simulation
   *     evidence; false: it allows simulation but only a measurement no build has
   */
  public static TestKeyBroker start(Path dir, List<String> patients, boolean admitThisBuild)
      throws IOException, GeneralSecurityException {
    KeyDirectory keys = KeyDirectory.at(dir.resolve("keys"));
    InsecureFileMasterKey.create(keys.masterKeyFile());
    PatientKeyStore store =
        PatientKeyStore.open(keys.patientsDirectory(), InsecureFileMasterKey.load(keys.masterKeyFile()));
    for (String p : patients) {
      store.add(p);
    }
    Path simKey = dir.resolve("simulation-attestation.key");
    InsecureSimulationAttester attester = InsecureSimulationAttester.loadOrCreate(simKey);
    AttestationPolicy policy =
        AttestationPolicy.builder()
            .allowMrenclave(admitThisBuild ? CodeMeasurement.ofLoadedCode() : new byte[32])
            .allowInsecureSimulation(true)
            .build();
    KeyBrokerServer server =
        KeyBrokerServer.builder()
            .keyStore(store)
            .policy(policy)
            .auditLog(keys.auditLog())
            .insecureSimulationVerifier(
                InsecureSimulationVerifier.create(attester.insecureSimulationPublicKey()))
            .build()
            .start();
    return new TestKeyBroker(store, server, keys.auditLog(), simKey);
  }

  public URI uri() {
    return server.uri();
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
