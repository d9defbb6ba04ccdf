package org.trustbeat.keybroker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.trustbeat.attestation.AttestationPolicy;
import org.trustbeat.attestation.InsecureSimulationAttester;
import org.trustbeat.attestation.InsecureSimulationVerifier;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.protocol.KeyBrokerSigningKey;
import org.trustbeat.testing.MutableClock;

/**
 * A key directory with two test patients ({@code p-001}, {@code p-002}, whose keys simulated
 * enclaves may get), one real patient ({@code p-real}, SGX only), a simulation key, the broker's
 * signing key, and helpers to run a broker on it.
 */
final class TestBroker implements AutoCloseable {
  /** A patient who is not a test patient: simulated enclaves never get their keys. */
  static final String REAL = "p-real";

  static final byte[] MEASUREMENT = filled(0x11);
  static final byte[] OTHER_MEASUREMENT = filled(0x22);
  private static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final KeyDirectory layout;
  final PatientKeyStore store;
  final InsecureSimulationAttester attester;
  final KeyBrokerSigningKey signingKey;
  final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T10:00:00Z"));
  final List<ReleaseDecision> decisions = new CopyOnWriteArrayList<>();
  private final List<KeyBrokerServer> started = new CopyOnWriteArrayList<>();

  TestBroker(Path dir) throws IOException, GeneralSecurityException {
    this.dir = dir;
    this.layout = KeyDirectory.at(dir.resolve("keys"));
    InsecureFileMasterKey.create(layout.masterKeyFile());
    this.store =
        PatientKeyStore.open(
            layout.patientsDirectory(), InsecureFileMasterKey.load(layout.masterKeyFile()), clock);
    PatientPolicy test = PatientPolicy.builder().testPatient(true).build();
    store.add("p-001", test);
    store.add("p-002", test);
    store.add(REAL);
    this.attester = InsecureSimulationAttester.loadOrCreate(dir.resolve("simulation.key"));
    this.signingKey =
        layout.loadOrCreateSigningKey(InsecureFileMasterKey.load(layout.masterKeyFile()));
  }

  static byte[] filled(int b) {
    byte[] m = new byte[32];
    Arrays.fill(m, (byte) b);
    return m;
  }

  /** Allows MEASUREMENT and simulation, not debug. */
  static AttestationPolicy.Builder simulationPolicy() {
    return AttestationPolicy.builder().allowMrenclave(MEASUREMENT).allowInsecureSimulation(true);
  }

  KeyBrokerServer.Builder server(AttestationPolicy policy) throws GeneralSecurityException {
    return KeyBrokerServer.builder()
        .signingKey(signingKey)
        .keyStore(store)
        .policy(policy)
        .auditLog(layout.auditLog())
        .insecureSimulationVerifier(
            InsecureSimulationVerifier.create(attester.insecureSimulationPublicKey()))
        .clock(clock)
        .listener(decisions::add);
  }

  /** Starts a server from {@code builder}, closed by {@link #close()}, and a client of it. */
  KeyBrokerClient start(KeyBrokerServer.Builder builder) throws Exception {
    return KeyBrokerClient.create(track(builder.build().start()).uri());
  }

  /** Has {@link #close()} stop {@code server} too; returns it. */
  KeyBrokerServer track(KeyBrokerServer server) {
    started.add(server);
    return server;
  }

  /** A broker that allows {@link #MEASUREMENT} and simulation, started; see {@link #start}. */
  KeyBrokerClient startSimulationBroker() throws Exception {
    return start(server(simulationPolicy().build()));
  }

  /** Stops every server {@link #start} started. */
  @Override
  public void close() throws Exception {
    for (KeyBrokerServer s : started) {
      s.close();
    }
  }

  FakeEnclaveHost enclave(byte[] measurement, boolean debug) throws GeneralSecurityException {
    return new FakeEnclaveHost(
        attester, measurement, debug, HostKind.SEALED_INPROCESS, signingKey.verificationKey());
  }

  List<JsonNode> auditLines() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.exists(layout.auditLog())) {
      return out;
    }
    for (String line : Files.readAllLines(layout.auditLog())) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  JsonNode lastAuditLine() throws IOException {
    List<JsonNode> lines = auditLines();
    return lines.get(lines.size() - 1);
  }
}
