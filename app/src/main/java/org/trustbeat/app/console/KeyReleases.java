package org.trustbeat.app.console;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.trustbeat.keybroker.ReleaseDecision;

/**
 * A key broker's decisions summarised for a console: granted releases counted by patient ("released
 * keys of 22 patients to a SIMULATED enclave") instead of one line per release; a refusal, which
 * someone may have to act on, passed on as a line of its own. Patient ids only, never keys.
 * Thread-safe.
 */
public final class KeyReleases implements Consumer<ReleaseDecision> {
  private final Consumer<String> messages;
  private final Set<String> simulated = new TreeSet<>();
  private final Set<String> attested = new TreeSet<>();
  private long refusals;

  /**
   * @param messages where refusals go, one line each
   */
  public KeyReleases(Consumer<String> messages) {
    this.messages = messages;
  }

  @Override
  public void accept(ReleaseDecision d) {
    if (!d.granted()) {
      synchronized (this) {
        refusals++;
      }
      messages.accept("key broker: " + d.summaryLine());
      return;
    }
    synchronized (this) {
      (d.isSimulation() ? simulated : attested).addAll(d.released());
    }
  }

  /** The summary line, e.g. "released keys of 22 patients to a SIMULATED enclave". */
  public synchronized String summary() {
    StringBuilder sb = new StringBuilder();
    if (simulated.isEmpty() && attested.isEmpty()) {
      sb.append("no keys released yet");
    }
    if (!simulated.isEmpty()) {
      sb.append("released keys of ")
          .append(patients(simulated.size()))
          .append(" to a SIMULATED enclave (no hardware protection)");
    }
    if (!attested.isEmpty()) {
      sb.append(sb.length() == 0 ? "" : "; ")
          .append("released keys of ")
          .append(patients(attested.size()))
          .append(" to an SGX enclave (DCAP-attested)");
    }
    if (refusals > 0) {
      sb.append("; ")
          .append(refusals)
          .append(refusals == 1 ? " request" : " requests")
          .append(" REFUSED");
    }
    return sb.toString();
  }

  public synchronized long refusals() {
    return refusals;
  }

  private static String patients(int n) {
    return n + (n == 1 ? " patient" : " patients");
  }
}
