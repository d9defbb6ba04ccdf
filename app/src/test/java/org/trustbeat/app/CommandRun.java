package org.trustbeat.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * One run of the {@code trustbeat} command line in this JVM: exit code, output and errors. Every
 * run is checked for what must never reach a user's console ({@link ConsoleHygiene}): a stack trace
 * or a log record fails the test that ran the command.
 */
record CommandRun(int code, String out, String err) {
  static CommandRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = TrustbeatCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    CommandRun run = new CommandRun(code, out.toString(), err.toString());
    List<String> problems = ConsoleHygiene.problems(run.out() + "\n" + run.err());
    if (!problems.isEmpty()) {
      throw new AssertionError(
          "trustbeat "
              + String.join(" ", args)
              + " printed what a console must never show:\n"
              + String.join("\n", problems)
              + "\n--- out ---\n"
              + run.out()
              + "\n--- err ---\n"
              + run.err());
    }
    return run;
  }
}
