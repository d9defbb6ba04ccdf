package org.trustbeat.enclave.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJson;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.protocol.ChunkHeader;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.RrSamples;

/**
 * The window logic every mode shares: check and open a window's chunks and its context chunks, drop
 * duplicates, count gaps, analyse the window by HRV-SPEC version 2 and seal the result. Stateless
 * and thread-safe, and so is each window: it is analysed from its own chunks plus those of the 30 s
 * on each side, and nothing crosses from one window to the next.
 *
 * <h2>Security guarantees</h2>
 *
 * Chunks are counted by reason, never described by content. A window's beats and its context are
 * exactly those of authenticated chunks of the task's patient, concatenated in sequence-number
 * order and classified by the analyzer's own rule ({@link HrvAnalyzer#window}), so the result
 * equals {@code HrvAnalyzer.windows} over the whole stream whenever every chunk arrived. Context
 * chunks are authenticated and bound to the patient like any other; the result header says how many
 * were used and which sequence range the analysis covered. There is no carried state, so a host has
 * nothing to roll back or replay: it can withhold chunks (the counters and the sequence range show
 * it), not alter or invent them. No result is sealed for a window none of whose authentic beats is
 * its own.
 *
 * <p>The host chooses the job and the window length of a batch; the patient's analysis policy,
 * released with their keys, decides whether that analysis may run. A window whose job or length the
 * policy does not allow (including {@code identity}, which returns raw samples, unless the policy
 * names it) is not opened and gets no result; its chunks are counted as {@link
 * RejectReason#POLICY_REFUSED}. Results carry as attestation kind the evidence kind the key broker
 * verified when it released the patient's keys, never a label the host chose.
 */
public final class WindowProcessor {
  private final WindowCrypto crypto;
  private final String hostKind;

  public WindowProcessor(WindowCrypto crypto, String hostKind) {
    this.crypto = crypto;
    this.hostKind = hostKind;
  }

  public List<WindowOutcome> process(WindowBatch batch) throws GeneralSecurityException {
    List<WindowOutcome> out = new ArrayList<>(batch.tasks().size());
    for (WindowTask task : batch.tasks()) {
      out.add(processTask(task, batch));
    }
    return out;
  }

  private WindowOutcome processTask(WindowTask task, WindowBatch batch)
      throws GeneralSecurityException {
    String patient = task.patient();
    long start = task.windowStartMillis();
    long length = task.windowLengthMillis();
    WindowCrypto.PatientCrypto keys = crypto.forPatient(patient);
    if (keys != null && !keys.allows(batch.job().jobName(), length)) {
      // The host's choice of analysis is not the patient's: open nothing, seal nothing.
      int n = task.chunks().size();
      return WindowOutcome.of(
          patient,
          start,
          new byte[0],
          n,
          0,
          0,
          0,
          n == 0 ? Map.of() : Map.of(RejectReason.POLICY_REFUSED, n));
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
      } else if (!WindowTask.serves(h.slot(), start, length)) {
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
    int seen = task.chunks().size();
    long gaps = gaps(bySeq);
    double windowSeconds = length / 1000.0;
    long k = start / length;
    int contextChunks = contextOnlyChunks(bySeq, k, windowSeconds);
    Optional<WindowResult> result =
        keys == null
            ? Optional.empty()
            : HrvAnalyzer.window(beatsOf(bySeq), k, windowSeconds, batch.job());
    WindowOutcome counted =
        WindowOutcome.of(
            patient, start, new byte[0], seen, duplicates, gaps, contextChunks, rejected);
    if (result.isEmpty()) {
      // No keys (resubmit after provisioning), or no beat of the window's own: nothing to seal.
      return counted;
    }

    ResultHeader header =
        ResultHeader.builder()
            .setPatient(patient)
            .setWindow(start, length)
            .setAlgorithm(batch.job().jobName())
            .setJobId(batch.jobId())
            .setHostKind(hostKind)
            .setAttestationKind(keys.attestationKind())
            .setCompleteness(counted.completeness())
            .setSequenceRange(bySeq.firstKey(), bySeq.lastKey())
            .build();
    String json = HrvJson.toJson(result.get());
    byte[] sealed = keys.sealResult(header, json.getBytes(StandardCharsets.UTF_8));
    return WindowOutcome.of(
        patient, start, sealed, seen, duplicates, gaps, contextChunks, rejected);
  }

  /** Missing sequence numbers between the smallest and the largest of the opened chunks. */
  static long gaps(TreeMap<Long, RrSamples> bySeq) {
    if (bySeq.isEmpty()) {
      return 0;
    }
    return bySeq.lastKey() - bySeq.firstKey() + 1 - bySeq.size();
  }

  /** The opened chunks' beats in sequence order: the stream order the analysis needs. */
  private static BeatSeries beatsOf(TreeMap<Long, RrSamples> bySeq) {
    int total = 0;
    for (RrSamples s : bySeq.values()) {
      total += s.size();
    }
    double[] t = new double[total];
    double[] rr = new double[total];
    int n = 0;
    for (RrSamples s : bySeq.values()) {
      for (int i = 0; i < s.size(); i++) {
        t[n] = s.tSeconds(i);
        rr[n] = s.rrMs(i);
        n++;
      }
    }
    return BeatSeries.of(t, rr);
  }

  /** Chunks holding a beat of the window's context and none of its own. */
  private static int contextOnlyChunks(
      TreeMap<Long, RrSamples> bySeq, long k, double windowSeconds) {
    int count = 0;
    for (RrSamples s : bySeq.values()) {
      boolean own = false;
      boolean context = false;
      for (int i = 0; i < s.size() && !own; i++) {
        double t = s.tSeconds(i);
        own = HrvAnalyzer.isOwn(t, k, windowSeconds);
        context |= HrvAnalyzer.isContext(t, k, windowSeconds);
      }
      if (context && !own) {
        count++;
      }
    }
    return count;
  }
}
