package org.trustbeat.hrv;

import java.util.Locale;

/** The analyses a window can be given: the paper's three jobs and this project's full suite. */
public enum HrvJob {
  /** Every sample of the window, returned unchanged: measures the system's own overhead. */
  IDENTITY("identity"),
  /** n_nn, mean_nn and sdnn. */
  SDNN("sdnn"),
  /** lf, hf and lf_hf by the Welch method. */
  HRV_BANDS("hrv-bands"),
  /** Every metric of HRV-SPEC sections 4–6 (the whole-record ones only for whole records). */
  HRV("hrv");

  private final String jobName;

  HrvJob(String jobName) {
    this.jobName = jobName;
  }

  /** The name used on the command line and in result envelopes. */
  public String jobName() {
    return jobName;
  }

  public static HrvJob byName(String name) {
    for (HrvJob j : values()) {
      if (j.jobName.equals(name.toLowerCase(Locale.ROOT))) {
        return j;
      }
    }
    throw new IllegalArgumentException(
        "unknown job '" + name + "'; use one of identity, sdnn, hrv-bands, hrv");
  }

  @Override
  public String toString() {
    return jobName;
  }
}
