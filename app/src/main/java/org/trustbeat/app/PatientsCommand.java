package org.trustbeat.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.trustbeat.app.config.ConfigException;
import org.trustbeat.app.config.DeploymentConfig;
import org.trustbeat.attestation.TcbStatus;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.keybroker.InsecureFileMasterKey;
import org.trustbeat.keybroker.KeyDirectory;
import org.trustbeat.keybroker.PatientKeyStore;
import org.trustbeat.keybroker.PatientPolicy;
import org.trustbeat.keybroker.PatientRecord;
import org.trustbeat.protocol.Pseudonym;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code patients}: add, list, rotate and export patient keys, and set each patient's release
 * policy (test patient, analyses, narrower enclave rules). Output shows pseudonyms, key ids, times
 * and policies, never keys. Exit 0 done, 1 a patient or the store failed (the others are still
 * done), 2 bad arguments.
 */
@Command(
    name = "patients",
    mixinStandardHelpOptions = true,
    footer = {"", "Example:", "  trustbeat patients add p-001 p-002 --dir .trustbeat/keys"},
    description = "Manage patients' keys and release policies in the key store.",
    subcommands = {
      PatientsCommand.Add.class,
      PatientsCommand.ListPatients.class,
      PatientsCommand.Policy.class,
      PatientsCommand.Rotate.class,
      PatientsCommand.ExportEdgeKeys.class
    })
public final class PatientsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: add, list, policy, rotate or export-edge-keys");
  }

  /** Options and store access shared by the subcommands. */
  abstract static class StoreCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--dir",
        paramLabel = "DIR",
        defaultValue = ".trustbeat/keys",
        description = "Key directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "Use the key directory of a deployment's configuration ([keybroker]"
                + " key_directory) instead of --dir.")
    Path config;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }

    PrintWriter err() {
      return spec.commandLine().getErr();
    }

    PatientKeyStore openStore() throws IOException, GeneralSecurityException {
      KeyDirectory layout = KeyDirectory.at(dir);
      return PatientKeyStore.open(
          layout.patientsDirectory(), InsecureFileMasterKey.load(layout.masterKeyFile()));
    }

    /** Refuses invalid pseudonyms up front, so nothing is half done. */
    void checkPseudonyms(List<String> ids) {
      for (String id : ids) {
        try {
          Pseudonym.check(id);
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "'" + id + "': " + e.getMessage());
        }
      }
    }

    @Override
    public final Integer call() {
      validate();
      if (config != null) {
        if (spec.commandLine().getParseResult().hasMatchedOption("--dir")) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--dir and --config both name the key directory; pass one");
        }
        try {
          dir = DeploymentConfig.load(config).keyBroker().keyDirectory().path();
        } catch (ConfigException e) {
          err().println(spec.qualifiedName() + ": " + e.getMessage());
          err().flush();
          return DeploymentCommand.CONFIG_ERROR;
        }
      }
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

  /**
   * The release-policy options of {@code add} and {@code policy}; unset ones leave a value alone.
   */
  static final class PolicyOptions {
    @Option(
        names = "--test-patient",
        negatable = true,
        description =
            "Test patient: simulated enclaves (no hardware protection) may get the keys."
                + " Only for test or demo data. --no-test-patient: SGX enclaves only (the default).")
    Boolean testPatient;

    @Option(
        names = "--allow-job",
        paramLabel = "JOB",
        converter = OptionTypes.Job.class,
        description =
            "A job the enclave may run on the patient's data: hrv, hrv-bands, sdnn or"
                + " identity (returns the raw samples). Repeatable; the list replaces the default"
                + " hrv, hrv-bands, sdnn.")
    List<HrvJob> jobs = new ArrayList<>();

    @Option(
        names = "--window",
        paramLabel = "SECONDS",
        description =
            "A window length the enclave may analyse, 1..86400 s. Repeatable; the list"
                + " replaces the default 300.")
    List<Long> windows = new ArrayList<>();

    @Option(
        names = "--allow-mrenclave",
        paramLabel = "HEX",
        description =
            "Release only to these enclave measurements (64 hex digits), besides the"
                + " broker's own policy. Repeatable.")
    List<String> mrenclaves = new ArrayList<>();

    @Option(
        names = "--accept-tcb-status",
        paramLabel = "STATUS",
        description =
            "Release only to SGX platforms of these TCB statuses (e.g. UpToDate), besides"
                + " the broker's own policy. Repeatable.")
    List<String> tcbStatuses = new ArrayList<>();

    boolean any() {
      return testPatient != null
          || !jobs.isEmpty()
          || !windows.isEmpty()
          || !mrenclaves.isEmpty()
          || !tcbStatuses.isEmpty();
    }

    /**
     * Applies the options given to {@code b}.
     *
     * @throws CommandLine.ParameterException naming the bad value and the accepted ones
     */
    PatientPolicy.Builder applyTo(PatientPolicy.Builder b, CommandSpec spec) {
      try {
        if (testPatient != null) {
          b.testPatient(testPatient);
        }
        if (!jobs.isEmpty()) {
          b.jobs(jobs);
        }
        if (!windows.isEmpty()) {
          List<Duration> parsed = new ArrayList<>();
          for (long w : windows) {
            if (w < 1 || w > 86_400) {
              throw new IllegalArgumentException("--window " + w + " is outside 1..86400 seconds");
            }
            parsed.add(Duration.ofSeconds(w));
          }
          b.windows(parsed);
        }
        for (String m : mrenclaves) {
          b.allowMrenclave(m);
        }
        for (String t : tcbStatuses) {
          try {
            b.acceptTcbStatus(TcbStatus.parse(t));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--accept-tcb-status: " + e.getMessage());
          }
        }
        return b;
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
    }
  }

  /** Warns when a policy lets results carry raw samples or simulated enclaves get keys. */
  static void warnAbout(PatientPolicy policy, String id, PrintWriter err) {
    if (policy.analysis().allowsRawSamples()) {
      err.println(
          "warning: "
              + id
              + " allows the identity job, whose results carry every raw"
              + " sample to the result consumer");
    }
    if (policy.testPatient()) {
      err.println(
          "warning: "
              + id
              + " is a test patient: SIMULATED enclaves (no hardware"
              + " protection) may get their keys; never use this for real patient data");
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      footer = {"", "Example:", "  trustbeat patients add p-001 p-002 --dir .trustbeat/keys"},
      description = {
        "Generates keys for new patients, with a release policy.",
        "",
        "Pseudonyms: 1-64 of [A-Za-z0-9._-]. Default policy: SGX enclaves only; hrv, hrv-bands"
            + " and sdnn on 300-s windows.",
        ""
      })
  static final class Add extends StoreCommand {
    @Parameters(arity = "1..*", paramLabel = "ID", description = "Patient pseudonyms.")
    List<String> ids;

    @CommandLine.Mixin PolicyOptions policyOptions;

    private PatientPolicy policy;

    @Override
    void validate() {
      checkPseudonyms(ids);
      policy = policyOptions.applyTo(PatientPolicy.builder(), spec).build();
    }

    @Override
    int run(PatientKeyStore store) {
      return forEachPatient(
          ids,
          "add",
          id -> {
            PatientRecord r = store.add(id, policy);
            warnAbout(policy, id, err());
            return "added "
                + id
                + " (data key "
                + Integer.toUnsignedString(r.dataPrimaryKeyId())
                + ", result key "
                + Integer.toUnsignedString(r.resultPrimaryKeyId())
                + "; policy: "
                + r.policy()
                + ")";
          });
    }
  }

  @Command(
      name = "policy",
      mixinStandardHelpOptions = true,
      footer = {"", "Example:", "  trustbeat patients policy p-001 --allow-job hrv --window 300"},
      description = {
        "Shows or changes patients' release policies.",
        "",
        "Without options, prints them; options change only what they name (--allow-job and"
            + " --window replace those lists).",
        "Takes effect at the next release: enclaves already provisioned keep the analysis policy"
            + " they were given until they are provisioned again."
      })
  static final class Policy extends StoreCommand {
    @Parameters(arity = "1..*", paramLabel = "ID", description = "Patient pseudonyms.")
    List<String> ids;

    @CommandLine.Mixin PolicyOptions policyOptions;

    @Option(
        names = "--any-mrenclave",
        description = "Drop the patient's own MRENCLAVE list (the broker's policy still applies).")
    boolean anyMrenclave;

    @Option(
        names = "--any-tcb-status",
        description = "Drop the patient's own TCB status list (the broker's policy still applies).")
    boolean anyTcbStatus;

    @Override
    void validate() {
      checkPseudonyms(ids);
      if (anyMrenclave && !policyOptions.mrenclaves.isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--any-mrenclave and --allow-mrenclave contradict each other; give one");
      }
      if (anyTcbStatus && !policyOptions.tcbStatuses.isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--any-tcb-status and --accept-tcb-status contradict each other; give one");
      }
      // Bad values fail here, before any patient is changed.
      policyOptions.applyTo(PatientPolicy.builder(), spec).build();
    }

    @Override
    int run(PatientKeyStore store) {
      if (!policyOptions.any() && !anyMrenclave && !anyTcbStatus) {
        return forEachPatient(
            ids, "show the policy of", id -> id + "\t" + store.describe(id).policy());
      }
      return forEachPatient(
          ids,
          "change the policy of",
          id -> {
            PatientPolicy.Builder b = store.describe(id).policy().toBuilder();
            if (anyMrenclave || !policyOptions.mrenclaves.isEmpty()) {
              b.clearMrenclaves();
            }
            if (anyTcbStatus || !policyOptions.tcbStatuses.isEmpty()) {
              b.clearTcbStatuses();
            }
            PatientPolicy updated = policyOptions.applyTo(b, spec).build();
            store.setPolicy(id, updated);
            warnAbout(updated, id, err());
            return "policy of "
                + id
                + ": "
                + updated
                + "; enclaves provisioned earlier keep the old one until provisioned again";
          });
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      footer = {"", "Example:", "  trustbeat patients list --dir .trustbeat/keys"},
      description = "List patients with key ids (* = primary), times and policies; never keys.")
  static final class ListPatients extends StoreCommand {
    @Override
    int run(PatientKeyStore store) throws IOException, GeneralSecurityException {
      List<PatientRecord> records = store.list();
      if (records.isEmpty()) {
        err().println("no patients in " + dir + "; add some with `trustbeat patients add ID...`");
        return 0;
      }
      out().println("patient\tcreated\tupdated\tdata_key_ids\tresult_key_ids\tpolicy");
      for (PatientRecord r : records) {
        out()
            .println(
                r.patient()
                    + "\t"
                    + r.created()
                    + "\t"
                    + r.updated()
                    + "\t"
                    + ids(r.dataKeyIds(), r.dataPrimaryKeyId())
                    + "\t"
                    + ids(r.resultKeyIds(), r.resultPrimaryKeyId())
                    + "\t"
                    + r.policy());
      }
      return 0;
    }
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      footer = {"", "Example:", "  trustbeat patients rotate p-001"},
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
      return forEachPatient(
          ids,
          "rotate",
          id -> {
            PatientRecord r = store.rotate(id);
            return "rotated "
                + id
                + ": new data key "
                + Integer.toUnsignedString(r.dataPrimaryKeyId())
                + ", new result key "
                + Integer.toUnsignedString(r.resultPrimaryKeyId())
                + "; re-export the edge keys and re-provision enclaves to use them";
          });
    }
  }

  @Command(
      name = "export-edge-keys",
      mixinStandardHelpOptions = true,
      footer = {
        "",
        "Example:",
        "  trustbeat patients export-edge-keys p-001 --out p-001.edge-keys"
      },
      description =
          "Write a patient's keys IN CLEAR (mode 0600) for their gateway and result consumer.")
  static final class ExportEdgeKeys extends StoreCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Patient pseudonym.")
    String id;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "New file to write; an existing file is never overwritten.")
    Path outFile;

    @Override
    void validate() {
      checkPseudonyms(List.of(id));
    }

    @Override
    int run(PatientKeyStore store) throws IOException, GeneralSecurityException {
      PatientRecord r = store.insecureExportEdgeKeys(id, outFile);
      out()
          .println(
              "exported keys of "
                  + id
                  + " to "
                  + outFile
                  + " (data key "
                  + Integer.toUnsignedString(r.dataPrimaryKeyId())
                  + ", result key "
                  + Integer.toUnsignedString(r.resultPrimaryKeyId())
                  + ")");
      err()
          .println(
              "warning: "
                  + outFile
                  + " holds the patient's keys IN CLEAR and is a secret:"
                  + " move it to the patient's gateway over a secure channel and delete this copy");
      return 0;
    }
  }
}
