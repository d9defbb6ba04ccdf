package org.trustbeat.protocol.internal;

import java.nio.charset.StandardCharsets;

/**
 * Length and character rules for the clear-text header fields. They are ASCII-only so that every
 * reader decodes the same bytes to the same string, and the AD cannot differ by normalisation.
 */
public enum TextRule {
  /** Patient pseudonym: safe in MQTT topics, file names and logs. */
  PSEUDONYM(1, 64, true),
  /** Algorithm name, host kind, attestation kind. */
  LABEL(1, 32, false),
  /** Job identifier. */
  JOB_ID(1, 64, false);

  private final int min;
  private final int max;
  private final boolean pseudonymCharset;

  TextRule(int min, int max, boolean pseudonymCharset) {
    this.min = min;
    this.max = max;
    this.pseudonymCharset = pseudonymCharset;
  }

  public int maxBytes() {
    return max;
  }

  /** What a sender must do to satisfy the rule, for error messages. */
  public String fix() {
    return pseudonymCharset
        ? "use " + min + ".." + max + " characters from [A-Za-z0-9._-]"
        : "use " + min + ".." + max + " printable ASCII characters";
  }

  /** Returns {@code null} when valid, else a description that quotes no content. */
  public String problem(byte[] raw) {
    if (raw.length < min || raw.length > max) {
      return "length " + raw.length + " is outside [" + min + ", " + max + "]";
    }
    for (int i = 0; i < raw.length; i++) {
      if (!allowed(raw[i])) {
        return "character at index " + i + " is not allowed";
      }
    }
    return null;
  }

  /** Returns {@code null} when valid, else a description; {@code null} text is invalid. */
  public String problem(String text) {
    if (text == null) {
      return "is missing";
    }
    // Any non-ASCII character turns into '?' or a multi-byte sequence and fails the charset check.
    return problem(text.getBytes(StandardCharsets.UTF_8));
  }

  private boolean allowed(byte b) {
    if (pseudonymCharset) {
      return (b >= 'A' && b <= 'Z')
          || (b >= 'a' && b <= 'z')
          || (b >= '0' && b <= '9')
          || b == '.'
          || b == '_'
          || b == '-';
    }
    return b >= 0x20 && b <= 0x7e;
  }
}
