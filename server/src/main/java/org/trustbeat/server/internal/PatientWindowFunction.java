package org.trustbeat.server.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.streaming.GroupState;
import org.trustbeat.enclave.CarryRefusedException;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.server.HostSpec;
import org.trustbeat.server.ModeLabel;

/**
 * The grouped stage of the job, for one patient: buffer each chunk envelope in its event-time
 * window; once the watermark has passed a window's end, hand every such window of the patient, in
 * window order, to the enclave in one call, emit the outcomes and keep the sealed carry of the
 * last one for the patient's next window.
 *
 * <p>Invariants: a window closes at most once, in order, and only when the watermark has reached
 * its end; the carry passed with the first closing window is the one the previous closing
 * returned; a chunk for a window that already closed is counted as late and dropped;
 * byte-identical duplicates are dropped before the enclave (the enclave drops other duplicates by
 * sequence number).
 *
 * <h2>Security guarantees</h2>
 *
 * Sees and stores ciphertext and clear header facts only; see {@link PatientState}.
 */
public final class PatientWindowFunction
    implements FlatMapGroupsWithStateFunction<String, WindowedChunk, PatientState, WindowRow> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = Logger.getLogger(PatientWindowFunction.class.getName());

  private final HostSpec spec;
  private final long windowLengthMillis;

  public PatientWindowFunction(HostSpec spec, long windowLengthMillis) {
    if (windowLengthMillis <= 0) {
      throw new IllegalArgumentException("window length must be positive, was " + windowLengthMillis);
    }
    this.spec = spec;
    this.windowLengthMillis = windowLengthMillis;
  }

  @Override
  public Iterator<WindowRow> call(
      String patient, Iterator<WindowedChunk> chunks, GroupState<PatientState> groupState)
      throws GeneralSecurityException, IOException {
    PatientState state = groupState.exists() ? groupState.get() : new PatientState();
    long late = 0;
    long identical = 0;
    Map<Long, Set<ByteBuffer>> seen = new HashMap<>();
    while (chunks.hasNext()) {
      WindowedChunk c = chunks.next();
      if (state.isClosed(c.getWindowStartMillis())) {
        late++;
      } else if (!state.add(c.getWindowStartMillis(), c.getEnvelope(), seen)) {
        identical++;
      }
    }

    long watermark = groupState.getCurrentWatermarkMs();
    List<Long> closing = state.closable(watermark, windowLengthMillis);
    List<WindowRow> out = new ArrayList<>(closing.size() + 1);
    if (!closing.isEmpty()) {
      List<WindowTask> tasks = new ArrayList<>(closing.size());
      for (int i = 0; i < closing.size(); i++) {
        long start = closing.get(i);
        // Only the first task carries the stored carry; the enclave chains the rest itself.
        byte[] carry = i == 0 ? state.carry() : null;
        tasks.add(WindowTask.of(patient, start, windowLengthMillis, state.chunksOf(start), carry));
      }
      List<WindowOutcome> outcomes = process(patient, tasks);
      for (int i = 0; i < outcomes.size(); i++) {
        WindowOutcome o = outcomes.get(i);
        if (!patient.equals(o.patient()) || o.windowStartMillis() != closing.get(i)) {
          throw new IOException("enclave host returned the outcome of another window (patient "
              + o.patient() + ", start " + o.windowStartMillis() + ") for patient " + patient
              + ", start " + closing.get(i) + "; the host implementation is broken");
        }
        out.add(WindowRow.ofOutcome(o, windowLengthMillis));
      }
      state.close(closing, windowLengthMillis, outcomes.get(outcomes.size() - 1).carry());
    }
    if (late > 0 || identical > 0) {
      WindowRow counters = out.isEmpty() ? WindowRow.countersOnly(patient) : out.get(0);
      counters.setLateChunks(late);
      counters.setHostDuplicatesDropped(identical);
      if (out.isEmpty()) {
        out.add(counters);
      }
    }

    groupState.update(state);
    Long next = state.firstOpenWindow();
    if (next != null) {
      // Spark fires the timeout once the watermark is strictly past it, i.e. at the window's end.
      groupState.setTimeoutTimestamp(next + windowLengthMillis - 1);
    }
    return out.iterator();
  }

  private List<WindowOutcome> process(String patient, List<WindowTask> tasks)
      throws GeneralSecurityException, IOException {
    try {
      return HostRegistry.shared().process(spec, patient, WindowBatch.of(spec.jobId(), spec.job(), tasks));
    } catch (CarryRefusedException e) {
      // A carry the enclave will not open (e.g. the patient's keys were replaced): restart
      // cleaning and gap counting at this window rather than stopping the patient's stream.
      WindowTask first = tasks.get(0);
      LOG.warning(ModeLabel.of(spec.kind()) + " enclave refused the carry of patient " + patient
          + " at window " + first.windowStartMillis() + "; restarting cleaning there");
      List<WindowTask> retry = new ArrayList<>(tasks);
      retry.set(0, WindowTask.of(patient, first.windowStartMillis(), first.windowLengthMillis(),
          first.chunks(), null));
      return HostRegistry.shared().process(spec, patient, WindowBatch.of(spec.jobId(), spec.job(), retry));
    }
  }
}
