package org.trustbeat.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code trustbeat} command; it only dispatches to its subcommands. */
@Command(
    name = "trustbeat",
    mixinStandardHelpOptions = true,
    version = "trustbeat 0.1.0",
    description = "Secure stream processing of heart-rate data in trusted execution environments.",
    subcommands = {DemoCommand.class, HrvCommand.class, VerifyQuoteCommand.class, MicrobenchCommand.class,
        KeysCommand.class, PatientsCommand.class, KeyBrokerCommand.class, BenchCommand.class,
        DashboardCommand.class, InitCommand.class, ConfigCommand.class, ServerCommand.class,
        GatewayCommand.class, ResultsCommand.class})
public final class TrustbeatCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'hrv FILE'");
  }

  /** A command line with this project's conventions, for {@link Main} and the tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new TrustbeatCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
