package org.trustbeat.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.trustbeat.app.config.ConfigException;
import org.trustbeat.app.config.DeploymentConfig;
import org.trustbeat.app.config.KeyBrokerSection;
import org.trustbeat.app.console.Logs;
import org.trustbeat.attestation.AttestationPolicy;
import org.trustbeat.attestation.DcapCollateral;
import org.trustbeat.attestation.DcapQuoteVerifier;
import org.trustbeat.attestation.InsecureSimulationVerifier;
import org.trustbeat.attestation.QuoteVerificationException;
import org.trustbeat.attestation.TcbStatus;
import org.trustbeat.keybroker.InsecureFileMasterKey;
import org.trustbeat.keybroker.KeyBrokerServer;
import org.trustbeat.keybroker.KeyDirectory;
import org.trustbeat.keybroker.PatientKeyStore;
import org.trustbeat.protocol.KeyBrokerSigningKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keybroker}: the attested key-release service. */
@Command(
    name = "keybroker",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Example:",
      "  trustbeat keybroker serve --port 7788 --allow-insecure-simulation --simulation-public-key sim.pub"
    },
    description = "Run the key broker, which releases patient keys only to attested enclaves.",
    subcommands = {KeyBrokerCommand.Serve.class, KeyBrokerCommand.VerificationKey.class})
public final class KeyBrokerCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: keybroker serve or keybroker verification-key");
  }

  /**
   * {@code keybroker verification-key}: prints the base64 line enclave hosts pin ({@code
   * --key-broker-key}), creating the signing key on first use. Exit 0, 1 if the key directory
   * cannot be read.
   */
  @Command(
      name = "verification-key",
      mixinStandardHelpOptions = true,
      footer = {"", "Example:", "  trustbeat keybroker verification-key --dir .trustbeat/keys"},
      description = {
        "Prints the key broker's release-verification key (one base64 line).",
        "",
        "Enclaves take only releases it verifies. Creates the signing key on first use; also"
            + " in DIR/release-verification-key.txt.",
        ""
      })
  static final class VerificationKey implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        defaultValue = ".trustbeat/keys",
        description = "Key directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        KeyDirectory layout = KeyDirectory.at(dir);
        KeyBrokerSigningKey key =
            layout.loadOrCreateSigningKey(InsecureFileMasterKey.load(layout.masterKeyFile()));
        out.println(key.verificationKey().toText());
        err.println(
            "fingerprint "
                + key.verificationKey().shortFingerprint()
                + "; also in "
                + layout.verificationKeyFile());
        out.flush();
        err.flush();
        return CommandLine.ExitCode.OK;
      } catch (IOException | GeneralSecurityException e) {
        err.println("cannot read the key broker's signing key: " + e.getMessage());
        err.flush();
        return 1;
      }
    }
  }

  /**
   * {@code keybroker serve}: serves until Ctrl-C, printing its URL and one line per release
   * decision. Exit 0 after a clean stop, 1 if the store or TLS key store cannot be loaded or the
   * port is taken, 2 bad arguments.
   */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      footer = {
        "",
        "Example:",
        "  trustbeat keybroker serve --port 7788 --allow-insecure-simulation --simulation-public-key sim.pub"
      },
      description = "Serve POST /v1/nonce and POST /v1/release until Ctrl-C.")
  static final class Serve implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        defaultValue = ".trustbeat/keys",
        description =
            "Key directory (default: ${DEFAULT-VALUE}); the audit log is DIR/audit.jsonl.")
    Path dir;

    @Option(
        names = "--port",
        paramLabel = "N",
        defaultValue = "7788",
        description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--bind",
        paramLabel = "ADDR",
        defaultValue = "127.0.0.1",
        description =
            "Address to listen on (default: ${DEFAULT-VALUE}); beyond loopback, mutual"
                + " TLS (--tls-keystore, --tls-password, --tls-client-ca) is required.")
    String bind;

    @Option(
        names = "--tls-keystore",
        paramLabel = "F",
        description =
            "PKCS#12 key store with the server key and certificate; serves HTTPS with"
                + " client authentication.")
    Path tlsKeyStore;

    @Option(
        names = "--tls-password-file",
        paramLabel = "F",
        description = "File (mode 600) whose first line is the password of --tls-keystore.")
    Path tlsPasswordFile;

    @Option(
        names = "--tls-password-env",
        paramLabel = "VAR",
        description = "Environment variable holding the password of --tls-keystore.")
    String tlsPasswordEnv;

    /** Refused: other local users can read a command line. */
    @Option(names = "--tls-password", paramLabel = "P", hidden = true)
    String tlsPasswordOnCommandLine;

    /** Where --tls-password-env is looked up; tests replace it. */
    java.util.function.Function<String, String> environment = System::getenv;

    @Option(
        names = "--tls-client-ca",
        paramLabel = "PEM",
        description =
            "CA certificate(s) that issue the hosts' client certificates; a host without"
                + " one is refused in the TLS handshake.")
    Path tlsClientCa;

    @Option(
        names = "--nonces-per-client",
        paramLabel = "N",
        defaultValue = "16",
        description =
            "Unspent nonces one client (host certificate, or address without TLS) may"
                + " hold; more get HTTP 429 with Retry-After (default: ${DEFAULT-VALUE}).")
    int noncesPerClient;

    @Option(
        names = "--max-patients-per-request",
        paramLabel = "N",
        defaultValue = "1000",
        description = "Most patients one release request may name (default: ${DEFAULT-VALUE}).")
    int maxPatientsPerRequest;

    @Option(
        names = "--allow-mrenclave",
        paramLabel = "HEX",
        description = "An enclave measurement that may receive keys (64 hex digits). Repeatable.")
    List<String> mrenclaves = new ArrayList<>();

    @Option(
        names = "--allow-mrsigner",
        paramLabel = "HEX",
        description =
            "An enclave signer whose enclaves may receive keys (64 hex digits). Repeatable.")
    List<String> mrsigners = new ArrayList<>();

    @Option(
        names = "--allow-debug",
        description = "Release keys to debug enclaves, whose memory the host can read. Tests only.")
    boolean allowDebug;

    @Option(
        names = "--min-isv-svn",
        paramLabel = "N",
        defaultValue = "0",
        description = "Lowest enclave security version accepted (default: ${DEFAULT-VALUE}).")
    int minIsvSvn;

    @Option(
        names = "--collateral",
        paramLabel = "FILE",
        description =
            "Intel's collateral for the enclaves' SGX platform, as dcap-qvl writes it"
                + " (TCB info, QE identity, CRLs). Without it SGX evidence is refused. Read at start:"
                + " replace the file and restart before its nextUpdate.")
    Path collateral;

    @Option(
        names = "--accept-tcb-status",
        paramLabel = "STATUS",
        description =
            "Also release to SGX platforms of this TCB status (e.g. SWHardeningNeeded)"
                + " after reviewing its advisories; UpToDate is always accepted. Repeatable.")
    List<String> acceptedTcbStatuses = new ArrayList<>();

    @Option(
        names = "--crl",
        paramLabel = "F",
        description = "An extra CRL (DER or PEM) enforced besides the collateral's. Repeatable.")
    List<Path> crls = new ArrayList<>();

    @Option(
        names = "--allow-insecure-simulation",
        description =
            "Release keys to SIMULATED enclaves (no hardware protection). Development only.")
    boolean allowSimulation;

    @Option(
        names = "--simulation-public-key",
        paramLabel = "F",
        description =
            "The installation's simulation public key: PEM, DER, or the simulation key file.")
    Path simulationPublicKey;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "Take every setting from the [keybroker] table of a deployment configuration"
                + " (trustbeat init DIR writes DIR/trustbeat.toml) instead of the options.")
    Path config;

    /** Counted down by Ctrl-C (a shutdown hook) or by a test. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (config != null) {
        try {
          applyConfig();
        } catch (ConfigException e) {
          err.println("trustbeat keybroker serve: " + e.getMessage());
          err.flush();
          return DeploymentCommand.CONFIG_ERROR;
        }
      }
      if (tlsPasswordOnCommandLine != null) {
        throw SecretInput.refuseOnCommandLine(
            spec, "--tls-password", "--tls-password-file", "--tls-password-env");
      }
      AttestationPolicy policy = policy();
      DcapCollateral dcapCollateral = readCollateral();
      if (dcapCollateral == null && !crls.isEmpty()) {
        throw usage("--crl applies to SGX quote verification, which needs --collateral FILE");
      }
      if (allowSimulation && simulationPublicKey == null) {
        throw usage(
            "--allow-insecure-simulation needs --simulation-public-key F (the installation's"
                + " simulation public key)");
      }
      if (!allowSimulation && simulationPublicKey != null) {
        throw usage("--simulation-public-key has no effect without --allow-insecure-simulation");
      }
      char[] tlsPassword =
          SecretInput.read(
              spec,
              tlsPasswordFile,
              "--tls-password-file",
              tlsPasswordEnv,
              "--tls-password-env",
              environment);
      boolean tls = tlsKeyStore != null || tlsPassword != null || tlsClientCa != null;
      if (tls && (tlsKeyStore == null || tlsPassword == null || tlsClientCa == null)) {
        throw usage(
            "--tls-keystore, its password (--tls-password-file F or --tls-password-env VAR)"
                + " and --tls-client-ca go together: the broker serves TLS only with client"
                + " authentication of hosts");
      }
      if (noncesPerClient < 1) {
        throw usage("--nonces-per-client must be at least 1, got " + noncesPerClient);
      }
      if (maxPatientsPerRequest < 1 || maxPatientsPerRequest > 10_000) {
        throw usage("--max-patients-per-request must be 1..10000, got " + maxPatientsPerRequest);
      }
      InetAddress address;
      try {
        address = InetAddress.getByName(bind);
      } catch (UnknownHostException e) {
        throw usage("--bind " + bind + " is not an address of this machine");
      }
      if (!tls && !address.isLoopbackAddress()) {
        throw usage(
            "--bind "
                + bind
                + " without TLS would let anyone reach the broker"
                + " unauthenticated; serve it with --tls-keystore, --tls-password-file and --tls-client-ca,"
                + " or bind 127.0.0.1");
      }

      KeyBrokerServer server;
      KeyBrokerSigningKey signingKey;
      try {
        KeyDirectory layout = KeyDirectory.at(dir);
        com.google.crypto.tink.Aead master = InsecureFileMasterKey.load(layout.masterKeyFile());
        PatientKeyStore store = PatientKeyStore.open(layout.patientsDirectory(), master);
        signingKey = layout.loadOrCreateSigningKey(master);
        KeyBrokerServer.Builder builder =
            KeyBrokerServer.builder()
                .signingKey(signingKey)
                .noncesPerClient(noncesPerClient)
                .maxPatientsPerRequest(maxPatientsPerRequest)
                .keyStore(store)
                .policy(policy)
                .auditLog(layout.auditLog())
                .bindAddress(new InetSocketAddress(address, port))
                .listener(
                    d -> {
                      out.println(d.summaryLine());
                      out.flush();
                    });
        if (dcapCollateral != null) {
          DcapQuoteVerifier.Builder dcap = DcapQuoteVerifier.builder().collateral(dcapCollateral);
          for (Path crl : crls) {
            dcap.addCrl(Files.readAllBytes(crl));
          }
          builder.dcapVerifier(dcap.build());
        }
        if (allowSimulation) {
          builder.insecureSimulationVerifier(
              InsecureSimulationVerifier.create(readSimulationPublicKey(simulationPublicKey)));
        }
        if (tls) {
          try {
            builder.mutualTls(tlsKeyStore, tlsPassword, tlsClientCa);
          } finally {
            java.util.Arrays.fill(tlsPassword, '\0');
          }
        }
        server = builder.build();
      } catch (IOException | GeneralSecurityException e) {
        err.println("cannot start the key broker: " + e.getMessage());
        err.flush();
        return 1;
      }

      try (ServiceRun run = ServiceRun.start("keybroker", stop);
          KeyBrokerServer running = server.start()) {
        out.println("policy: " + policy);
        if (dcapCollateral == null) {
          out.println(
              "WARNING: no --collateral: SGX evidence is refused; give Intel's collateral for"
                  + " the enclaves' platform to release keys to SGX enclaves");
        } else {
          out.println("collateral: " + dcapCollateral);
          Instant now = Instant.now();
          if (now.isAfter(dcapCollateral.validUntil())
              || now.isBefore(dcapCollateral.validFrom())) {
            out.println(
                "WARNING: the collateral is not valid now (valid "
                    + dcapCollateral.validFrom()
                    + " to "
                    + dcapCollateral.validUntil()
                    + "): every SGX release will be refused;"
                    + " fetch current collateral and restart");
          }
        }
        if (allowSimulation) {
          out.println(
              "WARNING: SIMULATION evidence is allowed: keys of TEST patients may be"
                  + " released to a SIMULATED enclave (no hardware protection); development only");
        }
        if (!tls) {
          out.println(
              "WARNING: plain HTTP on "
                  + bind
                  + ": hosts are not authenticated (nonce"
                  + " quotas per address); serve mutual TLS before hosts on other machines use it");
        }
        out.println(
            "release verification key "
                + signingKey.verificationKey().shortFingerprint()
                + " in "
                + KeyDirectory.at(dir).verificationKeyFile()
                + ": enclave hosts must pin it (--key-broker-key)");
        out.println("log: " + Logs.file());
        // Last, so that whoever waits for the URL has seen the policy and any warning.
        out.println(
            "key broker listening on "
                + running.uri()
                + " (audit log "
                + KeyDirectory.at(dir).auditLog()
                + "); Ctrl-C stops it");
        out.flush();
        run.await(java.time.Duration.ofDays(1), () -> {});
        out.println("key broker stopped cleanly" + run.cause());
        out.flush();
        return CommandLine.ExitCode.OK;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      } catch (IOException e) {
        err.println("key broker stopped uncleanly: " + e.getMessage());
        err.flush();
        return 1;
      }
    }

    /** Fills the options from the configuration's [keybroker] table; no option may be given too. */
    private void applyConfig() throws ConfigException {
      for (CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
        if (!o.longestName().equals("--config")) {
          throw usage(
              o.longestName()
                  + " and --config both configure the broker; with --config,"
                  + " set it in the [keybroker] table");
        }
      }
      KeyBrokerSection k = DeploymentConfig.load(config).keyBroker();
      dir = k.keyDirectory().path();
      bind = k.url().getHost();
      port = k.url().getPort();
      tlsKeyStore = k.tlsKeystore().checkSecret();
      tlsPasswordFile = k.tlsPasswordFile().checkSecret();
      tlsClientCa = k.clientCa().checkReadable();
      mrenclaves = new ArrayList<>(k.allowMrenclave());
      acceptedTcbStatuses = new ArrayList<>(k.acceptTcbStatus());
      allowSimulation = k.allowSimulation();
      simulationPublicKey =
          k.simulationPublicKey() == null ? null : k.simulationPublicKey().checkReadable();
      collateral = k.collateral() == null ? null : k.collateral().checkReadable();
      if (!java.nio.file.Files.isDirectory(dir)) {
        throw new ConfigException(
            k.keyDirectory().where()
                + ": "
                + dir
                + " is not a directory;"
                + " correct the path or run `trustbeat init`");
      }
    }

    private AttestationPolicy policy() {
      try {
        AttestationPolicy.Builder b =
            AttestationPolicy.builder()
                .allowDebug(allowDebug)
                .allowInsecureSimulation(allowSimulation)
                .minimumIsvSvn(minIsvSvn);
        mrenclaves.forEach(b::allowMrenclave);
        mrsigners.forEach(b::allowMrsigner);
        for (String status : acceptedTcbStatuses) {
          try {
            b.acceptTcbStatus(TcbStatus.parse(status));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--accept-tcb-status: " + e.getMessage(), e);
          }
        }
        return b.build();
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw usage(e.getMessage());
      }
    }

    /** Null without --collateral; a bad file is an argument problem. */
    private DcapCollateral readCollateral() {
      if (collateral == null) {
        return null;
      }
      try {
        return DcapCollateral.read(collateral);
      } catch (IOException e) {
        throw usage(
            "--collateral: cannot read " + e.getMessage() + "; check the path and permissions");
      } catch (QuoteVerificationException e) {
        throw usage("--collateral " + collateral + ": " + e.getMessage());
      }
    }

    private CommandLine.ParameterException usage(String message) {
      return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * PEM "PUBLIC KEY", raw X.509 DER, or the "public=" line of a TrustBeat simulation key file.
     */
    static byte[] readSimulationPublicKey(Path file) throws IOException {
      byte[] raw = Files.readAllBytes(file);
      String text = new String(raw, StandardCharsets.US_ASCII);
      try {
        if (text.contains("-----BEGIN PUBLIC KEY-----")) {
          String b64 =
              text.substring(
                  text.indexOf("-----BEGIN PUBLIC KEY-----") + 26,
                  text.indexOf("-----END PUBLIC KEY-----"));
          return Base64.getMimeDecoder().decode(b64);
        }
        for (String line : text.split("\n")) {
          if (line.startsWith("public=")) {
            return Base64.getDecoder().decode(line.substring("public=".length()).strip());
          }
        }
      } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
        throw new IOException(file + " holds a malformed public key; export it again");
      }
      return raw;
    }
  }
}
