package org.trustbeat.protocol;

import org.trustbeat.protocol.internal.TextRule;

/**
 * The rule for patient pseudonyms: 1..64 characters from {@code [A-Za-z0-9._-]}. They appear in
 * clear in every header, MQTT topic and file name, so they must never be a real name or ID.
 */
public final class Pseudonym {
  public static final int MAX_BYTES = 64;

  private Pseudonym() {}

  public static boolean isValid(String pseudonym) {
    return TextRule.PSEUDONYM.problem(pseudonym) == null;
  }

  /**
   * Returns the pseudonym unchanged if valid.
   *
   * @throws IllegalArgumentException naming the rule otherwise
   */
  public static String check(String pseudonym) {
    String problem = TextRule.PSEUDONYM.problem(pseudonym);
    if (problem != null) {
      throw new IllegalArgumentException(
          "patient pseudonym " + problem + "; " + TextRule.PSEUDONYM.fix());
    }
    return pseudonym;
  }
}
