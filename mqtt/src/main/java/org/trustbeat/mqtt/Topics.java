package org.trustbeat.mqtt;

import org.trustbeat.protocol.Pseudonym;

/**
 * The MQTT topic names of TrustBeat, version 1.
 *
 * <ul>
 *   <li>{@code trustbeat/v1/<patient>/chunks}: sealed {@code ChunkEnvelope}s, written by the
 *       patient's gateway, read by the server's ingest.
 *   <li>{@code trustbeat/v1/<patient>/results}: sealed {@code ResultEnvelope}s, written by the
 *       server, read by the patient's consumer.
 * </ul>
 *
 * <p>The patient segment is the pseudonym and nothing else: pseudonyms cannot contain {@code /},
 * {@code +} or {@code #}, so a topic name always names exactly one patient, and the brokers'
 * per-login permissions ({@link MqttLogins}) confine each patient's logins to its own topics.
 */
public final class Topics {
  public static final String PREFIX = "trustbeat/v1/";

  /** Subscription filter for every patient's chunks (the server's ingest). */
  public static final String ALL_CHUNKS = PREFIX + "+/chunks";

  /** Subscription filter for every patient's results (monitoring; never needed by a patient). */
  public static final String ALL_RESULTS = PREFIX + "+/results";

  private static final String CHUNKS = "/chunks";
  private static final String RESULTS = "/results";

  private Topics() {}

  /**
   * @throws IllegalArgumentException if {@code patient} is not a valid pseudonym
   */
  public static String chunks(String patient) {
    return PREFIX + Pseudonym.check(patient) + CHUNKS;
  }

  /**
   * @throws IllegalArgumentException if {@code patient} is not a valid pseudonym
   */
  public static String results(String patient) {
    return PREFIX + Pseudonym.check(patient) + RESULTS;
  }

  /**
   * The pseudonym in a chunk or result topic name.
   *
   * @throws IllegalArgumentException if the topic is not {@code trustbeat/v1/<pseudonym>/chunks} or
   *     {@code .../results}
   */
  public static String patientOf(String topic) {
    if (topic != null && topic.startsWith(PREFIX)) {
      String rest = topic.substring(PREFIX.length());
      int slash = rest.indexOf('/');
      if (slash > 0) {
        String patient = rest.substring(0, slash);
        String kind = rest.substring(slash);
        if ((kind.equals(CHUNKS) || kind.equals(RESULTS)) && Pseudonym.isValid(patient)) {
          return patient;
        }
      }
    }
    throw new IllegalArgumentException(
        "topic '"
            + topic
            + "' is not a TrustBeat topic; expected "
            + PREFIX
            + "<pseudonym>/chunks or "
            + PREFIX
            + "<pseudonym>/results");
  }

  /** Whether {@code topic} is some patient's chunk topic. */
  public static boolean isChunkTopic(String topic) {
    return isKind(topic, CHUNKS);
  }

  /** Whether {@code topic} is some patient's result topic. */
  public static boolean isResultTopic(String topic) {
    return isKind(topic, RESULTS);
  }

  private static boolean isKind(String topic, String kind) {
    try {
      patientOf(topic);
      return topic.endsWith(kind);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
