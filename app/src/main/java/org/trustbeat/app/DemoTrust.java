package org.trustbeat.app;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.trustbeat.attestation.AttestationPolicy;
import org.trustbeat.attestation.InsecureSimulationAttester;
import org.trustbeat.attestation.InsecureSimulationVerifier;
import org.trustbeat.enclave.SimulatedMeasurement;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.keybroker.InsecureFileMasterKey;
import org.trustbeat.keybroker.KeyBrokerServer;
import org.trustbeat.keybroker.KeyDirectory;
import org.trustbeat.keybroker.LocalTlsAuthority;
import org.trustbeat.keybroker.PatientKeyStore;
import org.trustbeat.keybroker.PatientPolicy;
import org.trustbeat.keybroker.ReleaseDecision;
import org.trustbeat.protocol.KeyBrokerVerificationKey;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.server.KeyBrokerProvisioner;
import org.trustbeat.server.KeyProvisioner;

/**
 * The demo's trusted services: a fresh patient key store under a new master key, and a key broker
 * whose policy admits the simulated enclave of this build; its decisions go to a listener (the
 * demo's console summarises them, saying the enclave is simulated). The demo's patients are TEST
 * patients (their keys may go to simulated enclaves) whose policy allows the demo's job on the
 * demo's window length. The broker serves mutual TLS: a local CA issues its certificate and the
 * host's client certificate ({@code WORK/tls/host.p12}, mode 0600); the enclave hosts pin the
 * broker's release-verification key.
 */
final class DemoTrust implements AutoCloseable {
  private final PatientKeyStore store;
  private final KeyBrokerServer broker;
  private final Path simulationKey;
  private final KeyProvisioner provisioner;

  private DemoTrust(
      PatientKeyStore store,
      KeyBrokerServer broker,
      Path simulationKey,
      KeyProvisioner provisioner) {
    this.store = store;
    this.broker = broker;
    this.simulationKey = simulationKey;
    this.provisioner = provisioner;
  }

  /**
   * @param releases told of every release decision (patient ids and decisions only)
   */
  static DemoTrust start(
      Path dir,
      List<String> patients,
      Duration window,
      HrvJob job,
      Consumer<ReleaseDecision> releases)
      throws IOException, GeneralSecurityException {
    KeyDirectory keys = KeyDirectory.at(dir.resolve("keys"));
    NewKeyStore created = NewKeyStore.create(keys, patients, true, job, window);
    com.google.crypto.tink.Aead master = created.master();
    PatientKeyStore store = created.store();
    Path simulationKey = dir.resolve("simulation-attestation.key");
    InsecureSimulationAttester attester = InsecureSimulationAttester.loadOrCreate(simulationKey);
    // Simulated enclaves run this build's enclave code; admit exactly that measurement.
    AttestationPolicy policy =
        AttestationPolicy.builder()
            .allowMrenclave(SimulatedMeasurement.ofLoadedCode())
            .allowInsecureSimulation(true)
            .build();

    // Mutual TLS between the host and the broker, with a CA that lives only in this process.
    Path tls = Files.createDirectories(dir.resolve("tls"));
    char[] password = randomPassword();
    LocalTlsAuthority ca = LocalTlsAuthority.create("TrustBeat demo CA", Duration.ofDays(1));
    Path hostKeyStore = tls.resolve("host.p12");
    Files.deleteIfExists(hostKeyStore);
    Files.createFile(
        hostKeyStore,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(hostKeyStore)) {
      ca.issueClient("demo-host", password).store(out, password);
    }
    Path caPem = tls.resolve("ca.pem");
    ca.writeCertificatePem(caPem);

    KeyBrokerServer broker =
        KeyBrokerServer.builder()
            .signingKey(keys.loadOrCreateSigningKey(master))
            .keyStore(store)
            .policy(policy)
            .auditLog(keys.auditLog())
            .mutualTls(ca.issueServer(List.of("127.0.0.1"), password), password, ca.trustStore())
            .insecureSimulationVerifier(
                InsecureSimulationVerifier.create(attester.insecureSimulationPublicKey()))
            .listener(releases)
            .build()
            .start();
    KeyProvisioner provisioner =
        KeyBrokerProvisioner.ofMutualTls(broker.uri(), hostKeyStore, password, caPem);
    return new DemoTrust(store, broker, simulationKey, provisioner);
  }

  /** A key store under a fresh master key, holding patients that share one policy. */
  record NewKeyStore(PatientKeyStore store, com.google.crypto.tink.Aead master) {
    /**
     * Creates the master key and adds {@code patients}, allowed {@code job} on {@code window}; TEST
     * patients (their keys may go to simulated enclaves) if {@code testPatients}.
     */
    static NewKeyStore create(
        KeyDirectory keys, List<String> patients, boolean testPatients, HrvJob job, Duration window)
        throws IOException, GeneralSecurityException {
      InsecureFileMasterKey.create(keys.masterKeyFile());
      com.google.crypto.tink.Aead master = InsecureFileMasterKey.load(keys.masterKeyFile());
      PatientKeyStore store = PatientKeyStore.open(keys.patientsDirectory(), master);
      PatientPolicy policy =
          PatientPolicy.builder()
              .testPatient(testPatients)
              .jobs(List.of(job))
              .windows(List.of(window))
              .build();
      for (String p : patients) {
        store.add(p, policy);
      }
      return new NewKeyStore(store, master);
    }
  }

  private static char[] randomPassword() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b).toCharArray();
  }

  URI keyBrokerUri() {
    return broker.uri();
  }

  /** Provisions over mutual TLS with the demo host's client certificate. */
  KeyProvisioner provisioner() {
    return provisioner;
  }

  /** What the demo's enclave hosts pin. */
  KeyBrokerVerificationKey keyBrokerKey() {
    return broker.verificationKey();
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
