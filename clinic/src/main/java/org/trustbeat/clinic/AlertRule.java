package org.trustbeat.clinic;

/** The kinds of alert; each patient has at most one open alert per kind. */
public enum AlertRule {
  HR_HIGH("mean heart rate high"),
  HR_LOW("mean heart rate low"),
  SDNN_LOW("SDNN low"),
  POOR_RUN("run of poor-quality windows"),
  SILENT("no result where one was due"),
  MISSING_WINDOWS("windows missing"),
  UNCOVERED_SEQUENCES("chunks covered by no result"),
  REFUSED_RESULT("a result was refused"),
  WEAK_MODE("mode weaker than the patient's policy");

  private final String title;

  AlertRule(String title) {
    this.title = title;
  }

  /** A short plain-language title for lists and logs. */
  public String title() {
    return title;
  }
}
