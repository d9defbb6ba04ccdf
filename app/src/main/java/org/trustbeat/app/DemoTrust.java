package org.trustbeat.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
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
 * The demo's trusted services: a fresh patient key store under a new master key, and a key broker
 * whose policy admits the simulated enclave of this build — and says so in every line it prints.
 */
final class DemoTrust implements AutoCloseable {
  private final PatientKeyStore store;
  private final KeyBrokerServer broker;
  private final Path simulationKey;

  private DemoTrust(PatientKeyStore store, KeyBrokerServer broker, Path simulationKey) {
    this.store = store;
    this.broker = broker;
    this.simulationKey = simulationKey;
  }

  static DemoTrust start(Path dir, List<String> patients, PrintWriter log)
      throws IOException, GeneralSecurityException {
    KeyDirectory keys = KeyDirectory.at(dir.resolve("keys"));
    InsecureFileMasterKey.create(keys.masterKeyFile());
    PatientKeyStore store = PatientKeyStore.open(keys.patientsDirectory(),
        InsecureFileMasterKey.load(keys.masterKeyFile()));
    for (String p : patients) {
      store.add(p);
    }
    Path simulationKey = dir.resolve("simulation-attestation.key");
    InsecureSimulationAttester attester = InsecureSimulationAttester.loadOrCreate(simulationKey);
    // Simulated enclaves run this build's enclave code; admit exactly that measurement.
    AttestationPolicy policy = AttestationPolicy.builder()
        .allowMrenclave(CodeMeasurement.ofLoadedCode())
        .allowInsecureSimulation(true)
        .build();
    KeyBrokerServer broker = KeyBrokerServer.builder()
        .keyStore(store)
        .policy(policy)
        .auditLog(keys.auditLog())
        .insecureSimulationVerifier(
            InsecureSimulationVerifier.create(attester.insecureSimulationPublicKey()))
        .listener(d -> {
          synchronized (log) {
            log.println("key broker: " + d.summaryLine());
            log.flush();
          }
        })
        .build()
        .start();
    return new DemoTrust(store, broker, simulationKey);
  }

  URI keyBrokerUri() {
    return broker.uri();
  }

  Path simulationKeyFile() {
    return simulationKey;
  }

  /** The patient side's copy of a patient's keys (in the demo, one process plays every role). */
  PatientKeys patientKeys(String patient) throws IOException, GeneralSecurityException {
    return store.load(patient);
  }

  @Override
  public void close() throws IOException {
    broker.close();
  }
}
