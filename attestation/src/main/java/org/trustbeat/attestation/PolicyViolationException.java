package org.trustbeat.attestation;

import java.security.GeneralSecurityException;
import java.util.Objects;

/** Verified evidence identifies an enclave the policy does not trust; {@link #rule()} says why. */
public final class PolicyViolationException extends GeneralSecurityException {
  private final PolicyRule rule;

  public PolicyViolationException(PolicyRule rule, String message) {
    super(rule + ": " + message);
    this.rule = Objects.requireNonNull(rule);
  }

  public PolicyRule rule() {
    return rule;
  }
}
