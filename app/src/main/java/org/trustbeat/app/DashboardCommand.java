package org.trustbeat.app;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.trustbeat.app.config.ConfigException;
import org.trustbeat.app.config.DeploymentConfig;
import org.trustbeat.clinic.AlertRules;
import org.trustbeat.clinic.ClinicIngest;
import org.trustbeat.clinic.ResultStore;
import org.trustbeat.clinic.StoreLocation;
import org.trustbeat.clinic.dashboard.DashboardConfig;
import org.trustbeat.clinic.dashboard.DashboardServer;
import org.trustbeat.clinic.dashboard.PasswordHash;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dashboard}: the clinician's web dashboard over the clinic's result store, on 127.0.0.1.
 * Exit 0 when stopped, 1 if the store cannot be opened, 2 on a usage error.
 */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the clinician's dashboard (patients, HRV trends, alerts) on 127.0.0.1.",
      "--config is the deployment's configuration (trustbeat init DIR writes"
          + " DIR/trustbeat.toml); it needs [store] (url, user, password_file) and [dashboard]"
          + " (password_hash, bind, port, session_minutes), [alerts] is optional.",
      "Make the password_hash line with --hash-password."
    },
    footer = {
      "",
      "Example:",
      "  trustbeat dashboard --config DIR/trustbeat.toml   # password:"
          + " DIR/clinic/dashboard.password"
    })
public final class DashboardCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The deployment's configuration (DIR/trustbeat.toml).")
  Path config;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "Port (overrides [dashboard] port;" + " 0: any free port).")
  Integer port;

  @Option(
      names = "--db",
      paramLabel = "URL",
      description =
          "Store JDBC URL (overrides [store]"
              + " url), e.g. jdbc:sqlite:clinic.db or jdbc:postgresql://127.0.0.1:5432/clinic.")
  String db;

  @Option(names = "--db-user", paramLabel = "USER", description = "Database user for --db.")
  String dbUser;

  @Option(
      names = "--db-password-file",
      paramLabel = "F",
      description = "File (mode 600) whose first line is the database password for --db.")
  Path dbPasswordFile;

  @Option(
      names = "--hash-password",
      description =
          "Print the [dashboard] password_hash line for"
              + " a new password (from --password-file, --password-env or the console) and exit.")
  boolean hashPassword;

  @Option(
      names = "--password-file",
      paramLabel = "F",
      description = "With --hash-password: a file (mode 600) whose first line is the password.")
  Path passwordFile;

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      description = "With --hash-password: an environment variable holding the password.")
  String passwordEnv;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (hashPassword) {
      char[] password = newPassword();
      try {
        out.println("password_hash = \"" + PasswordHash.create(password).toText() + "\"");
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      } finally {
        Arrays.fill(password, '\0');
      }
      out.flush();
      return 0;
    }
    if (config == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--config FILE is missing;"
              + " name the deployment's configuration (trustbeat init DIR writes DIR/trustbeat.toml)");
    }
    DashboardConfig dashboard;
    AlertRules rules;
    StoreLocation location;
    try {
      DeploymentConfig deployment = DeploymentConfig.load(config);
      dashboard =
          deployment
              .dashboard()
              .orElseThrow(
                  () ->
                      new ConfigException(
                          config
                              + ": [dashboard]: missing table; add it with password_hash (see trustbeat dashboard"
                              + " --help; trustbeat init writes one)"))
              .settings();
      if (port != null) {
        dashboard = dashboard.withPort(port);
      }
      rules = deployment.alerts();
      if (db != null) {
        location =
            StoreLocation.of(
                db,
                dbUser,
                dbPasswordFile == null
                    ? null
                    : new String(
                        SecretInput.read(
                            spec, dbPasswordFile, "--db-password-file", null, "", System::getenv)));
      } else {
        location =
            deployment
                .store()
                .orElseThrow(
                    () ->
                        new ConfigException(
                            config
                                + ": [store]: missing table; add it, e.g. url = \"jdbc:sqlite:clinic/results.db\","
                                + " or pass --db URL"))
                .location();
      }
    } catch (ConfigException e) {
      spec.commandLine().getErr().println("trustbeat dashboard: " + e.getMessage());
      return DeploymentCommand.CONFIG_ERROR;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    ResultStore store;
    try {
      store = ResultStore.open(location);
    } catch (IllegalStateException e) {
      spec.commandLine().getErr().println("dashboard: " + e.getMessage());
      return 1;
    }
    CountDownLatch stop = new CountDownLatch(1);
    try (store;
        DashboardServer server =
            DashboardServer.start(
                store,
                dashboard,
                new ClinicIngest(store, rules, Clock.systemUTC()),
                Duration.ofSeconds(10))) {
      out.println(
          "dashboard: http://"
              + dashboard.bind().getHostAddress()
              + ":"
              + server.port()
              + "/ (store "
              + location.url()
              + "); Ctrl-C stops it");
      out.flush();
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "dashboard-stop"));
      stop.await();
    }
    return 0;
  }

  private char[] newPassword() {
    char[] p =
        SecretInput.read(
            spec, passwordFile, "--password-file", passwordEnv, "--password-env", System::getenv);
    if (p != null) {
      return p;
    }
    Console console = System.console();
    if (console == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--hash-password needs the"
              + " password: run it in a terminal, or pass --password-file F or --password-env VAR");
    }
    char[] a = console.readPassword("New dashboard password: ");
    char[] b = console.readPassword("Again: ");
    if (a == null || !Arrays.equals(a, b)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "the two passwords differ; run --hash-password again");
    }
    return a;
  }
}
