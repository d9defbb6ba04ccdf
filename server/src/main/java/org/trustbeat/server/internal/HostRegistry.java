package org.trustbeat.server.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.enclave.host.EnclaveHost;
import org.trustbeat.server.HostSpec;
import org.trustbeat.server.ModeLabel;

/**
 * The enclave hosts of this JVM, one per {@link HostSpec}: started on first use, provisioned with
 * the keys of each patient the first time a window of that patient is processed, re-provisioned
 * when the enclave reports it holds no key (e.g. after its process restarted), closed at shutdown.
 *
 * <p>A release the key broker refuses (or the enclave does not accept) does not stop the job: the
 * patient's windows are processed without the key, so the enclave reports their chunks as {@link
 * RejectReason#NO_KEY} and seals no result, a warning names the patient and the refusal, and the
 * next batch of that patient asks again. Other patients go on. The chunks stay in the landing
 * store. A key broker that cannot be reached is an {@link IOException} and fails the task, as
 * before: Spark keeps the windows in its state for a restart.
 */
public final class HostRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(HostRegistry.class);
  private static final HostRegistry SHARED = new HostRegistry();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(SHARED::closeAll, "trustbeat-host-shutdown"));
  }

  private final Map<String, ManagedHost> hosts = new ConcurrentHashMap<>();

  HostRegistry() {}

  /** The registry of this JVM, which Spark tasks use. */
  public static HostRegistry shared() {
    return SHARED;
  }

  /**
   * Processes closed windows of any number of patients on this JVM's host for {@code spec} in one
   * enclave call, making sure the enclave holds every patient's key first (one release round for
   * all patients it lacks) and retrying once, for the patients it reports holding no key for, after
   * re-provisioning them.
   */
  public List<WindowOutcome> process(HostSpec spec, WindowBatch batch)
      throws GeneralSecurityException, IOException {
    ManagedHost h = host(spec);
    Set<String> patients = new LinkedHashSet<>();
    batch.tasks().forEach(t -> patients.add(t.patient()));
    Set<String> keyed = h.ensureProvisioned(patients, false);
    List<WindowOutcome> outcomes = checked(batch, h.process(batch));
    // After a refusal in this very call, asking again at once would only be refused again.
    Set<String> retry = new LinkedHashSet<>();
    for (WindowOutcome o : outcomes) {
      if (keyed.contains(o.patient()) && o.rejected().getOrDefault(RejectReason.NO_KEY, 0) > 0) {
        retry.add(o.patient());
      }
    }
    if (retry.isEmpty() || spec.provisioner() == null) {
      return outcomes;
    }
    LOG.warn(
        ModeLabel.of(spec.kind())
            + " enclave holds no key for "
            + retry.size()
            + " patient(s); re-provisioning them and retrying their windows");
    Set<String> again = h.ensureProvisioned(retry, true);
    List<Integer> at = new ArrayList<>();
    List<WindowTask> tasks = new ArrayList<>();
    for (int i = 0; i < batch.tasks().size(); i++) {
      if (again.contains(batch.tasks().get(i).patient())) {
        at.add(i);
        tasks.add(batch.tasks().get(i));
      }
    }
    if (tasks.isEmpty()) {
      return outcomes;
    }
    WindowBatch sub = WindowBatch.of(batch.jobId(), batch.job(), tasks);
    List<WindowOutcome> redone = checked(sub, h.process(sub));
    List<WindowOutcome> merged = new ArrayList<>(outcomes);
    for (int j = 0; j < at.size(); j++) {
      merged.set(at.get(j), redone.get(j));
    }
    return merged;
  }

  private static List<WindowOutcome> checked(WindowBatch batch, List<WindowOutcome> outcomes)
      throws IOException {
    if (outcomes.size() != batch.tasks().size()) {
      throw new IOException(
          "enclave host returned "
              + outcomes.size()
              + " outcomes for "
              + batch.tasks().size()
              + " windows; the host implementation is broken");
    }
    return outcomes;
  }

  /** This JVM's host for {@code spec}, started if needed. */
  public ManagedHost host(HostSpec spec) throws GeneralSecurityException, IOException {
    ManagedHost h = hosts.get(spec.id());
    if (h != null) {
      return h;
    }
    synchronized (this) {
      h = hosts.get(spec.id());
      if (h == null) {
        h = new ManagedHost(spec, spec.hostFactory().create());
        hosts.put(spec.id(), h);
        LOG.info(ModeLabel.of(spec.kind()) + " started enclave host for job " + spec.jobId());
      }
      return h;
    }
  }

  /** Closes this JVM's host for {@code spec}, if any. */
  public void close(HostSpec spec) {
    ManagedHost h = hosts.remove(spec.id());
    if (h != null) {
      h.closeQuietly();
    }
  }

  void closeAll() {
    for (String id : new ArrayList<>(hosts.keySet())) {
      ManagedHost h = hosts.remove(id);
      if (h != null) {
        h.closeQuietly();
      }
    }
  }

  /** A started host and the patients whose keys it was given. */
  public static final class ManagedHost {
    private final HostSpec spec;
    private final EnclaveHost host;
    private final Set<String> provisioned = ConcurrentHashMap.newKeySet();

    ManagedHost(HostSpec spec, EnclaveHost host) {
      this.spec = spec;
      this.host = host;
    }

    public EnclaveHost host() {
      return host;
    }

    /**
     * Releases the keys of those of {@code patients} the enclave lacks (all of them if {@code
     * force}): one release round for all, and, if that round is refused, one round per patient, so
     * one refused patient does not hold back the others.
     *
     * @return the patients whose keys the enclave now holds (all of them without a provisioner); a
     *     refused patient is logged and its windows are reported as NO_KEY
     * @throws IOException if the key broker cannot be reached
     */
    Set<String> ensureProvisioned(Set<String> patients, boolean force) throws IOException {
      if (spec.provisioner() == null) {
        return patients;
      }
      // Checked outside the lock: every call of every task asks, almost always for patients the
      // enclave already holds; a slow release for new patients must not stall those calls.
      if (!force && provisioned.containsAll(patients)) {
        return patients;
      }
      synchronized (this) {
        List<String> missing = new ArrayList<>();
        for (String p : patients) {
          if (force || !provisioned.contains(p)) {
            missing.add(p);
          }
        }
        if (!missing.isEmpty() && !release(missing) && missing.size() > 1) {
          for (String p : missing) {
            release(List.of(p));
          }
        }
        Set<String> held = new LinkedHashSet<>();
        for (String p : patients) {
          if (provisioned.contains(p)) {
            held.add(p);
          }
        }
        return held;
      }
    }

    private boolean release(List<String> patients) throws IOException {
      try {
        // The enclave adds released keys to those it holds.
        spec.provisioner().provision(host, patients);
      } catch (GeneralSecurityException e) {
        patients.forEach(provisioned::remove);
        // The message names the refusal reason and ids (key broker, enclave), never a key.
        LOG.warn(
            ModeLabel.of(spec.kind())
                + " no key released for "
                + describe(patients)
                + ": "
                + e.getMessage()
                + (patients.size() > 1
                    ? "; asking per patient"
                    : "; its windows are reported as NO_KEY without results until a release succeeds"
                        + " (asked again with its next batch)"));
        return false;
      }
      provisioned.addAll(patients);
      LOG.info(
          ModeLabel.of(spec.kind())
              + " provisioned the keys of "
              + patients.size()
              + " patient(s) into the enclave; "
              + provisioned.size()
              + " patients so far");
      return true;
    }

    private static String describe(List<String> patients) {
      return patients.size() == 1 ? "patient " + patients.get(0) : patients.size() + " patients";
    }

    List<WindowOutcome> process(WindowBatch batch) throws GeneralSecurityException, IOException {
      // The hosts run calls concurrently (in-process: thread-safe; enclave processes: one
      // connection per concurrent batch), so Spark tasks are not serialised here.
      return host.process(batch);
    }

    void closeQuietly() {
      try {
        host.close();
      } catch (IOException | RuntimeException e) {
        LOG.warn(
            ModeLabel.of(spec.kind())
                + " closing the enclave host failed: "
                + e.getClass().getSimpleName());
      }
    }
  }
}
