package org.trustbeat.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.trustbeat.keybroker.InsecureFileMasterKey;
import org.trustbeat.keybroker.KeyDirectory;
import org.trustbeat.keybroker.PatientKeyStore;
import org.trustbeat.keybroker.PatientRecord;
import org.trustbeat.protocol.Pseudonym;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patients}: add, list, rotate and export patient keys. Output shows pseudonyms, key ids and
 * times, never keys. Exit 0 done, 1 a patient or the store failed (the others are still done), 2
 * bad arguments.
 */
@Command(
    name = "patients",
    mixinStandardHelpOptions = true,
    description = "Manage patients' keys in the key store.",
    subcommands = {PatientsCommand.Add.class, PatientsCommand.ListPatients.class,
        PatientsCommand.Rotate.class, PatientsCommand.ExportEdgeKeys.class})
public final class PatientsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "name a subcommand: add, list, rotate or export-edge-keys");
  }

  /** Options and store access shared by the subcommands. */
  abstract static class StoreCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = ".trustbeat/keys",
        description = "Key directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    PatientKeyStore openStore() throws IOException, GeneralSecurityException {
      KeyDirectory layout = KeyDirectory.at(dir);
      return PatientKeyStore.open(layout.patientsDirectory(),
          InsecureFileMasterKey.load(layout.masterKeyFile()));
    }

    /** Refuses invalid pseudonyms up front, so nothing is half done. */
    void checkPseudonyms(List<String> ids) {
      for (String id : ids) {
        try {
          Pseudonym.check(id);
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), "'" + id + "': " + e.getMessage());
        }
      }
    }

    @Override
    public final Integer call() {
      validate();
      try {
        int code = run(openStore());
        out().flush();
        err().flush();
        return code;
      } catch (IOException | GeneralSecurityException e) {
        err().println(e.getMessage());
        err().flush();
        return 1;
      }
    }

    /** Argument checks that need no store; throws {@link CommandLine.ParameterException}. */
    void validate() {}

    abstract int run(PatientKeyStore store) throws IOException, GeneralSecurityException;

    /** One store operation per patient: a failure is reported and the others still run. */
    interface PatientOperation {
      String apply(String id) throws IOException, GeneralSecurityException;
    }

    /** Runs {@code op} for every id, printing its line or why it failed; exit 1 if any failed. */
    int forEachPatient(List<String> ids, String verb, PatientOperation op) {
      int failed = 0;
      for (String id : ids) {
        try {
          out().println(op.apply(id));
        } catch (IOException | GeneralSecurityException e) {
          err().println("cannot " + verb + " " + id + ": " + e.getMessage());
          failed++;
        }
      }
      return failed == 0 ? 0 : 1;
    }

    static String ids(List<Integer> ids, int primary) {
      List<String> out = new ArrayList<>();
      for (int id : ids) {
        out.add(Integer.toUnsignedString(id) + (id == primary ? "*" : ""));
      }
      return String.join(",", out);
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Generate keys for new patients (pseudonyms: 1-64 of [A-Za-z0-9._-]).")
  static final class Add extends StoreCommand {
    @Parameters(arity = "1..*", paramLabel = "ID", description = "Patient pseudonyms.")
    List<String> ids;

    @Override
    void validate() {
      checkPseudonyms(ids);
    }

    @Override
    int run(PatientKeyStore store) {
      return forEachPatient(ids, "add", id -> {
        PatientRecord r = store.add(id);
        return "added " + id + " (data key " + Integer.toUnsignedString(r.dataPrimaryKeyId())
            + ", result key " + Integer.toUnsignedString(r.resultPrimaryKeyId()) + ")";
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List patients with key ids (* = primary) and times; never keys.")
  static final class ListPatients extends StoreCommand {
    @Override
    int run(PatientKeyStore store) throws IOException, GeneralSecurityException {
      List<PatientRecord> records = store.list();
      if (records.isEmpty()) {
        err().println("no patients in " + dir + "; add some with `trustbeat patients add ID...`");
        return 0;
      }
      out().println("patient\tcreated\tupdated\tdata_key_ids\tresult_key_ids");
      for (PatientRecord r : records) {
        out().println(r.patient() + "\t" + r.created() + "\t" + r.updated() + "\t"
            + ids(r.dataKeyIds(), r.dataPrimaryKeyId()) + "\t"
            + ids(r.resultKeyIds(), r.resultPrimaryKeyId()));
      }
      return 0;
    }
  }

  @Command(name = "rotate", mixinStandardHelpOptions = true,
      description = "Add a new primary data and result key; older keys stay to open older data.")
  static final class Rotate extends StoreCommand {
    @Parameters(arity = "1..*", paramLabel = "ID", description = "Patient pseudonyms.")
    List<String> ids;

    @Override
    void validate() {
      checkPseudonyms(ids);
    }

    @Override
    int run(PatientKeyStore store) {
      return forEachPatient(ids, "rotate", id -> {
        PatientRecord r = store.rotate(id);
        return "rotated " + id + ": new data key " + Integer.toUnsignedString(r.dataPrimaryKeyId())
            + ", new result key " + Integer.toUnsignedString(r.resultPrimaryKeyId())
            + "; re-export the edge keys and re-provision enclaves to use them";
      });
    }
  }

  @Command(name = "export-edge-keys", mixinStandardHelpOptions = true,
      description = "Write a patient's keys IN CLEAR (mode 0600) for their gateway and result consumer.")
  static final class ExportEdgeKeys extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Patient pseudonym.")
    String id;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "New file to write; an existing file is never overwritten.")
    Path outFile;

    @Override
    void validate() {
      checkPseudonyms(List.of(id));
    }

    @Override
    int run(PatientKeyStore store) throws IOException, GeneralSecurityException {
      PatientRecord r = store.insecureExportEdgeKeys(id, outFile);
      out().println("exported keys of " + id + " to " + outFile + " (data key "
          + Integer.toUnsignedString(r.dataPrimaryKeyId()) + ", result key "
          + Integer.toUnsignedString(r.resultPrimaryKeyId()) + ")");
      err().println("warning: " + outFile + " holds the patient's keys IN CLEAR and is a secret:"
          + " move it to the patient's gateway over a secure channel and delete this copy");
      return 0;
    }
  }
}
