package org.trustbeat.attestation;

import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * A DCAP quote was rejected; {@link #failure()} says which check failed, the message says how to
 * fix it.
 */
public final class QuoteVerificationException extends GeneralSecurityException {
  private final QuoteFailure failure;
  private final String detail;

  public QuoteVerificationException(QuoteFailure failure, String message) {
    super(failure + ": " + message);
    this.failure = Objects.requireNonNull(failure);
    this.detail = message;
  }

  public QuoteVerificationException(QuoteFailure failure, String message, Throwable cause) {
    super(failure + ": " + message, cause);
    this.failure = Objects.requireNonNull(failure);
    this.detail = message;
  }

  public QuoteFailure failure() {
    return failure;
  }

  /** The message without the failure prefix, for output that shows the reason separately. */
  public String detail() {
    return detail;
  }
}
