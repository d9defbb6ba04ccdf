package org.trustbeat.app;

/** Entry point of the {@code trustbeat} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(TrustbeatCommand.commandLine().execute(args));
  }
}
