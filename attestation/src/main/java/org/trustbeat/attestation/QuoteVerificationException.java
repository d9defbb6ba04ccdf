package org.trustbeat.attestation;

import java.security.GeneralSecurityException;
import java.util.Objects;

/** A DCAP quote was rejected; {@link #failure()} says which check failed, the message says how to fix it. */
public final class QuoteVerificationException extends GeneralSecurityException {
  private final QuoteFailure failure;

  public QuoteVerificationException(QuoteFailure failure, String message) {
    super(failure + ": " + message);
    this.failure = Objects.requireNonNull(failure);
  }

  public QuoteVerificationException(QuoteFailure failure, String message, Throwable cause) {
    super(failure + ": " + message, cause);
    this.failure = Objects.requireNonNull(failure);
  }

  public QuoteFailure failure() {
    return failure;
  }
}
