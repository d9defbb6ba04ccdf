package org.trustbeat.protocol;

import java.util.Objects;

/**
 * What a {@link KeyRelease} carries for one patient: the keys and the {@link AnalysisPolicy} the
 * enclave must enforce on that patient's windows. Immutable; {@link #toString()} prints key ids and
 * the policy, never key material.
 */
public final class ReleasedPatient {
  private final PatientKeys keys;
  private final AnalysisPolicy policy;

  private ReleasedPatient(PatientKeys keys, AnalysisPolicy policy) {
    this.keys = keys;
    this.policy = policy;
  }

  public static ReleasedPatient of(PatientKeys keys, AnalysisPolicy policy) {
    return new ReleasedPatient(
        Objects.requireNonNull(keys, "keys"), Objects.requireNonNull(policy, "policy"));
  }

  public PatientKeys keys() {
    return keys;
  }

  public AnalysisPolicy policy() {
    return policy;
  }

  @Override
  public String toString() {
    return "ReleasedPatient{" + keys + ", " + policy + "}";
  }
}
