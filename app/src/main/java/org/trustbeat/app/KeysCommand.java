package org.trustbeat.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.Callable;
import org.trustbeat.keybroker.InsecureFileMasterKey;
import org.trustbeat.keybroker.KeyDirectory;
import org.trustbeat.keybroker.PatientKeyStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keys}: the key store's master key. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    footer = {"", "Example:", "  trustbeat keys init --dir .trustbeat/keys"},
    description = "Create the key broker's key store and master key.",
    subcommands = {KeysCommand.Init.class})
public final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: keys init");
  }

  /**
   * {@code keys init}: a new master key (mode 0600) and an empty patient store. Exit 0 created, 1 a
   * store exists (and {@code --force} was not given) or cannot be written, 2 bad arguments.
   */
  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      footer = {"", "Example:", "  trustbeat keys init --dir .trustbeat/keys"},
      description = "Create the master key and an empty patient key store in DIR.")
  static final class Init implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        defaultValue = ".trustbeat/keys",
        description =
            "Key directory (default: ${DEFAULT-VALUE}, relative to the working directory).")
    Path dir;

    @Option(
        names = "--force",
        description =
            "Replace an existing master key and DESTROY the patient keys stored under it.")
    boolean force;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      KeyDirectory layout = KeyDirectory.at(dir);
      boolean exists = Files.exists(layout.masterKeyFile());
      if (exists && !force) {
        err.println(
            dir
                + " already holds a key store ("
                + layout.masterKeyFile().getFileName()
                + "); keeping it. Replacing the master key makes every stored patient key unreadable;"
                + " if that is what you want, add --force");
        return 1;
      }
      try {
        int destroyed = 0;
        if (exists) {
          InsecureFileMasterKey.insecureReplace(layout.masterKeyFile());
          destroyed = deletePatientKeys(layout.patientsDirectory());
          // Encrypted under the old master key: unreadable now, so a new one is made below.
          Files.deleteIfExists(layout.signingKeyFile());
        } else {
          InsecureFileMasterKey.create(layout.masterKeyFile());
        }
        com.google.crypto.tink.Aead master = InsecureFileMasterKey.load(layout.masterKeyFile());
        PatientKeyStore.open(layout.patientsDirectory(), master);
        String fingerprint =
            layout.loadOrCreateSigningKey(master).verificationKey().shortFingerprint();
        out.println(
            "created key store "
                + dir
                + ": master key "
                + layout.masterKeyFile()
                + " (mode 0600), patient keys in "
                + layout.patientsDirectory());
        out.println(
            "release signing key "
                + layout.signingKeyFile()
                + "; enclaves pin its"
                + " verification key "
                + fingerprint
                + " from "
                + layout.verificationKeyFile());
        if (exists) {
          out.println(
              "replaced the old master key and destroyed the keys of "
                  + destroyed
                  + " patient(s); data sealed under them opens only with keys exported to the edge");
        }
        err.println(
            "warning: the master key is stored in clear on this disk, protected only by"
                + " its file mode; in production keep it in a KMS or HSM");
        out.flush();
        err.flush();
        return CommandLine.ExitCode.OK;
      } catch (IOException | GeneralSecurityException e) {
        err.println("cannot create the key store in " + dir + ": " + e.getMessage());
        return 1;
      }
    }

    private static int deletePatientKeys(Path patients) throws IOException {
      if (!Files.isDirectory(patients)) {
        return 0;
      }
      int n = 0;
      try (DirectoryStream<Path> files = Files.newDirectoryStream(patients, "*.keys")) {
        for (Path f : files) {
          Files.delete(f);
          n++;
        }
      }
      return n;
    }
  }
}
