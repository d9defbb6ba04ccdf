package org.trustbeat.edge;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import org.trustbeat.mqtt.Topics;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.protocol.Pseudonym;
import org.trustbeat.protocol.ResultEnvelope;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.ResultOpener;

/**
 * The patient side of results: takes sealed results from {@code trustbeat/v1/<patient>/results}
 * (or from files, via {@link #handle(byte[])}), opens them with the patient's result key, checks
 * that they are for this patient and the expected algorithm and job, drops repeated windows, notes
 * missing ones, and hands each new result to a {@link ResultListener}.
 *
 * <h2>Security guarantees</h2>
 * A result reaches {@link ResultListener#onResult} only if it authenticated under this patient's
 * result key and its authenticated header names this patient (and the expected algorithm and job,
 * when set). A result for another patient is refused before decryption. The host can still
 * withhold results: that shows up as missing windows. Log lines carry ids and counts only.
 */
public final class ResultConsumer {
  private static final Logger LOG = Logger.getLogger(ResultConsumer.class.getName());
  /** Beyond this many missing windows in one jump only the first ones are listed. */
  private static final int MAX_LISTED_MISSING = 10_000;

  private final String patient;
  private final String topic;
  private final PatientKeys keys;
  private final String expectedAlgorithm;
  private final String expectedJobId;
  private final ResultListener listener;
  private final ResultOpener opener;
  private final ProtocolLimits limits;

  private final NavigableSet<Long> seen = new TreeSet<>();
  private final NavigableSet<Long> missing = new TreeSet<>();
  private long delivered;
  private long duplicates;
  private long rejected;

  private ResultConsumer(Builder b) {
    patient = b.patient;
    topic = Topics.results(b.patient);
    keys = b.keys;
    expectedAlgorithm = b.expectedAlgorithm;
    expectedJobId = b.expectedJobId;
    listener = b.listener;
    limits = b.limits;
    opener = ResultOpener.create(b.limits);
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
      envelope = ResultEnvelope.parse(envelopeBytes, limits);
    } catch (MalformedEnvelopeException e) {
      return reject("malformed result envelope (" + envelopeBytes.length + " bytes): "
          + e.getMessage());
    }
    ResultHeader h = envelope.header();
    if (!h.patient().equals(patient)) {
      return reject("result for patient " + h.patient() + " arrived at the consumer of "
          + patient + "; refused unopened");
    }
    if (expectedAlgorithm != null && !h.algorithm().equals(expectedAlgorithm)) {
      return reject("result of algorithm " + h.algorithm() + " but " + expectedAlgorithm
          + " was expected (window " + h.windowStartMillis() + ")");
    }
    if (expectedJobId != null && !h.jobId().equals(expectedJobId)) {
      return reject("result of job " + h.jobId() + " but " + expectedJobId
          + " was expected (window " + h.windowStartMillis() + ")");
    }
    byte[] body;
    try {
      body = opener.open(envelope, keys.resultAead());
    } catch (GeneralSecurityException e) {
      return reject(e.getMessage());
    }
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      return reject("result for window " + h.windowStartMillis() + " is not UTF-8 text");
    }
    long start = h.windowStartMillis();
    if (!seen.add(start)) {
      duplicates++;
      listener.onDuplicate(h);
      return null;
    }
    if (missing.remove(start)) {
      LOG.info("consumer " + patient + ": late result for window " + start + " arrived");
    }
    List<Long> gap = new ArrayList<>();
    Long before = seen.lower(start);
    if (before != null && seen.higher(start) == null) {
      long len = h.windowLengthMillis();
      for (long w = before + len; w < start && gap.size() < MAX_LISTED_MISSING; w += len) {
        if (!seen.contains(w)) {
          gap.add(w);
        }
      }
      missing.addAll(gap);
    }
    delivered++;
    ConsumedResult r = new ConsumedResult(h, json);
    if (!gap.isEmpty()) {
      LOG.warning("consumer " + patient + ": " + gap.size() + " window(s) missing before "
          + start + ", first " + gap.get(0));
      listener.onMissingWindows(patient, List.copyOf(gap));
    }
    listener.onResult(r);
    return r;
  }

  private ConsumedResult reject(String reason) {
    rejected++;
    LOG.warning("consumer " + patient + ": rejected a result: " + reason);
    listener.onRejected(reason);
    return null;
  }

  /** Window starts (epoch ms) still missing between the earliest and latest result seen. */
  public synchronized List<Long> missingWindows() {
    return List.copyOf(missing);
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
    return "ResultConsumer{patient=" + patient + ", delivered=" + delivered + ", duplicates="
        + duplicates + ", rejected=" + rejected + ", missing=" + missing.size() + "}";
  }

  /** Validating builder; patient, keys and listener are required. */
  public static final class Builder {
    private String patient;
    private PatientKeys keys;
    private String expectedAlgorithm;
    private String expectedJobId;
    private ResultListener listener;
    private ProtocolLimits limits = ProtocolLimits.defaults();

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

    /** Refuse results of other algorithms (e.g. "hrv-bands"); unset accepts any. */
    public Builder setExpectedAlgorithm(String algorithm) {
      this.expectedAlgorithm = algorithm;
      return this;
    }

    /** Refuse results of other jobs; unset accepts any. */
    public Builder setExpectedJobId(String jobId) {
      this.expectedJobId = jobId;
      return this;
    }

    public Builder setListener(ResultListener listener) {
      this.listener = listener;
      return this;
    }

    public Builder setLimits(ProtocolLimits limits) {
      this.limits = limits;
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
      return new ResultConsumer(this);
    }
  }
}
