package org.trustbeat.report;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.trustbeat.hrv.Metric;

/**
 * How each HRV-SPEC number is named and coded in the clinician's documents: its code in the
 * project's code system (the spec name) and, where LOINC has one, the LOINC code; its UCUM unit and
 * the unit as people read it; a short label (report tables) and a display (FHIR).
 *
 * <p>LOINC codes are used only where LOINC defines exactly the quantity: heart rate (8867-4, for
 * {@code mean_hr}) and the standard deviation of R-R intervals (80404-7, for {@code sdnn}). The
 * others (RMSSD, the band powers, SD1/SD2, entropies) have no LOINC code this project knows of and
 * are coded in {@link #SYSTEM} only, rather than by a near miss.
 */
public final class HrvCoding {
  /** The project's code system for HRV metrics and metric groups; codes are the spec names. */
  public static final String SYSTEM = "https://trustbeat.org/fhir/CodeSystem/hrv";

  /** The project's code system for a window's signal quality (good, fair, poor). */
  public static final String QUALITY_SYSTEM = "https://trustbeat.org/fhir/CodeSystem/hrv-quality";

  /** The identifier system of patient pseudonyms (the ids results carry). */
  public static final String PATIENT_SYSTEM =
      "https://trustbeat.org/fhir/NamingSystem/patient-pseudonym";

  /** The identifier system of recordings analysed from files. */
  public static final String RECORD_SYSTEM = "https://trustbeat.org/fhir/NamingSystem/rr-record";

  public static final String LOINC = "http://loinc.org";
  public static final String UCUM = "http://unitsofmeasure.org";

  /** The count and quality numbers every window has, coded like metrics in {@link #SYSTEM}. */
  public static final String N_TOTAL = "n_total";

  public static final String N_REJECTED = "n_rejected";
  public static final String ARTIFACT_PCT = "artifact_pct";

  /** One number's coding. */
  public record Coding(
      String code,
      String label,
      String display,
      String loinc,
      String loincDisplay,
      String ucum,
      String unit) {}

  private static final Map<Metric, Coding> METRICS = new EnumMap<>(Metric.class);

  static {
    put(Metric.N_NN, "NN intervals", "Number of NN intervals", "1", "beats");
    put(Metric.MEAN_NN, "Mean NN", "Mean NN interval", "ms", "ms");
    put(Metric.MEDIAN_NN, "Median NN", "Median NN interval", "ms", "ms");
    METRICS.put(
        Metric.SDNN,
        new Coding(
            "sdnn",
            "SDNN",
            "SDNN: standard deviation of NN intervals",
            "80404-7",
            "R-R interval.standard deviation (Heart rate variability)",
            "ms",
            "ms"));
    put(Metric.RMSSD, "RMSSD", "RMSSD: root mean square of successive NN differences", "ms", "ms");
    put(Metric.SDSD, "SDSD", "SDSD: standard deviation of successive NN differences", "ms", "ms");
    put(Metric.NN50, "NN50", "NN50: successive differences over 50 ms", "1", "differences");
    put(Metric.PNN50, "pNN50", "pNN50: share of successive differences over 50 ms", "%", "%");
    put(Metric.NN20, "NN20", "NN20: successive differences over 20 ms", "1", "differences");
    put(Metric.PNN20, "pNN20", "pNN20: share of successive differences over 20 ms", "%", "%");
    put(Metric.CVNN, "CVNN", "CVNN: SDNN / mean NN", "1", "ratio");
    METRICS.put(
        Metric.MEAN_HR,
        new Coding(
            "mean_hr",
            "Mean HR",
            "Mean heart rate of the NN intervals",
            "8867-4",
            "Heart rate",
            "/min",
            "beats/min"));
    put(Metric.STD_HR, "SD of HR", "Standard deviation of heart rate", "/min", "beats/min");
    put(Metric.MIN_HR, "Min HR", "Minimum heart rate", "/min", "beats/min");
    put(Metric.MAX_HR, "Max HR", "Maximum heart rate", "/min", "beats/min");
    put(Metric.HTI, "HRV tri. index", "HRV triangular index", "1", "index");
    put(Metric.SDANN, "SDANN", "SDANN: standard deviation of 5-min mean NN", "ms", "ms");
    put(Metric.SDNN_INDEX, "SDNN index", "SDNN index: mean of 5-min SDNN", "ms", "ms");
    put(Metric.VLF, "VLF power", "VLF power (0.0033-0.04 Hz, Welch)", "ms2", "ms²");
    put(Metric.LF, "LF power", "LF power (0.04-0.15 Hz, Welch)", "ms2", "ms²");
    put(Metric.HF, "HF power", "HF power (0.15-0.40 Hz, Welch)", "ms2", "ms²");
    put(Metric.TOTAL_POWER, "Total power", "Total power (VLF + LF + HF)", "ms2", "ms²");
    put(Metric.LF_HF, "LF/HF", "LF/HF ratio", "1", "ratio");
    put(Metric.LF_NU, "LF (n.u.)", "LF in normalised units: 100 LF / (LF + HF)", "%", "n.u.");
    put(Metric.HF_NU, "HF (n.u.)", "HF in normalised units: 100 HF / (LF + HF)", "%", "n.u.");
    put(Metric.LF_PEAK, "LF peak", "LF peak frequency", "Hz", "Hz");
    put(Metric.HF_PEAK, "HF peak", "HF peak frequency", "Hz", "Hz");
    put(Metric.SD1, "SD1", "Poincaré SD1", "ms", "ms");
    put(Metric.SD2, "SD2", "Poincaré SD2", "ms", "ms");
    put(Metric.SD1_SD2, "SD1/SD2", "Poincaré SD1/SD2", "1", "ratio");
    put(Metric.SAMPEN, "Sample entropy", "Sample entropy (m = 2, r = 0.2 SDNN)", "1", "1");
    put(Metric.DFA_A1, "DFA alpha1", "DFA alpha 1 (4-16 beats)", "1", "1");
    put(Metric.DFA_A2, "DFA alpha2", "DFA alpha 2 (16-64 beats)", "1", "1");
    for (Metric m : Metric.values()) {
      if (!METRICS.containsKey(m)) {
        throw new AssertionError("no FHIR coding for " + m);
      }
    }
  }

  public static final Coding TOTAL =
      new Coding(
          N_TOTAL, "Beats", "Number of RR intervals in the window", null, null, "1", "beats");
  public static final Coding REJECTED =
      new Coding(
          N_REJECTED, "Rejected", "RR intervals rejected as artefacts", null, null, "1", "beats");
  public static final Coding ARTIFACTS =
      new Coding(
          ARTIFACT_PCT,
          "Artefacts",
          "Share of RR intervals rejected as artefacts",
          null,
          null,
          "%",
          "%");

  private HrvCoding() {}

  private static void put(Metric m, String label, String display, String ucum, String unit) {
    METRICS.put(m, new Coding(m.specName(), label, display, null, null, ucum, unit));
  }

  /**
   * A present value as people read it: counts whole; otherwise no decimals from 1000, one from 10,
   * three below. The one rule of the table of {@code trustbeat hrv} and of the report.
   */
  public static String format(Metric m, double v) {
    if (m.isCount()) {
      return Long.toString((long) v);
    }
    double a = Math.abs(v);
    return String.format(Locale.ROOT, a >= 1000 ? "%.0f" : a >= 10 ? "%.1f" : "%.3f", v);
  }

  /** The coding of a metric. */
  public static Coding of(Metric m) {
    return METRICS.get(m);
  }

  /** The group observation's code and display in {@link #SYSTEM}. */
  public static String groupCode(Metric.Group g) {
    return switch (g) {
      case TIME -> "hrv-time-domain";
      case WHOLE_RECORD -> "hrv-whole-record";
      case FREQUENCY -> "hrv-frequency-domain";
      case NONLINEAR -> "hrv-nonlinear";
    };
  }

  public static String groupDisplay(Metric.Group g) {
    return switch (g) {
      case TIME -> "Heart rate variability, time domain (HRV-SPEC section 4)";
      case WHOLE_RECORD -> "Heart rate variability over the whole record (SDANN, SDNN index)";
      case FREQUENCY -> "Heart rate variability, frequency domain, Welch PSD (HRV-SPEC section 5)";
      case NONLINEAR -> "Heart rate variability, non-linear (HRV-SPEC section 6)";
    };
  }
}
