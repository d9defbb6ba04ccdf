package org.trustbeat.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code trustbeat microbench}: the JMH benchmarks of the hot parts, with JMH's own options. */
@Command(
    name = "microbench",
    mixinStandardHelpOptions = true,
    footer = {"", "Example:", "  trustbeat microbench --list"},
    description = {
      "Runs the JMH microbenchmarks (HRV engine, and later seal/open and enclave crossing).",
      "Arguments are passed to JMH: a benchmark regex, -rf csv -rff out.csv, -f, -wi, -i ..."
    })
public final class MicrobenchCommand implements Callable<Integer> {
  @Option(names = "--list", description = "List the benchmarks and exit.")
  boolean list;

  @Unmatched List<String> jmhArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>(jmhArgs);
    if (list) {
      args.add("-l");
    }
    // JMH's Main parses its own arguments and exits the JVM; run() returns only on success.
    org.openjdk.jmh.Main.main(args.toArray(new String[0]));
    return 0;
  }
}
