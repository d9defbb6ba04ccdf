package org.trustbeat.keybroker;

import java.io.IOException;
import java.util.Objects;

/** The key store holds no keys for a pseudonym. Names the pseudonym (not secret) and the fix. */
public final class UnknownPatientException extends IOException {
  private final String patient;

  public UnknownPatientException(String patient) {
    super(
        "unknown patient "
            + patient
            + "; add the patient with `trustbeat patients add "
            + patient
            + "` (pseudonyms are case-sensitive)");
    this.patient = Objects.requireNonNull(patient, "patient");
  }

  public String patient() {
    return patient;
  }
}
