package org.trustbeat.keybroker;

import java.util.Objects;

/**
 * One patient left out of a release, and why: the patient's policy does not admit the verified
 * enclave (e.g. simulation evidence for a patient who is not a test patient). Holds identifiers and
 * a message that names the rule and its fix; never keys. Immutable.
 */
public final class PatientRefusal {
  private final String patient;
  private final RefusalReason reason;
  private final String reasonName;
  private final String message;

  private PatientRefusal(String patient, RefusalReason reason, String reasonName, String message) {
    this.patient = Objects.requireNonNull(patient, "patient");
    this.reason = reason;
    this.reasonName = Objects.requireNonNull(reasonName, "reasonName");
    this.message = Objects.requireNonNull(message, "message");
  }

  public static PatientRefusal of(String patient, RefusalReason reason, String message) {
    return new PatientRefusal(
        patient, Objects.requireNonNull(reason, "reason"), reason.name(), message);
  }

  /** As read by a client: a reason name this version does not know is kept as text. */
  static PatientRefusal parsed(String patient, String reasonName, String message) {
    RefusalReason reason;
    try {
      reason = RefusalReason.valueOf(reasonName);
    } catch (IllegalArgumentException e) {
      reason = null;
    }
    return new PatientRefusal(patient, reason, reasonName, message);
  }

  public String patient() {
    return patient;
  }

  /**
   * Null only when a newer broker sent a reason this client does not know; see {@link
   * #reasonName()}.
   */
  public RefusalReason reason() {
    return reason;
  }

  public String reasonName() {
    return reasonName;
  }

  public String message() {
    return message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PatientRefusal
        && ((PatientRefusal) o).patient.equals(patient)
        && ((PatientRefusal) o).reasonName.equals(reasonName)
        && ((PatientRefusal) o).message.equals(message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(patient, reasonName, message);
  }

  @Override
  public String toString() {
    return patient + ": " + reasonName + ": " + message;
  }
}
