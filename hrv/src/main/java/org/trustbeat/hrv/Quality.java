package org.trustbeat.hrv;

/**
 * A window's quality grade by its share of rejected beats (HRV-SPEC section 4). Every window that
 * holds a beat is reported with its grade: a clinician must see a poor stretch, not a gap.
 */
public enum Quality {
  /** {@code artifact_pct ≤ 5}. */
  GOOD("good"),
  /** {@code 5 < artifact_pct ≤ 20}. */
  FAIR("fair"),
  /** {@code artifact_pct > 20}: still computed, but marked wherever shown and left out of sdann. */
  POOR("poor");

  public static final double GOOD_MAX_ARTIFACT_PCT = 5.0;
  public static final double FAIR_MAX_ARTIFACT_PCT = 20.0;

  private final String specName;

  Quality(String specName) {
    this.specName = specName;
  }

  /** The grade of a window whose artefact share is {@code artifactPct} percent. */
  public static Quality of(double artifactPct) {
    if (artifactPct <= GOOD_MAX_ARTIFACT_PCT) {
      return GOOD;
    }
    return artifactPct <= FAIR_MAX_ARTIFACT_PCT ? FAIR : POOR;
  }

  /**
   * The grade of a window with {@code rejected} of {@code total} beats rejected ({@code total >
   * 0}).
   */
  public static Quality of(int total, int rejected) {
    return of(artifactPercent(total, rejected));
  }

  /** {@code 100 · rejected / total}, 0 for an empty window. */
  public static double artifactPercent(int total, int rejected) {
    return total == 0 ? 0.0 : 100.0 * rejected / total;
  }

  /** The spec's lower-case name, as JSON and CSV print it. */
  public String specName() {
    return specName;
  }

  /** Parses a spec name ({@code good}, {@code fair}, {@code poor}). */
  public static Quality fromSpecName(String name) {
    for (Quality q : values()) {
      if (q.specName.equals(name)) {
        return q;
      }
    }
    throw new IllegalArgumentException(
        "unknown quality '" + name + "'; expected good, fair or poor");
  }
}
