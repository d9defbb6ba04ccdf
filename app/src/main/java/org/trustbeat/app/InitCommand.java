package org.trustbeat.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.hrv.HrvJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code trustbeat init DIR}: a ready-to-run local deployment (see {@link DeploymentFiles} for what
 * it writes). Exit 0 done, 1 a file could not be written or Mosquitto is missing, 2 bad arguments
 * (e.g. DIR not empty).
 */
@Command(
    name = "init",
    footer = {
      "",
      "Example:",
      "  trustbeat init dep --patients 2   # then: trustbeat config check dep/trustbeat.toml"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Creates a ready-to-run local deployment in DIR.",
      "Writes the configuration (trustbeat.toml), master key and patient keys, each patient's",
      "gateway key file and broker logins, TLS material for the MQTT broker and the key broker,",
      "a Mosquitto configuration (mosquitto -c DIR/broker/mosquitto.conf), and the clinic's",
      "result store, dashboard (password in DIR/clinic/dashboard.password) and alert rules.",
      "DIR/README says",
      "which machine may hold each file. Prints the patient ids."
    })
public final class InitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "A new or empty directory.")
  Path dir;

  @Option(
      names = "--patients",
      defaultValue = "2",
      paramLabel = "N",
      description = "Patients to create (default: ${DEFAULT-VALUE}).")
  int patients;

  @Option(
      names = "--mode",
      defaultValue = "sealed-process",
      converter = OptionTypes.Mode.class,
      description =
          "sealed-process, sealed-inprocess (both SIMULATION attestation) or sgx"
              + " (default: ${DEFAULT-VALUE}).")
  HostKind kind;

  @Option(
      names = "--analysis",
      defaultValue = "hrv",
      converter = OptionTypes.Job.class,
      description = "hrv, hrv-bands or sdnn (default: ${DEFAULT-VALUE}).")
  HrvJob job;

  @Option(
      names = "--window",
      defaultValue = "300",
      paramLabel = "SECONDS",
      description = "Analysis window (default: ${DEFAULT-VALUE}).")
  long window;

  @Option(
      names = "--broker-port",
      defaultValue = "8883",
      paramLabel = "PORT",
      description = "Mosquitto's TLS port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int brokerPort;

  @Option(
      names = "--keybroker-port",
      defaultValue = "7788",
      paramLabel = "PORT",
      description = "The key broker's HTTPS port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int keyBrokerPort;

  @Option(
      names = "--dashboard-port",
      defaultValue = "8480",
      paramLabel = "PORT",
      description =
          "The clinician's dashboard's HTTP port on 127.0.0.1 (default:" + " ${DEFAULT-VALUE}).")
  int dashboardPort;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (kind == HostKind.PLAIN) {
      throw usage(
          "--mode plain sends clear data through the host; use sealed-process,"
              + " sealed-inprocess or sgx");
    }
    if (job == HrvJob.IDENTITY) {
      throw usage(
          "--analysis identity returns raw samples to the host's outputs; use hrv,"
              + " hrv-bands or sdnn");
    }
    if (patients < 1 || patients > 1000) {
      throw usage("--patients must be 1..1000, got " + patients);
    }
    if (window < 30 || window > 86_400) {
      throw usage("--window must be 30..86400 seconds, got " + window);
    }
    for (int port : List.of(brokerPort, keyBrokerPort, dashboardPort)) {
      if (port < 1 || port > 65535) {
        throw usage("ports must be 1..65535, got " + port);
      }
    }
    if (brokerPort == keyBrokerPort
        || dashboardPort == brokerPort
        || dashboardPort == keyBrokerPort) {
      throw usage("--broker-port, --keybroker-port and --dashboard-port must differ");
    }
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw usage(
              dir
                  + " is not empty; pass a new or empty directory (init never overwrites"
                  + " keys)");
        }
      } catch (IOException e) {
        throw usage(dir + " cannot be read; pass a new or empty directory");
      }
    }
    try {
      DeploymentFiles.Made made =
          DeploymentFiles.builder()
              .dir(dir)
              .kind(kind)
              .job(job)
              .windowSeconds(window)
              .patients(patients)
              .brokerPort(brokerPort)
              .keyBrokerPort(keyBrokerPort)
              .dashboardPort(dashboardPort)
              .write();
      String label =
          kind == HostKind.SGX
              ? "[sgx, SGX_DCAP attestation]"
              : "[" + kind.label() + ", SIMULATION attestation: no hardware protection]";
      out.println("TrustBeat deployment " + label + " in " + dir.toAbsolutePath());
      out.println("configuration " + made.config() + "; who may hold each file: " + made.readme());
      if (made.measurement() != null) {
        out.println(
            "key broker admits enclave code "
                + HexFormat.of().formatHex(made.measurement())
                + " (this build); rebuild -> run init again or update allow_mrenclave");
      } else {
        out.println(
            "sgx: set [keybroker] allow_mrenclave to your signed enclave's MRENCLAVE and"
                + " collateral to Intel's collateral before starting the key broker");
      }
      out.println("patients:");
      for (String p : made.patients()) {
        out.println("  " + p);
      }
      out.println(
          "next: mosquitto -c "
              + made.mosquittoConfig()
              + "; then, each in its own"
              + " terminal: keybroker serve, server, gateway, results --config "
              + made.config()
              + " (README.md, section Deploy); the clinic: dashboard --config "
              + made.config()
              + ", password in "
              + made.config().resolveSibling("clinic/dashboard.password"));
      out.flush();
      return CommandLine.ExitCode.OK;
    } catch (IllegalStateException e) {
      err.println("trustbeat init: " + e.getMessage());
      return 1;
    } catch (IOException | GeneralSecurityException e) {
      err.println(
          "trustbeat init: "
              + DeploymentCommand.oneLine(e.getMessage())
              + "; nothing in "
              + dir
              + " is usable, remove it and run init again");
      return 1;
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
