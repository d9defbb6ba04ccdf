package org.trustbeat.enclave.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.trustbeat.enclave.CarryRefusedException;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJson;
import org.trustbeat.hrv.RrCleaner;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.protocol.ChunkHeader;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.RrSamples;

/**
 * The window logic every mode shares: check and open a window's chunks, drop duplicates, count
 * gaps, analyse the window's samples with cleaning carried from the previous window, seal the
 * result and the next carry. Stateless and thread-safe: everything a window needs from the past
 * arrives in its carry.
 *
 * <h2>Security guarantees</h2>
 * Chunks are counted by reason, never described by content. A window's samples are exactly those
 * of authenticated chunks of the task's patient whose time {@code t} falls in the window by the
 * analyzer's own rule ({@code floor(t / L) = k}), concatenated in sequence-number order, so the
 * result equals {@code HrvAnalyzer.windows} over the whole stream. A carry is accepted only when
 * it authenticates for this patient and job and was made at or before the window's start.
 *
 * <p><b>Limitation (rollback):</b> the enclave is stateless, so it cannot tell the latest carry
 * from an older authentic one of the same patient and job. A host that replays an older carry
 * makes cleaning restart from an older interval and re-counts gaps from an older sequence number;
 * it cannot forge or alter samples or results. Closing this needs a monotonic counter outside the
 * host's control (e.g. in the key broker), which this version does not have.
 */
public final class WindowProcessor {
  private final WindowCrypto crypto;
  private final String hostKind;
  private final String attestationKind;

  public WindowProcessor(WindowCrypto crypto, String hostKind, String attestationKind) {
    this.crypto = crypto;
    this.hostKind = hostKind;
    this.attestationKind = attestationKind;
  }

  /**
   * @throws CarryRefusedException if a task's carry is refused; nothing is returned for the batch
   */
  public List<WindowOutcome> process(WindowBatch batch) throws GeneralSecurityException {
    List<WindowOutcome> out = new ArrayList<>(batch.tasks().size());
    Map<String, Carry> carried = new HashMap<>();
    for (int i = 0; i < batch.tasks().size(); i++) {
      WindowTask task = batch.tasks().get(i);
      out.add(processTask(i, task, batch, carried));
    }
    return out;
  }

  private WindowOutcome processTask(int index, WindowTask task, WindowBatch batch, Map<String, Carry> carried)
      throws GeneralSecurityException {
    String patient = task.patient();
    long start = task.windowStartMillis();
    long length = task.windowLengthMillis();
    long end = start + length;
    WindowCrypto.PatientCrypto keys = crypto.forPatient(patient);
    byte[] carryIn = task.carry();
    Carry previous = null;
    if (carryIn != null && keys != null) {
      previous = openCarry(index, task, batch.jobId(), keys, carryIn);
    } else if (carryIn == null) {
      previous = carried.get(patient);
      if (previous != null && previous.windowEndMillis() > start) {
        throw refused(index, task, "the batch holds this patient's windows out of time order;"
            + " list each patient's tasks in window order");
      }
    }

    Map<RejectReason, Integer> rejected = new EnumMap<>(RejectReason.class);
    TreeMap<Long, RrSamples> bySeq = new TreeMap<>();
    int duplicates = 0;
    for (byte[] bytes : task.chunks()) {
      WindowCrypto.ParsedChunk chunk;
      try {
        chunk = crypto.parse(bytes);
      } catch (MalformedEnvelopeException e) {
        rejected.merge(RejectReason.MALFORMED, 1, Integer::sum);
        continue;
      }
      ChunkHeader h = chunk.header;
      RejectReason reason = null;
      if (!h.patient().equals(patient)) {
        reason = RejectReason.WRONG_PATIENT;
      } else if (h.endMillis() < start || h.startMillis() >= end) {
        reason = RejectReason.OUTSIDE_WINDOW;
      } else if (keys == null) {
        reason = RejectReason.NO_KEY;
      }
      if (reason != null) {
        rejected.merge(reason, 1, Integer::sum);
        continue;
      }
      if (bySeq.containsKey(h.sequenceNumber())) {
        duplicates++;
        continue;
      }
      try {
        bySeq.put(h.sequenceNumber(), keys.open(chunk));
      } catch (WindowCrypto.Rejected r) {
        rejected.merge(r.reason, 1, Integer::sum);
      }
    }
    int rejectedTotal = rejected.values().stream().mapToInt(Integer::intValue).sum();
    if (keys == null) {
      // Nothing can be opened or sealed; hand the carry back so the window can be resubmitted.
      return WindowOutcome.of(patient, start, new byte[0], carryIn, task.chunks().size(), duplicates,
          0, rejected);
    }

    long lastSeqBefore = previous == null ? -1 : previous.lastSequence();
    long gaps = gaps(bySeq, lastSeqBefore);
    long lastSeq = bySeq.isEmpty() ? lastSeqBefore : Math.max(lastSeqBefore, bySeq.lastKey());
    double lastAcceptedBefore = previous == null ? Double.NaN : previous.lastAcceptedRrMs();

    double windowSeconds = length / 1000.0;
    long k = start / length;
    BeatSeries beats = windowBeats(bySeq, windowSeconds, k);
    List<WindowResult> results =
        HrvAnalyzer.windows(beats, windowSeconds, batch.job(), lastAcceptedBefore);
    String json = results.isEmpty() ? emptyWindowJson(k * windowSeconds) : HrvJson.toJson(results.get(0));
    double lastAccepted = lastAccepted(beats.rrMs(), lastAcceptedBefore);

    ResultHeader header =
        ResultHeader.builder()
            .setPatient(patient)
            .setWindow(start, length)
            .setAlgorithm(batch.job().jobName())
            .setJobId(batch.jobId())
            .setHostKind(hostKind)
            .setAttestationKind(attestationKind)
            .setChunksSeen(task.chunks().size())
            .setDuplicatesDropped(duplicates)
            .setSequenceGaps(gaps)
            .setChunksRejected(rejectedTotal)
            .build();
    byte[] result = keys.sealResult(header, json.getBytes(StandardCharsets.UTF_8));
    Carry next = new Carry(patient, batch.jobId(), end, lastSeq, lastAccepted);
    carried.put(patient, next);
    byte[] carryOut =
        keys.sealCarry(next.encode(), Carry.associatedData(patient, batch.jobId()));
    return WindowOutcome.of(patient, start, result, carryOut, task.chunks().size(), duplicates, gaps,
        rejected);
  }

  private Carry openCarry(
      int index, WindowTask task, String jobId, WindowCrypto.PatientCrypto keys, byte[] sealed)
      throws CarryRefusedException {
    Carry c;
    try {
      c = Carry.decode(keys.openCarry(sealed, Carry.associatedData(task.patient(), jobId)));
    } catch (GeneralSecurityException e) {
      throw refused(index, task, "it does not authenticate for this patient and job (made for"
          + " another patient or job, or altered)");
    }
    if (c == null || !c.patient().equals(task.patient()) || !c.jobId().equals(jobId)) {
      throw refused(index, task, "it is not a carry of this patient and job");
    }
    if (c.windowEndMillis() > task.windowStartMillis()) {
      throw refused(index, task, "it was made at window end " + c.windowEndMillis()
          + ", after this window's start (a later window's carry)");
    }
    return c;
  }

  private static CarryRefusedException refused(int index, WindowTask task, String why) {
    return new CarryRefusedException(index, "task " + index + " (patient " + task.patient()
        + ", window start " + task.windowStartMillis() + "): carry refused: " + why
        + "; pass the carry the enclave returned with this patient's previous window, or null to"
        + " restart cleaning at this window");
  }

  /** Missing sequence numbers from the one after the carried last (else the smallest) to the largest. */
  static long gaps(TreeMap<Long, RrSamples> bySeq, long lastSeqBefore) {
    if (bySeq.isEmpty()) {
      return 0;
    }
    long lower = lastSeqBefore >= 0 ? lastSeqBefore + 1 : bySeq.firstKey();
    long upper = bySeq.lastKey();
    if (upper < lower) {
      return 0;
    }
    long present = bySeq.subMap(lower, true, upper, true).size();
    return upper - lower + 1 - present;
  }

  /** The samples with {@code floor(t / W) = k}, in sequence order: exactly the analyzer's window. */
  private static BeatSeries windowBeats(TreeMap<Long, RrSamples> bySeq, double windowSeconds, long k) {
    int total = 0;
    for (RrSamples s : bySeq.values()) {
      total += s.size();
    }
    double[] t = new double[total];
    double[] rr = new double[total];
    int n = 0;
    for (RrSamples s : bySeq.values()) {
      for (int i = 0; i < s.size(); i++) {
        double ti = s.tSeconds(i);
        if ((long) Math.floor(ti / windowSeconds) == k) {
          t[n] = ti;
          rr[n] = s.rrMs(i);
          n++;
        }
      }
    }
    return n == total ? BeatSeries.of(t, rr) : BeatSeries.of(Arrays.copyOf(t, n), Arrays.copyOf(rr, n));
  }

  private static double lastAccepted(double[] rr, double before) {
    boolean[] accepted = RrCleaner.accept(rr, before);
    for (int i = accepted.length - 1; i >= 0; i--) {
      if (accepted[i]) {
        return rr[i];
      }
    }
    return before;
  }

  /** A window without beats: the keys HrvJson always writes, with zero counts. */
  static String emptyWindowJson(double windowStartSeconds) {
    return "{\"window_start\":" + HrvJson.number(windowStartSeconds)
        + ",\"n_total\":0,\"n_rejected\":0,\"n_nn\":0}";
  }
}
