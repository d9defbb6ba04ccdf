package org.trustbeat.server.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustbeat.enclave.EnclaveHost;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
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
   * Processes one patient's closed windows on this JVM's host for {@code spec}, making sure the
   * enclave holds the patient's key first and retrying once after re-provisioning if it reports
   * none.
   */
  public List<WindowOutcome> process(HostSpec spec, String patient, WindowBatch batch)
      throws GeneralSecurityException, IOException {
    ManagedHost h = host(spec);
    boolean keyed = h.ensureProvisioned(patient, false);
    List<WindowOutcome> outcomes = h.process(batch);
    // After a refusal in this very call, asking again at once would only be refused again.
    if (keyed && reportsNoKey(outcomes) && spec.provisioner() != null) {
      LOG.warn(ModeLabel.of(spec.kind()) + " enclave holds no key for patient " + patient
          + "; re-provisioning and retrying " + batch.tasks().size() + " windows");
      if (h.ensureProvisioned(patient, true)) {
        outcomes = h.process(batch);
      }
    }
    if (outcomes.size() != batch.tasks().size()) {
      throw new IOException("enclave host returned " + outcomes.size() + " outcomes for "
          + batch.tasks().size() + " windows; the host implementation is broken");
    }
    return outcomes;
  }

  private static boolean reportsNoKey(List<WindowOutcome> outcomes) {
    for (WindowOutcome o : outcomes) {
      if (o.rejected().getOrDefault(RejectReason.NO_KEY, 0) > 0) {
        return true;
      }
    }
    return false;
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
     * @return false if the release was refused (logged; the enclave then reports NO_KEY)
     * @throws IOException if the key broker cannot be reached
     */
    boolean ensureProvisioned(String patient, boolean force) throws IOException {
      // Checked outside the lock: every call of every task asks, almost always for a patient the
      // enclave already holds; a slow release for a new patient must not stall those calls.
      if (spec.provisioner() == null || (!force && provisioned.contains(patient))) {
        return true;
      }
      synchronized (this) {
        if (!force && provisioned.contains(patient)) {
          return true;
        }
        return release(patient);
      }
    }

    private boolean release(String patient) throws IOException {
      try {
        // The enclave adds released keys to those it holds, so one patient per round suffices.
        spec.provisioner().provision(host, List.of(patient));
      } catch (GeneralSecurityException e) {
        provisioned.remove(patient);
        // The message names the refusal reason and ids (key broker, enclave), never a key.
        LOG.warn(ModeLabel.of(spec.kind()) + " no key for patient " + patient + ": "
            + e.getMessage() + "; its windows are reported as NO_KEY without results until a"
            + " release succeeds (asked again with its next batch)");
        return false;
      }
      provisioned.add(patient);
      LOG.info(ModeLabel.of(spec.kind()) + " provisioned the key of patient " + patient
          + " into the enclave; " + provisioned.size() + " patients so far");
      return true;
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
        LOG.warn(ModeLabel.of(spec.kind()) + " closing the enclave host failed: "
            + e.getClass().getSimpleName());
      }
    }
  }
}
