package org.trustbeat.app;

import java.io.PrintWriter;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.trustbeat.app.console.Logs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** The top-level {@code trustbeat} command; it only dispatches to its subcommands. */
@Command(
    name = "trustbeat",
    mixinStandardHelpOptions = true,
    version = "trustbeat 0.1.0",
    description = "Secure stream processing of heart-rate data in trusted execution environments.",
    footer = {
      "",
      "Example: trustbeat demo   (the whole system on this machine, 2 minutes)",
      "Run 'trustbeat COMMAND --help' for a command's options, defaults and an example."
    },
    subcommands = {
      DemoCommand.class,
      HrvCommand.class,
      VerifyQuoteCommand.class,
      MicrobenchCommand.class,
      KeysCommand.class,
      PatientsCommand.class,
      KeyBrokerCommand.class,
      BenchCommand.class,
      DashboardCommand.class,
      InitCommand.class,
      ConfigCommand.class,
      ServerCommand.class,
      GatewayCommand.class,
      ResultsCommand.class
    })
public final class TrustbeatCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'hrv FILE'");
  }

  /** A command line with this project's conventions, for {@link Main} and the tests. */
  public static CommandLine commandLine() {
    CommandLine cl =
        new CommandLine(new TrustbeatCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionStrategy(TrustbeatCommand::execute);
    cl.setExecutionExceptionHandler(TrustbeatCommand::failed);
    cl.setParameterExceptionHandler(TrustbeatCommand::badUsage);
    return cl;
  }

  /** Sets the command's logging up (console and its log file), then runs it. */
  private static int execute(ParseResult parsed) {
    List<CommandLine> chain = parsed.asCommandLineList();
    CommandLine leaf = chain.get(chain.size() - 1);
    ParseResult leafParsed = parsed;
    while (leafParsed.hasSubcommand()) {
      leafParsed = leafParsed.subcommand();
    }
    Logs.start(
        Logs.defaultFile(chain.size() > 1 ? chain.get(1).getCommandName() : "trustbeat"),
        leaf.getErr(),
        leafParsed.hasMatchedOption("--verbose"));
    return new CommandLine.RunLast().execute(parsed);
  }

  /**
   * A failure the command did not turn into its own message: one line saying what failed, one
   * naming where the trace is, never the trace itself on the console.
   */
  private static int failed(Exception e, CommandLine cmd, ParseResult parsed) {
    String name = cmd.getCommandSpec().qualifiedName();
    LoggerFactory.getLogger(Logs.FAILURE_LOGGER).error(name + " failed", e);
    PrintWriter err = cmd.getErr();
    err.println(name + ": " + oneLine(e));
    err.println(
        "the stack trace is in "
            + Logs.file()
            + "; fix the cause named above, or report"
            + " it with that file");
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  /** Wrong options or arguments: the problem, then where the right ones are, no usage dump. */
  private static int badUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String name = cmd.getCommandSpec().qualifiedName();
    PrintWriter err = cmd.getErr();
    err.println(name + ": " + e.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.println("run '" + name + " --help' for the options, their defaults and an example");
    err.flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** The first line of the innermost message: what went wrong, without the wrapping layers. */
  static String oneLine(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null
        && t.getCause() != t
        && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) {
      t = t.getCause();
    }
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
