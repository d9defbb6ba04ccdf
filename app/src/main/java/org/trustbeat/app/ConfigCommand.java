package org.trustbeat.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.trustbeat.app.config.ConfigException;
import org.trustbeat.app.config.DeploymentConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trustbeat config check FILE}: validates a deployment configuration. */
@Command(
    name = "config",
    footer = {"", "Example:", "  trustbeat config check dep/trustbeat.toml"},
    mixinStandardHelpOptions = true,
    description = "Work with a deployment configuration.",
    subcommands = {ConfigCommand.Check.class})
public final class ConfigCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: config check FILE");
  }

  /** Exit 0 valid, 2 not (one line naming file, key and fix). */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      footer = {"", "Example:", "  trustbeat config check dep/trustbeat.toml"},
      description = {
        "Checks a deployment configuration without starting anything.",
        "TOML syntax, version, tables, keys, types and values; unknown keys are errors.",
        "Does not open the secret files it names."
      })
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
      try {
        DeploymentConfig c = DeploymentConfig.load(file);
        spec.commandLine()
            .getOut()
            .println(
                file
                    + ": valid (version "
                    + DeploymentConfig.VERSION
                    + "; "
                    + c.job().mode().label()
                    + ", "
                    + c.job().analysis().jobName()
                    + " on "
                    + c.job().windowSeconds()
                    + "-s windows, broker "
                    + c.broker().url()
                    + ", key broker "
                    + c.keyBroker().url()
                    + ", Spark "
                    + c.spark().master()
                    + c.store().map(st -> ", store " + st.url()).orElse("")
                    + c.dashboard()
                        .map(
                            db ->
                                ", dashboard http://"
                                    + db.settings().bind().getHostAddress()
                                    + ":"
                                    + db.settings().port()
                                    + "/")
                        .orElse("")
                    + ")");
        return 0;
      } catch (ConfigException e) {
        spec.commandLine().getErr().println("trustbeat config check: " + e.getMessage());
        return DeploymentCommand.CONFIG_ERROR;
      }
    }
  }
}
