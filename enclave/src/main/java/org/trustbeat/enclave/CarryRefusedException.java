package org.trustbeat.enclave;

import java.security.GeneralSecurityException;

/**
 * The enclave refused the cleaning carry of one task: it does not open under the patient's key
 * (altered, or made by another enclave's keys for another patient), names another patient or job,
 * or was made at a window end later than the task's window start (the host handed windows out of
 * order). Nothing of the batch was processed; the message names the task by index, patient
 * pseudonym and window start only.
 *
 * <p>To recover, resubmit with the carry the enclave returned for the patient's previous window,
 * or with a null carry to restart cleaning (and gap counting) at that window.
 */
public final class CarryRefusedException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  private final int taskIndex;

  public CarryRefusedException(int taskIndex, String message) {
    super(message);
    this.taskIndex = taskIndex;
  }

  /** Index in {@link WindowBatch#tasks()} of the task whose carry was refused. */
  public int taskIndex() {
    return taskIndex;
  }
}
