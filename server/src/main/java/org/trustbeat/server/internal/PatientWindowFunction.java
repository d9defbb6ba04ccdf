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
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.streaming.GroupState;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.server.HostSpec;

/**
 * The grouped stage of the job, for one patient: buffer each chunk envelope in every window it may
 * serve, as the window's own chunk or as context (the 30 s on each side, HRV-SPEC section 3); once
 * the watermark has passed a window's end plus its 30 s of context, hand every such window of the
 * patient that has chunks of its own to the enclave in one call and emit the outcomes.
 *
 * <p>Invariants: a window closes at most once, in order, and only when the watermark has reached
 * its end plus the context after it; a window with only context chunks closes without a result; a
 * chunk for a window that already closed is counted as late (when it was the window's own) and
 * dropped; byte-identical duplicates are dropped before the enclave (the enclave drops other
 * duplicates by sequence number). Nothing crosses from one window to the next.
 *
 * <h2>Security guarantees</h2>
 *
 * Sees and stores ciphertext and clear header facts only; see {@link PatientState}.
 */
public final class PatientWindowFunction
    implements FlatMapGroupsWithStateFunction<String, WindowedChunk, PatientState, WindowRow> {
  private static final long serialVersionUID = 2L;

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
        // Context for a closed window is of no use any more; a window's own chunk is lost data.
        late += c.isOwn() ? 1 : 0;
      } else if (!state.add(c.getWindowStartMillis(), c.getEnvelope(), c.isOwn(), seen)
          && c.isOwn()) {
        identical++;
      }
    }

    long watermark = groupState.getCurrentWatermarkMs();
    List<Long> closing = state.closable(watermark, windowLengthMillis);
    List<WindowRow> out = new ArrayList<>(closing.size() + 1);
    List<Long> analysed = new ArrayList<>(closing.size());
    List<WindowTask> tasks = new ArrayList<>(closing.size());
    for (long start : closing) {
      if (state.hasOwnChunks(start)) {
        analysed.add(start);
        tasks.add(WindowTask.of(patient, start, windowLengthMillis, state.chunksOf(start)));
      }
    }
    if (!tasks.isEmpty()) {
      List<WindowOutcome> outcomes =
          HostRegistry.shared().process(spec, patient, WindowBatch.of(spec.jobId(), spec.job(), tasks));
      for (int i = 0; i < outcomes.size(); i++) {
        WindowOutcome o = outcomes.get(i);
        if (!patient.equals(o.patient()) || o.windowStartMillis() != analysed.get(i)) {
          throw new IOException("enclave host returned the outcome of another window (patient "
              + o.patient() + ", start " + o.windowStartMillis() + ") for patient " + patient
              + ", start " + analysed.get(i) + "; the host implementation is broken");
        }
        out.add(WindowRow.ofOutcome(o, windowLengthMillis));
      }
    }
    state.close(closing, windowLengthMillis);
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
      // Spark fires the timeout once the watermark is strictly past it, i.e. at the window's end
      // plus its context.
      groupState.setTimeoutTimestamp(PatientState.closesAt(next, windowLengthMillis) - 1);
    }
    return out.iterator();
  }
}
