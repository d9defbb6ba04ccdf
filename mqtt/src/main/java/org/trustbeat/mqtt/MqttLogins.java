package org.trustbeat.mqtt;

import org.trustbeat.protocol.Pseudonym;

/**
 * The MQTT logins of TrustBeat: one login per MQTT client, and the client's id is its login name.
 *
 * <ul>
 *   <li>{@code gateway-<patient>}: the patient's gateway; may only write {@code
 *       trustbeat/v1/<patient>/chunks}.
 *   <li>{@code consumer-<patient>}: the patient's result consumer; may only read {@code
 *       trustbeat/v1/<patient>/results}.
 *   <li>server logins such as {@link #INGEST} and {@link #RESULT_PUBLISHER}: read every patient's
 *       chunks and write every patient's results.
 * </ul>
 *
 * <p>Why one login per client and client id = login: an MQTT broker keeps a persistent session
 * (subscriptions and queued QoS 1 messages) under the client id, and the client that connects with
 * an id takes that session over. If any login could pick any id, patient A, logged in with its own
 * password, could connect as {@code consumer-B}: the broker would close B's connection and hand B's
 * queued results to A's connection, where A's topic permissions drop them — B's results are lost.
 * Both brokers therefore bind the id to the login: Mosquitto with {@code use_username_as_clientid
 * true} (it replaces whatever id the client sent by its user name), the embedded broker by refusing
 * a connection whose id is not its user name. A patient's gateway and consumer are two clients, so
 * a patient has two logins; they keep their persistent sessions across reconnects because their ids
 * never change.
 *
 * <p>The role prefix makes the names unique whatever the pseudonyms are: {@code gateway-x} can
 * never equal {@code consumer-y}, and a server login may not start with either prefix.
 */
public final class MqttLogins {
  /** The ingest bridge's login (and client id). */
  public static final String INGEST = "trustbeat-ingest";

  /** The Spark job's result publisher's login (and client id). */
  public static final String RESULT_PUBLISHER = "trustbeat-results";

  static final String GATEWAY_PREFIX = "gateway-";
  static final String CONSUMER_PREFIX = "consumer-";

  private MqttLogins() {}

  /**
   * {@code gateway-<patient>}.
   *
   * @throws IllegalArgumentException if {@code patient} is not a valid pseudonym
   */
  public static String gateway(String patient) {
    return GATEWAY_PREFIX + Pseudonym.check(patient);
  }

  /**
   * {@code consumer-<patient>}.
   *
   * @throws IllegalArgumentException if {@code patient} is not a valid pseudonym
   */
  public static String consumer(String patient) {
    return CONSUMER_PREFIX + Pseudonym.check(patient);
  }

  /**
   * Checks a server login name: 1..64 characters of {@code [A-Za-z0-9._-]}, not starting with a
   * patient role's prefix.
   *
   * @throws IllegalArgumentException naming the rule
   */
  public static String checkServerLogin(String name) {
    if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          "server login '" + name + "' must be 1..64 characters of [A-Za-z0-9._-]");
    }
    if (name.startsWith(GATEWAY_PREFIX) || name.startsWith(CONSUMER_PREFIX)) {
      throw new IllegalArgumentException(
          "server login '"
              + name
              + "' starts with '"
              + GATEWAY_PREFIX
              + "' or '"
              + CONSUMER_PREFIX
              + "', which name patients' logins; pick another name, e.g. "
              + INGEST);
    }
    return name;
  }
}
