package org.trustbeat.app;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.trustbeat.app.console.Logs;
import org.trustbeat.bench.pipeline.ProbeMain;

/**
 * The JVM of one {@code trustbeat bench} capacity probe: {@code BenchProbeMain DIR LOG}. Logs to
 * the bench's own log file {@code LOG} (appended to, with the same format), its console warnings
 * and progress go to the bench, which shows them; then {@link ProbeMain#run}.
 */
public final class BenchProbeMain {
  private BenchProbeMain() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: BenchProbeMain DIR LOG (started by trustbeat bench, not by hand)");
      System.exit(2);
    }
    Logs.start(Path.of(args[1]), new PrintWriter(System.err, true, StandardCharsets.UTF_8), false);
    System.exit(ProbeMain.run(Path.of(args[0])));
  }
}
