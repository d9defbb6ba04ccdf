package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Help and errors of every command, as a newcomer meets them. */
class TrustbeatCommandTest {
  /** Every command and subcommand, as the words to type before --help. */
  private static List<List<String>> allCommands() {
    List<List<String>> out = new ArrayList<>();
    collect(TrustbeatCommand.commandLine(), new ArrayList<>(), out);
    return out;
  }

  private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
    out.add(List.copyOf(path));
    for (CommandLine sub : cl.getSubcommands().values()) {
      List<String> p = new ArrayList<>(path);
      p.add(sub.getCommandName());
      collect(sub, p, out);
    }
  }

  private static CommandLine find(List<String> path) {
    CommandLine cl = TrustbeatCommand.commandLine();
    for (String name : path) {
      cl = cl.getSubcommands().get(name);
    }
    return cl;
  }

  @Test
  void everyCommandsHelp_hasAOneLinePurpose_anExample_andItsDefaults() {
    List<List<String>> commands = allCommands();
    assertTrue(commands.size() >= 15, "commands found: " + commands);
    for (List<String> path : commands) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      CommandRun r = CommandRun.run(args.toArray(String[]::new));
      String name = "trustbeat " + String.join(" ", path);
      assertEquals(0, r.code(), name);
      String[] description = find(path).getCommandSpec().usageMessage().description();
      assertTrue(
          description.length > 0 && !description[0].isBlank() && description[0].length() <= 100,
          name + ": a one-line purpose first");
      assertTrue(r.out().contains("Example"), name + " --help shows an example:\n" + r.out());
      for (OptionSpec o : find(path).getCommandSpec().options()) {
        if (o.defaultValue() != null && !o.hidden() && !o.usageHelp() && !o.versionHelp()) {
          assertTrue(
              String.join(" ", o.description()).contains("${DEFAULT-VALUE}")
                  || String.join(" ", o.description()).contains(o.defaultValue()),
              name + " " + o.longestName() + " states its default");
        }
      }
    }
  }

  @Test
  void unknownOption_isOneProblem_thenOneLineNamingTheFix() {
    CommandRun r = CommandRun.run("hrv", "x.txt", "--windw", "60");
    assertEquals(2, r.code());
    List<String> lines = r.err().lines().toList();
    assertTrue(
        lines.get(0).startsWith("trustbeat hrv: Unknown option")
            && lines.get(0).contains("'--windw'"),
        r.err());
    assertTrue(r.err().contains("--window"), "suggests the option meant: " + r.err());
    assertEquals(
        "run 'trustbeat hrv --help' for the options, their defaults and an example",
        lines.get(lines.size() - 1));
    assertFalse(r.err().contains("Usage:"), "no usage dump: " + r.err());
  }

  @Test
  void unexpectedFailure_isOneLine_andTheTraceGoesToTheLogFile(@TempDir Path dir) throws Exception {
    // A measurements.csv that is not one: the report cannot be rebuilt.
    Files.writeString(dir.resolve("measurements.csv"), "not a bench file\n");
    CommandRun r = CommandRun.run("bench", "--report-only", "--out", dir.toString());
    assertEquals(1, r.code(), r.err());
    List<String> lines = r.err().lines().toList();
    assertEquals(2, lines.size(), r.err());
    assertTrue(lines.get(0).startsWith("trustbeat bench: "), r.err());
    String last = lines.get(1);
    assertTrue(last.startsWith("the stack trace is in "), last);
    Path log = Path.of(last.substring("the stack trace is in ".length(), last.indexOf(';')));
    String logged = Files.readString(log);
    assertTrue(logged.contains("trustbeat bench failed") && logged.contains("\tat "), logged);
  }
}
