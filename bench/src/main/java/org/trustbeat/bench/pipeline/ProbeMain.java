package org.trustbeat.bench.pipeline;

import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The JVM of one capacity probe ({@link ProbeProcess}): {@code ProbeMain DIR}. Prints progress to
 * standard output and exits 0 once the outcome is in {@code DIR}, 1 with the reason on standard
 * error otherwise. The command line starts its own main with its logging set up, then calls {@link
 * #run}.
 */
public final class ProbeMain {
  private ProbeMain() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: ProbeMain DIR (a directory the bench prepared for one probe)");
      System.exit(2);
    }
    System.exit(run(Path.of(args[0])));
  }

  /** Runs the probe prepared in {@code dir}; the exit code for the probe's JVM. */
  public static int run(Path dir) {
    try {
      ProbeProcess.runHere(dir, line -> System.out.println(line));
      System.out.flush();
      return 0;
    } catch (Exception e) {
      LoggerFactory.getLogger(ProbeMain.class).error("capacity probe failed", e);
      // One line, the causes' messages in order: the bench quotes it in its own error.
      StringBuilder why = new StringBuilder("probe failed: ").append(e);
      for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
        why.append("; caused by ").append(c);
      }
      System.err.println(why);
      System.err.flush();
      return 1;
    }
  }
}
