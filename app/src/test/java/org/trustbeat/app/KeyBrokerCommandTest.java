package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustbeat.app.CommandRun.run;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.InsecureSimulationAttester;
import org.trustbeat.attestation.ReportData;
import org.trustbeat.keybroker.KeyBrokerClient;
import org.trustbeat.keybroker.KeyDirectory;
import org.trustbeat.keybroker.ReleaseAnswer;
import org.trustbeat.protocol.EnclaveKeyPair;
import org.trustbeat.protocol.KeyBrokerVerificationKey;
import org.trustbeat.protocol.ReleasedPatient;
import org.trustbeat.protocol.SignedKeyRelease;
import picocli.CommandLine;

class KeyBrokerCommandTest {
  private static final String MEASUREMENT_HEX = "ab".repeat(32);
  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+) ");

  @TempDir Path dir;

  @Test
  void serve_printsItsUrl_releasesToAnAllowedSimulatedEnclave_andSaysItIsSimulated()
      throws Exception {
    Path keys = dir.resolve("keys");
    assertEquals(0, run("keys", "init", "--dir", keys.toString()).code());
    assertEquals(
        0, run("patients", "add", "p-001", "--test-patient", "--dir", keys.toString()).code());
    assertEquals(0, run("patients", "add", "p-real", "--dir", keys.toString()).code());
    Path simKey = dir.resolve("simulation.key");
    InsecureSimulationAttester attester = InsecureSimulationAttester.loadOrCreate(simKey);

    KeyBrokerCommand.Serve serve = new KeyBrokerCommand.Serve();
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> cls) throws Exception {
            return cls == KeyBrokerCommand.Serve.class
                ? cls.cast(serve)
                : CommandLine.defaultFactory().create(cls);
          }
        };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new TrustbeatCommand(), factory);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    AtomicInteger exit = new AtomicInteger(-1);
    Thread serving =
        new Thread(
            () ->
                exit.set(
                    cl.execute(
                        "keybroker",
                        "serve",
                        "--dir",
                        keys.toString(),
                        "--port",
                        "0",
                        "--allow-mrenclave",
                        MEASUREMENT_HEX,
                        "--allow-insecure-simulation",
                        "--simulation-public-key",
                        simKey.toString(),
                        "--collateral",
                        VerifyQuoteCommandTest.sgx("phala_sgx_quote_collateral.json").toString(),
                        "--accept-tcb-status",
                        "SWHardeningNeeded")),
            "serve-under-test");
    serving.start();
    try {
      URI uri = awaitUrl(out, err, serving);
      assertTrue(
          out.toString().contains("WARNING: SIMULATION evidence is allowed"), out.toString());
      assertTrue(
          out.toString().contains("collateral: DcapCollateral{fmspc=00A067110000"), out.toString());
      assertTrue(
          out.toString().contains("acceptedTcbStatuses=[UpToDate, SWHardeningNeeded]"),
          out.toString());

      assertTrue(out.toString().contains("WARNING: plain HTTP on 127.0.0.1"), out.toString());
      KeyBrokerVerificationKey pinned = KeyDirectory.at(keys).readVerificationKey();
      assertTrue(
          out.toString().contains("release verification key " + pinned.shortFingerprint()),
          out.toString());
      EnclaveKeyPair enclave = EnclaveKeyPair.generate();
      KeyBrokerClient client = KeyBrokerClient.create(uri);
      byte[] nonce = client.requestNonce();
      byte[] measurement = java.util.HexFormat.of().parseHex(MEASUREMENT_HEX);
      Evidence evidence =
          attester.attestInsecurely(
              measurement,
              ReportData.bind(enclave.publicKeyBytes(), nonce, pinned.fingerprint()),
              false);
      ReleaseAnswer answer =
          client.requestRelease(
              evidence,
              enclave.publicKeyBytes(),
              nonce,
              "sealed-inprocess",
              List.of("p-001", "p-real"));
      Map<String, ReleasedPatient> released =
          SignedKeyRelease.open(enclave, pinned, nonce, answer.signedRelease()).patients();
      assertEquals(List.of("p-001"), List.copyOf(released.keySet()));
      assertEquals("p-real", answer.refused().get(0).patient(), "not a test patient");
    } finally {
      serve.stop.countDown();
      serving.join();
    }
    assertEquals(0, exit.get(), err.toString());
    String grantedLine =
        Arrays.stream(out.toString().split("\n"))
            .filter(l -> l.contains("GRANTED"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(out));
    assertTrue(
        grantedLine.contains("released keys to a SIMULATED enclave (no hardware protection)"),
        grantedLine);
    assertTrue(grantedLine.contains("patients=p-001,p-real"), grantedLine);
    assertTrue(
        grantedLine.contains("refused=p-real(SIMULATION_NOT_ALLOWED_FOR_PATIENT)"), grantedLine);
    assertEquals(1, Files.readAllLines(keys.resolve("audit.jsonl")).size());
  }

  private static URI awaitUrl(StringWriter out, StringWriter err, Thread serving)
      throws InterruptedException {
    // Bounded so a broken start fails the test instead of hanging it; not a speed assertion.
    for (int i = 0; i < 3000; i++) {
      Matcher m = LISTENING.matcher(out.toString());
      if (m.find()) {
        return URI.create(m.group(1));
      }
      if (!serving.isAlive()) {
        throw new AssertionError("serve exited: " + out + err);
      }
      Thread.sleep(10);
    }
    throw new AssertionError("serve printed no URL: " + out + err);
  }

  @Test
  void serveWithoutAllowedMeasurement_isAUsageError() {
    CommandRun r = run("keybroker", "serve", "--dir", dir.toString(), "--port", "0");
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("--allow-mrenclave"), r.err());
  }

  @Test
  void badMeasurementHex_isAUsageError() {
    CommandRun r = run("keybroker", "serve", "--dir", dir.toString(), "--allow-mrenclave", "xyz");
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("64 hex digits"), r.err());
  }

  @Test
  void simulationWithoutItsPublicKey_isAUsageError() {
    CommandRun r =
        run(
            "keybroker",
            "serve",
            "--dir",
            dir.toString(),
            "--allow-mrenclave",
            MEASUREMENT_HEX,
            "--allow-insecure-simulation");
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("--simulation-public-key"), r.err());
  }

  @Test
  void tlsKeyStoreWithoutPasswordOrClientCa_isAUsageError() throws Exception {
    CommandRun r =
        run(
            "keybroker",
            "serve",
            "--dir",
            dir.toString(),
            "--allow-mrenclave",
            MEASUREMENT_HEX,
            "--tls-keystore",
            dir.resolve("k.p12").toString());
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    Path pw = dir.resolve("tls.pass");
    Files.writeString(pw, "x\n");
    Files.setPosixFilePermissions(
        pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    CommandRun noCa =
        run(
            "keybroker",
            "serve",
            "--dir",
            dir.toString(),
            "--allow-mrenclave",
            MEASUREMENT_HEX,
            "--tls-keystore",
            dir.resolve("k.p12").toString(),
            "--tls-password-file",
            pw.toString());
    assertEquals(CommandLine.ExitCode.USAGE, noCa.code());
    assertTrue(noCa.err().contains("--tls-client-ca"), noCa.err());
  }

  @Test
  void plainHttpBeyondLoopback_isAUsageError_namingTheTlsOptions() {
    CommandRun r =
        run(
            "keybroker",
            "serve",
            "--dir",
            dir.toString(),
            "--allow-mrenclave",
            MEASUREMENT_HEX,
            "--bind",
            "0.0.0.0",
            "--port",
            "0");
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("--tls-client-ca"), r.err());
  }

  @Test
  void badLimits_areUsageErrors() {
    assertEquals(
        CommandLine.ExitCode.USAGE,
        run(
                "keybroker",
                "serve",
                "--dir",
                dir.toString(),
                "--allow-mrenclave",
                MEASUREMENT_HEX,
                "--nonces-per-client",
                "0")
            .code());
    assertEquals(
        CommandLine.ExitCode.USAGE,
        run(
                "keybroker",
                "serve",
                "--dir",
                dir.toString(),
                "--allow-mrenclave",
                MEASUREMENT_HEX,
                "--max-patients-per-request",
                "20000")
            .code());
  }

  @Test
  void verificationKey_printsTheLineEnclavesPin_andKeepsItAcrossCalls() throws Exception {
    Path keys = dir.resolve("keys");
    assertEquals(0, run("keys", "init", "--dir", keys.toString()).code());
    CommandRun first = run("keybroker", "verification-key", "--dir", keys.toString());
    assertEquals(0, first.code(), first.err());
    KeyBrokerVerificationKey k = KeyBrokerVerificationKey.fromText(first.out());
    assertEquals(k, KeyDirectory.at(keys).readVerificationKey());
    assertEquals(first.out(), run("keybroker", "verification-key", "--dir", keys.toString()).out());
    assertTrue(first.err().contains(k.shortFingerprint()), first.err());
  }

  private static final String TLS_PASSWORD = "tls-store-pass-9f3c";

  /** A PKCS#12 key store made by the JDK's keytool, protected by {@link #TLS_PASSWORD}. */
  private Path tlsKeyStore() throws Exception {
    Path ks = dir.resolve("broker.p12");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keystore",
                ks.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                TLS_PASSWORD,
                "-alias",
                "broker",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-validity",
                "2")
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), log);
    return ks;
  }

  /** A PEM certificate to trust as the hosts' CA (the broker's own, exported by keytool). */
  private Path hostCaPem(Path keyStore) throws Exception {
    Path pem = dir.resolve("host-ca.pem");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-exportcert",
                "-rfc",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                TLS_PASSWORD,
                "-alias",
                "broker",
                "-file",
                pem.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), log);
    return pem;
  }

  /** Starts serve over TLS with the given password options, returns its URL, then stops it. */
  private String serveTls(
      java.util.function.Function<String, String> environment, String... passwordArgs)
      throws Exception {
    Path keys = dir.resolve("keys");
    assertEquals(0, run("keys", "init", "--dir", keys.toString()).code());
    KeyBrokerCommand.Serve serve = new KeyBrokerCommand.Serve();
    serve.environment = environment;
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> cls) throws Exception {
            return cls == KeyBrokerCommand.Serve.class
                ? cls.cast(serve)
                : CommandLine.defaultFactory().create(cls);
          }
        };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new TrustbeatCommand(), factory);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    Path keyStore = tlsKeyStore();
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "keybroker",
                "serve",
                "--dir",
                keys.toString(),
                "--port",
                "0",
                "--allow-mrenclave",
                MEASUREMENT_HEX,
                "--tls-keystore",
                keyStore.toString(),
                "--tls-client-ca",
                hostCaPem(keyStore).toString()));
    args.addAll(List.of(passwordArgs));
    AtomicInteger exit = new AtomicInteger(-1);
    Thread serving =
        new Thread(() -> exit.set(cl.execute(args.toArray(String[]::new))), "serve-tls");
    serving.start();
    try {
      return awaitUrl(out, err, serving).toString();
    } finally {
      serve.stop.countDown();
      serving.join();
      assertFalse((out + err.toString()).contains(TLS_PASSWORD), "the password was printed");
    }
  }

  /** Finding 11: a password on the command line is readable by every local user (ps). */
  @Test
  void tlsPasswordOnTheCommandLine_isRefused_namingTheFileAndEnvironmentOptions() {
    CommandRun r =
        run(
            "keybroker",
            "serve",
            "--dir",
            dir.toString(),
            "--allow-mrenclave",
            MEASUREMENT_HEX,
            "--tls-keystore",
            dir.resolve("k.p12").toString(),
            "--tls-password",
            TLS_PASSWORD);
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(
        r.err().contains("--tls-password-file") && r.err().contains("--tls-password-env"), r.err());
    assertFalse(r.err().contains(TLS_PASSWORD), r.err());
    assertFalse(
        run("keybroker", "serve", "--help").out().contains("--tls-password "),
        "the refused option is not offered in the help");
  }

  @Test
  void tlsPasswordFromAFile_servesHttps() throws Exception {
    Path pw = dir.resolve("tls.pass");
    Files.writeString(pw, TLS_PASSWORD + "\n");
    Files.setPosixFilePermissions(
        pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertTrue(serveTls(name -> null, "--tls-password-file", pw.toString()).startsWith("https://"));
  }

  @Test
  void tlsPasswordFromTheEnvironment_servesHttps() throws Exception {
    Map<String, String> env = Map.of("TB_TLS_PASSWORD", TLS_PASSWORD);
    assertTrue(serveTls(env::get, "--tls-password-env", "TB_TLS_PASSWORD").startsWith("https://"));
  }

  @Test
  void tlsPasswordFileOthersMayRead_isRefused_namingChmod600() throws Exception {
    Path pw = dir.resolve("tls.pass");
    Files.writeString(pw, TLS_PASSWORD);
    Files.setPosixFilePermissions(
        pw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    CommandRun r =
        run(
            "keybroker",
            "serve",
            "--dir",
            dir.toString(),
            "--allow-mrenclave",
            MEASUREMENT_HEX,
            "--tls-keystore",
            dir.resolve("k.p12").toString(),
            "--tls-password-file",
            pw.toString());
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("chmod 600 " + pw), r.err());
    assertFalse(r.err().contains(TLS_PASSWORD), r.err());
  }

  @Test
  void tlsPasswordEnvironmentVariableUnset_isAUsageError() {
    CommandRun r =
        run(
            "keybroker",
            "serve",
            "--dir",
            dir.toString(),
            "--allow-mrenclave",
            MEASUREMENT_HEX,
            "--tls-keystore",
            dir.resolve("k.p12").toString(),
            "--tls-password-env",
            "TRUSTBEAT_SURELY_UNSET_VARIABLE_42");
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("unset or empty"), r.err());
  }

  @Test
  void serveWithoutKeyStore_failsSayingToRunKeysInit() {
    CommandRun r =
        run(
            "keybroker",
            "serve",
            "--dir",
            dir.resolve("none").toString(),
            "--port",
            "0",
            "--allow-mrenclave",
            MEASUREMENT_HEX);
    assertEquals(1, r.code());
    assertTrue(r.err().contains("keys init"), r.err());
    assertFalse(r.out().contains("listening"), r.out());
  }

  @Test
  void unknownTcbStatus_isAUsageError_listingTheKnownOnes() {
    CommandRun r =
        run(
            "keybroker",
            "serve",
            "--dir",
            dir.toString(),
            "--allow-mrenclave",
            MEASUREMENT_HEX,
            "--accept-tcb-status",
            "Fine");
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(
        r.err().contains("--accept-tcb-status") && r.err().contains("SWHardeningNeeded"), r.err());
  }

  @Test
  void acceptingRevokedTcb_isAUsageError() {
    CommandRun r =
        run(
            "keybroker",
            "serve",
            "--dir",
            dir.toString(),
            "--allow-mrenclave",
            MEASUREMENT_HEX,
            "--accept-tcb-status",
            "Revoked");
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
  }

  @Test
  void malformedCollateral_isAUsageError() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.json"), "[]");
    CommandRun r =
        run(
            "keybroker",
            "serve",
            "--dir",
            dir.toString(),
            "--allow-mrenclave",
            MEASUREMENT_HEX,
            "--collateral",
            garbage.toString());
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("COLLATERAL_MALFORMED"), r.err());
  }

  @Test
  void crlWithoutCollateral_isAUsageError() {
    CommandRun r =
        run(
            "keybroker",
            "serve",
            "--dir",
            dir.toString(),
            "--allow-mrenclave",
            MEASUREMENT_HEX,
            "--crl",
            VerifyQuoteCommandTest.sgx("root_crl.der").toString());
    assertEquals(CommandLine.ExitCode.USAGE, r.code());
    assertTrue(r.err().contains("--collateral"), r.err());
  }

  @Test
  void keybrokerWithoutSubcommand_isAUsageError() {
    assertEquals(CommandLine.ExitCode.USAGE, run("keybroker").code());
  }
}
