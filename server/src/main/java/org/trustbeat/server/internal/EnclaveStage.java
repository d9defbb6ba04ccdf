package org.trustbeat.server.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.server.HostSpec;

/**
 * The enclave stage: the windows that closed in one partition of one micro-batch go to this
 * executor's enclave host together, whatever the number of patients, so the crossing (a Unix-socket
 * round trip in {@code sealed-process}) is paid per partition, not per patient: one call per
 * {@value #MAX_CALL_BYTES} bytes of envelopes, which keeps every request far below the enclave
 * channel's frame limit (64 MiB by default). Counter-only rows pass through.
 *
 * <h2>Security guarantees</h2>
 *
 * Hands ciphertext to the enclave and gets sealed results and clear counters back; checks that the
 * host answered for exactly the windows it was asked about, in order.
 */
public final class EnclaveStage implements MapPartitionsFunction<ClosingWindow, WindowRow> {
  private static final long serialVersionUID = 1L;

  /** Envelope bytes per enclave call: hundreds of 5-min windows, a quarter of the frame limit. */
  static final int MAX_CALL_BYTES = 16 << 20;

  private final HostSpec spec;
  private final long windowLengthMillis;

  public EnclaveStage(HostSpec spec, long windowLengthMillis) {
    this.spec = spec;
    this.windowLengthMillis = windowLengthMillis;
  }

  @Override
  public Iterator<WindowRow> call(Iterator<ClosingWindow> rows)
      throws GeneralSecurityException, IOException {
    List<WindowRow> out = new ArrayList<>();
    List<ClosingWindow> closing = new ArrayList<>();
    long bytes = 0;
    while (rows.hasNext()) {
      ClosingWindow w = rows.next();
      if (!w.isWindow()) {
        WindowRow counters = WindowRow.countersOnly(w.getPatient());
        counters.setLateChunks(w.getLateChunks());
        counters.setHostDuplicatesDropped(w.getHostDuplicatesDropped());
        out.add(counters);
        continue;
      }
      closing.add(w);
      for (byte[] e : w.getEnvelopes()) {
        bytes += e.length;
      }
      if (bytes >= MAX_CALL_BYTES) {
        process(closing, out);
        closing.clear();
        bytes = 0;
      }
    }
    process(closing, out);
    return out.iterator();
  }

  /** One enclave call for {@code closing}; its outcomes, checked against the request, go to out. */
  private void process(List<ClosingWindow> closing, List<WindowRow> out)
      throws GeneralSecurityException, IOException {
    if (closing.isEmpty()) {
      return;
    }
    List<WindowTask> tasks = new ArrayList<>(closing.size());
    for (ClosingWindow w : closing) {
      tasks.add(
          WindowTask.of(
              w.getPatient(), w.getWindowStartMillis(), windowLengthMillis, w.getEnvelopes()));
    }
    List<WindowOutcome> outcomes =
        HostRegistry.shared().process(spec, WindowBatch.of(spec.jobId(), spec.job(), tasks));
    for (int i = 0; i < outcomes.size(); i++) {
      WindowOutcome o = outcomes.get(i);
      ClosingWindow asked = closing.get(i);
      if (!asked.getPatient().equals(o.patient())
          || o.windowStartMillis() != asked.getWindowStartMillis()) {
        throw new IOException(
            "enclave host returned the outcome of another window (patient "
                + o.patient()
                + ", start "
                + o.windowStartMillis()
                + ") for patient "
                + asked.getPatient()
                + ", start "
                + asked.getWindowStartMillis()
                + "; the host implementation is broken");
      }
      WindowRow r = WindowRow.ofOutcome(o, windowLengthMillis);
      r.setLateChunks(asked.getLateChunks());
      r.setHostDuplicatesDropped(asked.getHostDuplicatesDropped());
      out.add(r);
    }
  }
}
