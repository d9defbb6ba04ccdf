package org.trustbeat.keybroker;

import java.security.GeneralSecurityException;
import java.util.Optional;

/** The key broker refused a release; {@link #reason()} says which check failed. */
public final class KeyReleaseRefusedException extends GeneralSecurityException {
  private final RefusalReason reason;
  private final int httpStatus;

  public KeyReleaseRefusedException(RefusalReason reason, int httpStatus, String message) {
    super("key broker refused the release (HTTP " + httpStatus + "): " + message);
    this.reason = reason;
    this.httpStatus = httpStatus;
  }

  /** Empty if the broker sent a reason this client does not know (a newer broker). */
  public Optional<RefusalReason> reason() {
    return Optional.ofNullable(reason);
  }

  public int httpStatus() {
    return httpStatus;
  }
}
