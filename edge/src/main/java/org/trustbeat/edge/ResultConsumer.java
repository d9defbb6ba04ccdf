package org.trustbeat.edge;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustbeat.mqtt.Topics;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.Pseudonym;
import org.trustbeat.protocol.ResultEnvelope;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.ResultOpener;

/**
 * The patient side of results: takes sealed results from {@code trustbeat/v1/<patient>/results} (or
 * from files, via {@link #handle(byte[])}), opens them with the patient's result key, checks that
 * they are for this patient and exactly the analysis it expects (algorithm, job, window length),
 * drops repeated windows, notes missing windows and sequence numbers no result covered, and hands
 * each new result to a {@link ResultListener}.
 *
 * <h2>Security guarantees</h2>
 *
 * A result reaches {@link ResultListener#onResult} only if it authenticated under this patient's
 * result key and its authenticated header names this patient, the expected algorithm, job and
 * window length, and a window start aligned to that length. A result for another patient is refused
 * before decryption. Results are keyed on all of those, so a host cannot make one analysis shadow
 * another. The host can still withhold results and chunks: missing windows are reported, and so is
 * every sequence number that lies between two consecutive results' covered ranges ({@link
 * ResultListener#onUncoveredSequences}), which catches chunks withheld at a window boundary. What
 * the consumer tracks is bounded ({@link Builder#setTrackedWindows}): a host cannot make it grow
 * without limit. For a test patient every result counts as simulation, whatever its header claims.
 * Log lines carry ids and counts only.
 */
public final class ResultConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(ResultConsumer.class);

  /** Default for {@link Builder#setTrackedWindows}: 30 days of 5-minute windows. */
  public static final int DEFAULT_TRACKED_WINDOWS = 8_640;

  private final String patient;
  private final String topic;
  private final PatientKeys keys;
  private final String expectedAlgorithm;
  private final String expectedJobId;
  private final long expectedWindowMillis;
  private final boolean testPatient;
  private final int trackedWindows;
  private final ResultListener listener;
  private final ResultOpener opener;

  /** Window start → the sequence range its result covered, for the latest tracked windows. */
  private final TreeMap<Long, long[]> seen = new TreeMap<>();

  private final NavigableSet<Long> missing = new TreeSet<>();

  /** Uncovered sequence ranges already reported, by first missing number. */
  private final TreeMap<Long, Long> uncovered = new TreeMap<>();

  private long missingNotListed;
  private long delivered;
  private long duplicates;
  private long rejected;

  private ResultConsumer(Builder b) {
    patient = b.patient;
    topic = Topics.results(b.patient);
    keys = b.keys;
    expectedAlgorithm = b.expectedAlgorithm;
    expectedJobId = b.expectedJobId;
    expectedWindowMillis = b.expectedWindowMillis;
    testPatient = b.testPatient;
    trackedWindows = b.trackedWindows;
    listener = b.listener;
    opener = ResultOpener.create();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code trustbeat/v1/<patient>/results}. */
  public String topic() {
    return topic;
  }

  /**
   * Listens on {@code client} for this patient's result topic and subscribes with QoS 1. Call
   * before connecting a client with a persistent session, so that results queued by the broker
   * while away are caught; works on a connected client too. The client may be shared.
   */
  public CompletableFuture<Mqtt3SubAck> subscribe(Mqtt3AsyncClient client) {
    client.publishes(
        MqttGlobalPublishFilter.ALL,
        p -> {
          if (p.getTopic().toString().equals(topic)) {
            handle(p.getPayloadAsBytes());
          }
        });
    return client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
  }

  /** Processes one sealed result envelope; returns the result if it was new and valid. */
  public synchronized ConsumedResult handle(byte[] envelopeBytes) {
    ResultEnvelope envelope;
    try {
      envelope = ResultEnvelope.parse(envelopeBytes);
    } catch (MalformedEnvelopeException e) {
      return reject(
          "malformed result envelope (" + envelopeBytes.length + " bytes): " + e.getMessage());
    }
    ResultHeader h = envelope.header();
    long start = h.windowStartMillis();
    String problem = analysisProblem(h);
    if (problem != null) {
      return reject(problem);
    }
    byte[] body;
    try {
      body = opener.open(envelope, keys.resultAead());
    } catch (GeneralSecurityException e) {
      return reject(e.getMessage());
    }
    String json;
    try {
      json =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      return reject("result for window " + start + " is not UTF-8 text");
    }
    if (seen.containsKey(start)) {
      duplicates++;
      listener.onDuplicate(h);
      return null;
    }
    if (!seen.isEmpty() && start < seen.firstKey() && seen.size() >= trackedWindows) {
      return reject(
          "result for window "
              + start
              + " is older than the "
              + trackedWindows
              + " windows this consumer tracks; it cannot be checked for duplicates and is refused");
    }
    if (missing.remove(start)) {
      LOG.info("consumer " + patient + ": late result for window " + start + " arrived");
    }
    List<Long> gap = missingBefore(start);
    seen.put(start, new long[] {h.firstSequence(), h.lastSequence()});
    List<long[]> newlyUncovered = checkCoverage(start);
    forgetBeyondTheHorizon();
    delivered++;
    ConsumedResult r = new ConsumedResult(h, json, testPatient);
    if (!gap.isEmpty()) {
      LOG.warn(
          "consumer "
              + patient
              + ": "
              + gap.size()
              + " window(s) missing before "
              + start
              + ", first "
              + gap.get(0));
      listener.onMissingWindows(patient, List.copyOf(gap));
    }
    for (long[] u : newlyUncovered) {
      LOG.warn(
          "consumer "
              + patient
              + ": sequence numbers "
              + u[0]
              + ".."
              + u[1]
              + " are covered by no result");
      listener.onUncoveredSequences(patient, u[0], u[1]);
    }
    listener.onResult(r);
    return r;
  }

  /** Why this header is not the analysis this consumer expects, or null. */
  private String analysisProblem(ResultHeader h) {
    long start = h.windowStartMillis();
    if (!h.patient().equals(patient)) {
      return "result for patient "
          + h.patient()
          + " arrived at the consumer of "
          + patient
          + "; refused unopened";
    }
    if (!h.algorithm().equals(expectedAlgorithm)) {
      return "result of algorithm "
          + h.algorithm()
          + " but "
          + expectedAlgorithm
          + " was expected (window "
          + start
          + ")";
    }
    if (!h.jobId().equals(expectedJobId)) {
      return "result of job "
          + h.jobId()
          + " but "
          + expectedJobId
          + " was expected (window "
          + start
          + ")";
    }
    if (h.windowLengthMillis() != expectedWindowMillis || start % expectedWindowMillis != 0) {
      return "result for a "
          + h.windowLengthMillis()
          + "-ms window at "
          + start
          + " but "
          + expectedWindowMillis
          + "-ms windows aligned to the epoch were expected";
    }
    return null;
  }

  /**
   * The windows between the latest one seen and {@code start} that have no result, when {@code
   * start} is the newest; at most {@code trackedWindows} are listed, the rest only counted.
   */
  private List<Long> missingBefore(long start) {
    List<Long> gap = new ArrayList<>();
    if (seen.isEmpty() || start < seen.lastKey()) {
      return gap;
    }
    long before = seen.lastKey();
    long windows = (start - before) / expectedWindowMillis - 1;
    long listedFrom =
        Math.max(
            before + expectedWindowMillis, start - (long) trackedWindows * expectedWindowMillis);
    missingNotListed += Math.max(0, windows - (start - listedFrom) / expectedWindowMillis);
    for (long w = listedFrom; w < start; w += expectedWindowMillis) {
      gap.add(w);
    }
    missing.addAll(gap);
    return gap;
  }

  /**
   * Checks that {@code start}'s covered range meets its neighbours' (consecutive windows overlap
   * through their context chunks, or at least touch). The uncovered ranges between the two
   * neighbours are replaced by those left around the new window; returns the ones not already
   * reported as part of a wider range.
   */
  private List<long[]> checkCoverage(long start) {
    Map.Entry<Long, long[]> lower = seen.lowerEntry(start);
    Map.Entry<Long, long[]> higher = seen.higherEntry(start);
    long[] mine = seen.get(start);
    long from = lower == null ? mine[0] : lower.getValue()[1] + 1;
    long to = higher == null ? mine[1] : higher.getValue()[0] - 1;
    List<long[]> before = new ArrayList<>();
    if (from <= to) {
      before.addAll(rangesWithin(from, to));
      uncovered.subMap(from, true, to, true).clear();
    }
    List<long[]> out = new ArrayList<>();
    if (lower != null) {
      addUncovered(lower.getValue()[1] + 1, mine[0] - 1, before, out);
    }
    if (higher != null) {
      addUncovered(mine[1] + 1, higher.getValue()[0] - 1, before, out);
    }
    return out;
  }

  private List<long[]> rangesWithin(long from, long to) {
    List<long[]> out = new ArrayList<>();
    uncovered.subMap(from, true, to, true).forEach((a, b) -> out.add(new long[] {a, b}));
    return out;
  }

  private void addUncovered(long first, long last, List<long[]> known, List<long[]> out) {
    if (first > last) {
      return;
    }
    uncovered.put(first, last);
    for (long[] k : known) {
      if (k[0] <= first && last <= k[1]) {
        return; // part of a range already reported
      }
    }
    out.add(new long[] {first, last});
  }

  /** Keeps the tracked sets within {@code trackedWindows} of the newest window. */
  private void forgetBeyondTheHorizon() {
    while (seen.size() > trackedWindows) {
      seen.pollFirstEntry();
    }
    long horizon = seen.firstKey();
    while (!missing.isEmpty() && missing.first() < horizon) {
      missing.pollFirst();
      missingNotListed++;
    }
    while (uncovered.size() > trackedWindows) {
      uncovered.pollFirstEntry();
    }
  }

  private ConsumedResult reject(String reason) {
    rejected++;
    LOG.warn("consumer " + patient + ": rejected a result: " + reason);
    listener.onRejected(reason);
    return null;
  }

  /** Window starts (epoch ms) still missing between the earliest and latest result tracked. */
  public synchronized List<Long> missingWindows() {
    return List.copyOf(missing);
  }

  /** Missing windows counted but no longer (or never) listed, beyond the tracking bound. */
  public synchronized long missingWindowsNotListed() {
    return missingNotListed;
  }

  /** Sequence ranges {@code [first, last]} that no result covered, as reported. */
  public synchronized List<long[]> uncoveredSequences() {
    List<long[]> out = new ArrayList<>();
    uncovered.forEach((a, b) -> out.add(new long[] {a, b}));
    return out;
  }

  public synchronized long delivered() {
    return delivered;
  }

  public synchronized long duplicates() {
    return duplicates;
  }

  public synchronized long rejected() {
    return rejected;
  }

  @Override
  public synchronized String toString() {
    return "ResultConsumer{patient="
        + patient
        + ", "
        + expectedAlgorithm
        + "/"
        + expectedJobId
        + "/"
        + expectedWindowMillis
        + "ms"
        + (testPatient ? ", test patient" : "")
        + ", delivered="
        + delivered
        + ", duplicates="
        + duplicates
        + ", rejected="
        + rejected
        + ", missing="
        + (missing.size() + missingNotListed)
        + ", uncoveredRanges="
        + uncovered.size()
        + "}";
  }

  /**
   * Validating builder. Patient, keys, listener and the analysis the patient expects (algorithm,
   * job id, window length) are required: a consumer that accepted any analysis would let the host
   * choose what the patient sees.
   */
  public static final class Builder {
    private String patient;
    private PatientKeys keys;
    private String expectedAlgorithm;
    private String expectedJobId;
    private long expectedWindowMillis;
    private boolean testPatient;
    private int trackedWindows = DEFAULT_TRACKED_WINDOWS;
    private ResultListener listener;

    private Builder() {}

    public Builder setPatient(String patient) {
      this.patient = patient;
      return this;
    }

    /** The patient's keys; the result keyset opens the results. */
    public Builder setKeys(PatientKeys keys) {
      this.keys = keys;
      return this;
    }

    /** The algorithm of this patient's analysis (e.g. "hrv"); results of others are refused. */
    public Builder setExpectedAlgorithm(String algorithm) {
      this.expectedAlgorithm = algorithm;
      return this;
    }

    /** The job id of this patient's analysis; results of other jobs are refused. */
    public Builder setExpectedJobId(String jobId) {
      this.expectedJobId = jobId;
      return this;
    }

    /** The window length of this patient's analysis; results of other lengths are refused. */
    public Builder setExpectedWindow(Duration window) {
      this.expectedWindowMillis = window.toMillis();
      return this;
    }

    /**
     * Marks a test patient, whose keys the key broker may release to simulated enclaves: every
     * result is then labelled simulation, whatever its header claims.
     */
    public Builder setTestPatient(boolean testPatient) {
      this.testPatient = testPatient;
      return this;
    }

    /**
     * How many windows back duplicates are detected and missing windows listed (default {@value
     * #DEFAULT_TRACKED_WINDOWS}); older results are refused, further gaps only counted.
     */
    public Builder setTrackedWindows(int windows) {
      this.trackedWindows = windows;
      return this;
    }

    public Builder setListener(ResultListener listener) {
      this.listener = listener;
      return this;
    }

    public ResultConsumer build() {
      Pseudonym.check(patient);
      if (keys == null) {
        throw new IllegalArgumentException(
            "patient keys are missing; load them with EdgeKeys.load and call setKeys");
      }
      if (listener == null) {
        throw new IllegalArgumentException("listener is missing; call setListener");
      }
      if (expectedAlgorithm == null || expectedJobId == null || expectedWindowMillis <= 0) {
        throw new IllegalArgumentException(
            "the expected analysis is incomplete; call"
                + " setExpectedAlgorithm, setExpectedJobId and setExpectedWindow with the patient's"
                + " job, so the host cannot choose what the patient sees");
      }
      if (trackedWindows < 1) {
        throw new IllegalArgumentException(
            "tracked windows must be at least 1, was " + trackedWindows);
      }
      return new ResultConsumer(this);
    }
  }
}
