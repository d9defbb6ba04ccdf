package org.trustbeat.app;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.trustbeat.attestation.InsecureSimulationAttester;
import org.trustbeat.clinic.dashboard.PasswordHash;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.SimulatedMeasurement;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.keybroker.KeyDirectory;
import org.trustbeat.keybroker.LocalTlsAuthority;
import org.trustbeat.keybroker.PatientKeyStore;
import org.trustbeat.mqtt.MosquittoConfiguration;
import org.trustbeat.mqtt.MqttLogins;

/**
 * Writes a local deployment: every file {@code trustbeat init} makes, split by the machine (and
 * trust zone) that may hold it, and a README saying so file by file.
 *
 * <pre>
 * DIR/trustbeat.toml   the configuration; no secret in it (public)
 * DIR/keybroker/       the key broker's machine (trusted): key store, TLS key, policy inputs
 * DIR/server/          the untrusted host's credentials: MQTT logins, client certificate for the
 *                      key broker, the pinned release-verification key, the simulation key
 * DIR/host/            the untrusted host's state: landing store, checkpoints, sealed results
 * DIR/broker/          the MQTT broker's machine: mosquitto.conf, hashed passwords, ACL, TLS key
 * DIR/patients/ID/     patient ID's gateway (trusted, the patient's own device): keys in clear,
 *                      MQTT logins, spool
 * DIR/clinic/          the clinic's machine (trusted): the result store (SQLite), the dashboard's
 *                      password
 * </pre>
 *
 * <h2>Security guarantees</h2>
 *
 * Secret files are created with mode 600 and the directories that hold them 700; passwords are
 * random (144 bits) and never printed. The Mosquitto password file is hashed by {@code
 * mosquitto_passwd}. The patients are TEST patients (their keys may go to simulated enclaves)
 * unless the mode is {@code sgx}.
 */
final class DeploymentFiles {
  static final String CONFIG = "trustbeat.toml";

  /** What was made. */
  record Made(
      Path config, Path readme, Path mosquittoConfig, List<String> patients, byte[] measurement) {}

  private Path dir;
  private HostKind kind;
  private HrvJob job;
  private long windowSeconds;
  private int patients;
  private int brokerPort;
  private int keyBrokerPort;
  private int dashboardPort;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, String> readme = new LinkedHashMap<>();

  static DeploymentFiles builder() {
    return new DeploymentFiles();
  }

  DeploymentFiles dir(Path d) {
    dir = d.toAbsolutePath().normalize();
    return this;
  }

  DeploymentFiles kind(HostKind k) {
    kind = k;
    return this;
  }

  DeploymentFiles job(HrvJob j) {
    job = j;
    return this;
  }

  DeploymentFiles windowSeconds(long w) {
    windowSeconds = w;
    return this;
  }

  DeploymentFiles patients(int n) {
    patients = n;
    return this;
  }

  DeploymentFiles brokerPort(int p) {
    brokerPort = p;
    return this;
  }

  DeploymentFiles keyBrokerPort(int p) {
    keyBrokerPort = p;
    return this;
  }

  DeploymentFiles dashboardPort(int p) {
    dashboardPort = p;
    return this;
  }

  Made write() throws IOException, GeneralSecurityException {
    boolean simulated = kind != HostKind.SGX;
    Files.createDirectories(dir);
    Path keyBrokerDir = privateDir(dir.resolve("keybroker"));
    Path serverDir = privateDir(dir.resolve("server"));
    Path brokerDir = privateDir(dir.resolve("broker"));
    Path patientsDir = privateDir(dir.resolve("patients"));
    Files.createDirectories(dir.resolve("host"));

    // Key store: master key, patients with their policy, the release signing key.
    KeyDirectory keys = KeyDirectory.at(keyBrokerDir.resolve("keys"));
    // Random pseudonyms: nothing in an id links it to a person or to the order of enrolment.
    java.util.Set<String> unique = new java.util.LinkedHashSet<>();
    while (unique.size() < patients) {
      unique.add("p-" + HexFormat.of().formatHex(randomBytes(4)));
    }
    List<String> ids = new ArrayList<>(unique);
    DemoTrust.NewKeyStore created =
        DemoTrust.NewKeyStore.create(keys, ids, simulated, job, Duration.ofSeconds(windowSeconds));
    com.google.crypto.tink.Aead master = created.master();
    PatientKeyStore store = created.store();
    keys.loadOrCreateSigningKey(master);
    note(
        "keybroker/keys/",
        "key broker machine only (trusted): master key (0600, in production a"
            + " KMS/HSM), patients' keys encrypted under it, release signing key, audit log");
    Files.copy(keys.verificationKeyFile(), serverDir.resolve("release-verification-key.txt"));
    note(
        "server/release-verification-key.txt",
        "public: the key broker's release-verification" + " key; every enclave host pins it");

    // Mutual TLS to the key broker: one local CA issues the broker's and the host's certificates.
    LocalTlsAuthority ca =
        LocalTlsAuthority.create("TrustBeat deployment CA", Duration.ofDays(365));
    Path kbTls = privateDir(keyBrokerDir.resolve("tls"));
    writeKeyStore(
        kbTls.resolve("server.p12"),
        kbTls.resolve("server.password"),
        pw -> ca.issueServer(List.of("127.0.0.1"), pw));
    ca.writeCertificatePem(kbTls.resolve("ca.pem"));
    note(
        "keybroker/tls/server.p12, server.password",
        "key broker machine only (0600): its TLS" + " key and the key store's password");
    note(
        "keybroker/tls/ca.pem",
        "public: the CA of the key broker's certificate and of the hosts'"
            + " client certificates (its private key was never written: issue new ones by running init"
            + " again)");
    writeKeyStore(
        serverDir.resolve("host.p12"),
        serverDir.resolve("host.password"),
        pw -> ca.issueClient("trustbeat-server", pw));
    Files.copy(kbTls.resolve("ca.pem"), serverDir.resolve("keybroker-ca.pem"));
    note(
        "server/host.p12, host.password",
        "untrusted host (0600): the host's client certificate"
            + " for the key broker; it lets the host ask for releases, never open them");
    note("server/keybroker-ca.pem", "public: lets the host check the key broker's certificate");

    byte[] measurement = null;
    if (simulated) {
      Path simKey = serverDir.resolve("simulation-attestation.key");
      InsecureSimulationAttester attester = InsecureSimulationAttester.loadOrCreate(simKey);
      Files.write(
          keyBrokerDir.resolve("simulation-public-key.der"),
          attester.insecureSimulationPublicKey());
      measurement = SimulatedMeasurement.ofLoadedCode();
      note(
          "server/simulation-attestation.key",
          "untrusted host (0600): INSECURE simulation"
              + " attestation key; whoever holds it can pose as an enclave, so only TEST patients'"
              + " keys are released to it");
      note(
          "keybroker/simulation-public-key.der",
          "public: what the key broker verifies" + " simulated evidence with");
    }

    // MQTT: a random password per login; Mosquitto gets the hashed file, clients the clear ones.
    MosquittoConfiguration.Builder mqtt =
        MosquittoConfiguration.builder().setWorkDirectory(brokerDir).setPort(brokerPort);
    mqtt.addServerUser(MqttLogins.INGEST, newPassword(serverDir.resolve("ingest.password")));
    mqtt.addServerUser(
        MqttLogins.RESULT_PUBLISHER, newPassword(serverDir.resolve("results.password")));
    note(
        "server/ingest.password, results.password",
        "untrusted host (0600): MQTT logins "
            + MqttLogins.INGEST
            + " (reads all chunks) and "
            + MqttLogins.RESULT_PUBLISHER
            + " (writes all results)");
    for (String id : ids) {
      Path p = privateDir(patientsDir.resolve(id));
      store.insecureExportEdgeKeys(id, p.resolve("keys.json"));
      mqtt.addGatewayUser(id, newPassword(p.resolve("gateway.password")));
      mqtt.addConsumerUser(id, newPassword(p.resolve("consumer.password")));
    }
    note(
        "patients/ID/",
        "patient ID's own device only (0700): keys.json (the patient's keys IN"
            + " CLEAR), gateway.password and consumer.password (MQTT logins gateway-ID, consumer-ID),"
            + " spool/ (sealed chunks not yet sent)");
    // Needs mosquitto_passwd to hash the logins; without Mosquitto this names how to install it.
    Path mosquittoConf = mqtt.build().writeConfiguration();
    note(
        "broker/mosquitto.conf, acl",
        "MQTT broker machine: TLS listener on 127.0.0.1:"
            + brokerPort
            + ", no anonymous access, client id = login, one topic per login; start it with"
            + " `mosquitto -c "
            + mosquittoConf
            + "`");
    note("broker/passwd", "MQTT broker machine (0600): the logins' password hashes");
    note(
        "broker/tls/server.key",
        "MQTT broker machine (0600): its TLS key; server.crt and ca.crt"
            + " are public (every client trusts ca.crt)");
    note("broker/persistence/", "MQTT broker machine: queued sealed chunks and results");
    note(
        "host/",
        "untrusted host: landing store, Spark checkpoints, sealed results, enclave"
            + " sockets; ciphertext only");

    // The clinic: opened results in clear, so a trusted machine; the dashboard's login password
    // in a file of its own, only its hash in the (public) configuration.
    Path clinicDir = privateDir(dir.resolve("clinic"));
    byte[] dashboardPassword = newPassword(clinicDir.resolve("dashboard.password"));
    char[] pwChars = new String(dashboardPassword, StandardCharsets.US_ASCII).toCharArray();
    String passwordHash;
    try {
      passwordHash = PasswordHash.create(pwChars).toText();
    } finally {
      Arrays.fill(dashboardPassword, (byte) 0);
      Arrays.fill(pwChars, '\0');
    }
    note(
        "clinic/results.db",
        "clinic machine only (trusted): the result store (opened results IN"
            + " CLEAR, alerts), created by the first trustbeat dashboard or results --alerts");
    note(
        "clinic/dashboard.password",
        "clinic machine only (0600): the dashboard's login password"
            + " (the configuration holds only its hash)");

    Path config = dir.resolve(CONFIG);
    Files.writeString(
        config, config(ids.size(), measurement, passwordHash), StandardCharsets.UTF_8);
    note(CONFIG, "every machine (public, no secrets): the configuration; it names the files above");
    Path readmeFile = dir.resolve("README");
    Files.writeString(readmeFile, readme(ids), StandardCharsets.UTF_8);
    return new Made(config, readmeFile, mosquittoConf, ids, measurement);
  }

  private String config(int n, byte[] measurement, String passwordHash) {
    String mr = measurement == null ? "" : "\"" + HexFormat.of().formatHex(measurement) + "\"";
    boolean simulated = measurement != null;
    return String.format(
        Locale.ROOT,
        """
        # TrustBeat deployment configuration, format version 1 (written by trustbeat init).
        # Relative paths are relative to this file. No secret is in this file: it names the files
        # that hold them (mode 600), and each machine needs only those of its own components.
        # Check it with: trustbeat config check %s
        version = 1

        [broker]                                 # the MQTT broker (Mosquitto): sealed chunks only
        url = "ssl://127.0.0.1:%d"
        ca_certificate = "broker/tls/ca.crt"     # public: the CA of the broker's certificate

        [keybroker]                              # the key broker (trusted machine)
        url = "https://127.0.0.1:%d/"
        key_directory = "keybroker/keys"
        tls_keystore = "keybroker/tls/server.p12"
        tls_password_file = "keybroker/tls/server.password"
        client_ca = "keybroker/tls/ca.pem"       # issues the hosts' client certificates
        # Enclave code that may receive keys (this build's: run init again after a rebuild).
        allow_mrenclave = [%s]
        # SIMULATED enclaves (no hardware protection) may get TEST patients' keys.
        allow_simulation = %s
        %ssimulation_public_key = "keybroker/simulation-public-key.der"
        accept_tcb_status = []                   # SGX: statuses accepted besides UpToDate
        # collateral = "keybroker/collateral.json"   # SGX: Intel's DCAP collateral (dcap-qvl)

        [server]                                 # trustbeat server, on the untrusted host
        ingest_password_file = "server/ingest.password"
        results_password_file = "server/results.password"
        client_keystore = "server/host.p12"      # client certificate for the key broker
        client_password_file = "server/host.password"
        keybroker_ca = "server/keybroker-ca.pem"
        release_verification_key = "server/release-verification-key.txt"
        %ssimulation_key = "server/simulation-attestation.key"   # INSECURE, simulated modes only

        [storage]                                # untrusted host; ciphertext only. On a cluster,
        landing = "host/landing"                 # landing, checkpoint and results must be on a
        checkpoint = "host/checkpoint"           # file system every executor sees at this path
        results = "host/results"
        enclave = "host/enclave"

        [spark]
        master = "local[*]"                      # or spark://HOST:7077 (standalone cluster)
        trigger_seconds = 5
        watermark_delay_seconds = 60             # how late (event time) a patient may fall behind
        shuffle_partitions = 4
        # close_spread_seconds = 60              # windows close up to this much later (capacity)
        state_memory_mb = 2048                   # state store memory, about 15 kB per patient

        [job]
        mode = "%s"
        analysis = "%s"
        id = "deploy"
        window_seconds = %d
        enclave_heap_mb = 1024                   # enclave JVM heap, about 0.9 kB per patient

        [patients]                               # %d patients; one directory each
        directory = "patients"
        test_patients = %s

        [store]                                  # the clinic's result store (trusted machine)
        url = "jdbc:sqlite:clinic/results.db"    # embedded; or jdbc:postgresql://HOST:PORT/DB
        # user = "trustbeat"                     # PostgreSQL: login and a 0600 password file
        # password_file = "clinic/db.password"

        [dashboard]                              # trustbeat dashboard --config %s
        bind = "127.0.0.1"                       # loopback only: plain HTTP (SSH tunnel or proxy)
        port = %d
        # The password is in clinic/dashboard.password; a new one: trustbeat dashboard --hash-password
        password_hash = "%s"
        session_minutes = 60

        [alerts]                                 # raised once, until they clear
        hr_above_bpm = 120                       # mean HR above this ...
        hr_below_bpm = 40                        # ... or below this ...
        hr_windows = 3                           # ... for this many consecutive windows
        sdnn_below_ms = 20                       # SDNN of the latest good window below this
        silent_minutes = %d                      # no result this long after the last window
        poor_windows = 3                         # consecutive poor windows
        integrity = true                         # gaps, refused results, a weaker mode
        """,
        CONFIG,
        brokerPort,
        keyBrokerPort,
        mr,
        simulated,
        simulated ? "" : "# ",
        simulated ? "" : "# ",
        kind.label(),
        job.jobName(),
        windowSeconds,
        n,
        simulated,
        CONFIG,
        dashboardPort,
        passwordHash,
        silentMinutes());
  }

  /** Three windows, at least 15 minutes: a patient is silent once results are clearly overdue. */
  private long silentMinutes() {
    return Math.max(15, (3 * windowSeconds + 59) / 60);
  }

  private String readme(List<String> ids) {
    StringBuilder sb = new StringBuilder();
    sb.append("TrustBeat deployment (trustbeat init). Who may hold each file:\n\n");
    for (Map.Entry<String, String> e : readme.entrySet()) {
      sb.append(e.getKey()).append("\n    ").append(e.getValue()).append('\n');
    }
    sb.append("\nPatients: ").append(String.join(", ", ids)).append('\n');
    sb.append("\nStart, each in its own terminal (see README.md, section Deploy, of TrustBeat):\n")
        .append("  mosquitto -c broker/mosquitto.conf\n")
        .append("  trustbeat keybroker serve --config ")
        .append(CONFIG)
        .append('\n')
        .append("  trustbeat server --config ")
        .append(CONFIG)
        .append('\n')
        .append("  trustbeat gateway --config ")
        .append(CONFIG)
        .append(" --patient ID --simulate\n")
        .append("  trustbeat results --config ")
        .append(CONFIG)
        .append(" --patient ID --follow\n")
        .append("  trustbeat dashboard --config ")
        .append(CONFIG)
        .append("   (clinic machine; log in with clinic/dashboard.password)\n");
    return sb.toString();
  }

  private void note(String file, String who) {
    readme.put(file, who);
  }

  private byte[] newPassword(Path file) throws IOException {
    // URL-safe base64: no ':' or line break, which a Mosquitto password file cannot hold.
    byte[] pw =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(randomBytes(18))
            .getBytes(StandardCharsets.US_ASCII);
    writeSecret(file, pw);
    return pw;
  }

  @FunctionalInterface
  private interface Issuer {
    KeyStore issue(char[] password) throws GeneralSecurityException;
  }

  private void writeKeyStore(Path keyStore, Path passwordFile, Issuer issuer)
      throws IOException, GeneralSecurityException {
    byte[] pw = newPasswordBytes();
    char[] chars = new String(pw, StandardCharsets.US_ASCII).toCharArray();
    try {
      writeSecret(passwordFile, pw);
      createSecret(keyStore);
      try (OutputStream out = Files.newOutputStream(keyStore)) {
        issuer.issue(chars).store(out, chars);
      }
    } finally {
      Arrays.fill(pw, (byte) 0);
      Arrays.fill(chars, '\0');
    }
  }

  private byte[] newPasswordBytes() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(randomBytes(18))
        .getBytes(StandardCharsets.US_ASCII);
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static void writeSecret(Path file, byte[] content) throws IOException {
    createSecret(file);
    Files.write(file, content);
  }

  private static void createSecret(Path file) throws IOException {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
  }

  private static Path privateDir(Path d) throws IOException {
    try {
      Files.createDirectories(
          d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(d);
    }
    return d;
  }
}
