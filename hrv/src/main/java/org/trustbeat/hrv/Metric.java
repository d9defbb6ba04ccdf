package org.trustbeat.hrv;

/** Every HRV number of HRV-SPEC sections 4–6, in the order the spec lists them. */
public enum Metric {
  N_NN("n_nn", Group.TIME, true),
  MEAN_NN("mean_nn", Group.TIME, false),
  MEDIAN_NN("median_nn", Group.TIME, false),
  SDNN("sdnn", Group.TIME, false),
  RMSSD("rmssd", Group.TIME, false),
  SDSD("sdsd", Group.TIME, false),
  NN50("nn50", Group.TIME, true),
  PNN50("pnn50", Group.TIME, false),
  NN20("nn20", Group.TIME, true),
  PNN20("pnn20", Group.TIME, false),
  CVNN("cvnn", Group.TIME, false),
  MEAN_HR("mean_hr", Group.TIME, false),
  STD_HR("std_hr", Group.TIME, false),
  MIN_HR("min_hr", Group.TIME, false),
  MAX_HR("max_hr", Group.TIME, false),
  HTI("hti", Group.TIME, false),
  SDANN("sdann", Group.WHOLE_RECORD, false),
  SDNN_INDEX("sdnn_index", Group.WHOLE_RECORD, false),
  VLF("vlf", Group.FREQUENCY, false),
  LF("lf", Group.FREQUENCY, false),
  HF("hf", Group.FREQUENCY, false),
  TOTAL_POWER("total_power", Group.FREQUENCY, false),
  LF_HF("lf_hf", Group.FREQUENCY, false),
  LF_NU("lf_nu", Group.FREQUENCY, false),
  HF_NU("hf_nu", Group.FREQUENCY, false),
  LF_PEAK("lf_peak", Group.FREQUENCY, false),
  HF_PEAK("hf_peak", Group.FREQUENCY, false),
  SD1("sd1", Group.NONLINEAR, false),
  SD2("sd2", Group.NONLINEAR, false),
  SD1_SD2("sd1_sd2", Group.NONLINEAR, false),
  SAMPEN("sampen", Group.NONLINEAR, false),
  DFA_A1("dfa_a1", Group.NONLINEAR, false),
  DFA_A2("dfa_a2", Group.NONLINEAR, false);

  /** Which section of the spec a metric belongs to. */
  public enum Group {
    TIME,
    WHOLE_RECORD,
    FREQUENCY,
    NONLINEAR
  }

  private final String specName;
  private final Group group;
  private final boolean count;

  Metric(String specName, Group group, boolean count) {
    this.specName = specName;
    this.group = group;
    this.count = count;
  }

  /** The name HRV-SPEC uses, which is also the JSON and CSV key. */
  public String specName() {
    return specName;
  }

  public Group group() {
    return group;
  }

  /** Whether the value is a whole count (printed without a fraction). */
  public boolean isCount() {
    return count;
  }

  /** Looks a metric up by its spec name. */
  public static Metric bySpecName(String name) {
    for (Metric m : values()) {
      if (m.specName.equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown HRV metric '" + name + "'");
  }
}
