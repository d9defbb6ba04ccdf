package org.trustbeat.clinic;

/**
 * One alert as stored: raised at {@link #raisedAtMillis()}, open until {@link #clearedAtMillis()}
 * is set. The detail names the rule and its thresholds, never a measured value.
 */
public final class Alert {
  private final String patient;
  private final AlertRule rule;
  private final long raisedAt;
  private final Long windowStart;
  private final String detail;
  private final Long clearedAt;

  Alert(
      String patient,
      AlertRule rule,
      long raisedAt,
      Long windowStart,
      String detail,
      Long clearedAt) {
    this.patient = patient;
    this.rule = rule;
    this.raisedAt = raisedAt;
    this.windowStart = windowStart;
    this.detail = detail;
    this.clearedAt = clearedAt;
  }

  public String patient() {
    return patient;
  }

  public AlertRule rule() {
    return rule;
  }

  public long raisedAtMillis() {
    return raisedAt;
  }

  /** The window whose result raised it, or null (e.g. a silent patient). */
  public Long windowStartMillis() {
    return windowStart;
  }

  public String detail() {
    return detail;
  }

  /** When it cleared, or null while open. */
  public Long clearedAtMillis() {
    return clearedAt;
  }

  public boolean open() {
    return clearedAt == null;
  }

  @Override
  public String toString() {
    return "Alert{" + patient + " " + rule + (open() ? " open" : " cleared") + "}";
  }
}
