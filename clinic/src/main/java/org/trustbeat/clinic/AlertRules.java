package org.trustbeat.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Set;
import org.trustbeat.clinic.internal.TomlTable;

/**
 * Which alerts to raise and at what thresholds. Immutable; build with {@link #builder()} or read an
 * {@code [alerts]} TOML table with {@link #fromToml}. A rule whose threshold is not set is off; the
 * integrity rules (missing windows, uncovered sequences, refused results, a mode weaker than the
 * patient's policy) are on unless {@code integrity = false}.
 *
 * <pre>
 * [alerts]
 * hr_above_bpm = 120            # mean HR above this ...
 * hr_below_bpm = 40             # ... or below this ...
 * hr_windows = 3                # ... for this many consecutive windows
 * sdnn_below_ms = 20            # SDNN of the latest non-poor window below this
 * silent_minutes = 15           # no result this long after the last window ended
 * poor_windows = 3              # this many consecutive poor windows
 * integrity = true
 * </pre>
 */
public final class AlertRules {
  private static final Set<String> KEYS =
      Set.of(
          "hr_above_bpm",
          "hr_below_bpm",
          "hr_windows",
          "sdnn_below_ms",
          "silent_minutes",
          "poor_windows",
          "integrity");

  private final Double hrAbove;
  private final Double hrBelow;
  private final int hrWindows;
  private final Double sdnnBelow;
  private final Duration silentAfter;
  private final int poorWindows;
  private final boolean integrity;

  private AlertRules(Builder b) {
    hrAbove = b.hrAbove;
    hrBelow = b.hrBelow;
    hrWindows = b.hrWindows;
    sdnnBelow = b.sdnnBelow;
    silentAfter = b.silentAfter;
    poorWindows = b.poorWindows;
    integrity = b.integrity;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Only the integrity rules. */
  public static AlertRules integrityOnly() {
    return builder().build();
  }

  /**
   * Reads an {@code [alerts]} table (null or missing: {@link #integrityOnly()}).
   *
   * @throws IllegalArgumentException naming the key and the fix for an unknown key, a wrong type or
   *     a value out of range
   */
  public static AlertRules fromToml(JsonNode alertsTable) {
    TomlTable t = TomlTable.of("alerts", alertsTable, KEYS);
    Builder b = builder();
    if (t.has("hr_above_bpm")) {
      b.setHrAbove(t.number("hr_above_bpm"));
    }
    if (t.has("hr_below_bpm")) {
      b.setHrBelow(t.number("hr_below_bpm"));
    }
    if (t.has("hr_windows")) {
      b.setHrWindows(t.integer("hr_windows"));
    }
    if (t.has("sdnn_below_ms")) {
      b.setSdnnBelow(t.number("sdnn_below_ms"));
    }
    if (t.has("silent_minutes")) {
      b.setSilentAfter(Duration.ofSeconds(Math.round(t.number("silent_minutes") * 60)));
    }
    if (t.has("poor_windows")) {
      b.setPoorWindows(t.integer("poor_windows"));
    }
    if (t.has("integrity")) {
      b.setIntegrity(t.bool("integrity"));
    }
    return b.build();
  }

  /** Mean HR (bpm) above which {@link AlertRule#HR_HIGH} counts a window, or null (off). */
  public Double hrAbove() {
    return hrAbove;
  }

  public Double hrBelow() {
    return hrBelow;
  }

  /** Consecutive windows the HR rules need. */
  public int hrWindows() {
    return hrWindows;
  }

  public Double sdnnBelow() {
    return sdnnBelow;
  }

  /** Silence after the end of the last window that raises {@link AlertRule#SILENT}, or null. */
  public Duration silentAfter() {
    return silentAfter;
  }

  /** Consecutive poor windows that raise {@link AlertRule#POOR_RUN}, or 0 (off). */
  public int poorWindows() {
    return poorWindows;
  }

  public boolean integrity() {
    return integrity;
  }

  @Override
  public String toString() {
    return "AlertRules{hrAbove="
        + hrAbove
        + ", hrBelow="
        + hrBelow
        + ", hrWindows="
        + hrWindows
        + ", sdnnBelow="
        + sdnnBelow
        + ", silentAfter="
        + silentAfter
        + ", poorWindows="
        + poorWindows
        + ", integrity="
        + integrity
        + "}";
  }

  /** Validating builder; every setter's range is checked in {@link #build()}. */
  public static final class Builder {
    private Double hrAbove;
    private Double hrBelow;
    private int hrWindows = 1;
    private Double sdnnBelow;
    private Duration silentAfter;
    private int poorWindows;
    private boolean integrity = true;

    private Builder() {}

    public Builder setHrAbove(double bpm) {
      this.hrAbove = bpm;
      return this;
    }

    public Builder setHrBelow(double bpm) {
      this.hrBelow = bpm;
      return this;
    }

    public Builder setHrWindows(int windows) {
      this.hrWindows = windows;
      return this;
    }

    public Builder setSdnnBelow(double ms) {
      this.sdnnBelow = ms;
      return this;
    }

    public Builder setSilentAfter(Duration silence) {
      this.silentAfter = silence;
      return this;
    }

    public Builder setPoorWindows(int windows) {
      this.poorWindows = windows;
      return this;
    }

    public Builder setIntegrity(boolean integrity) {
      this.integrity = integrity;
      return this;
    }

    public AlertRules build() {
      checkRange("hr_above_bpm", hrAbove, 20, 300);
      checkRange("hr_below_bpm", hrBelow, 20, 300);
      if (hrAbove != null && hrBelow != null && hrBelow >= hrAbove) {
        throw new IllegalArgumentException(
            "[alerts] hr_below_bpm ("
                + hrBelow
                + ") must be lower than hr_above_bpm ("
                + hrAbove
                + ")");
      }
      if (hrWindows < 1 || hrWindows > 1000) {
        throw new IllegalArgumentException("[alerts] hr_windows must be 1..1000, was " + hrWindows);
      }
      checkRange("sdnn_below_ms", sdnnBelow, 0.1, 1000);
      if (silentAfter != null && (silentAfter.toSeconds() < 60 || silentAfter.toDays() > 7)) {
        throw new IllegalArgumentException(
            "[alerts] silent_minutes must be between 1 and 10080 (7 days)");
      }
      if (poorWindows < 0 || poorWindows > 1000) {
        throw new IllegalArgumentException(
            "[alerts] poor_windows must be 1..1000 (or left out to turn the rule off), was "
                + poorWindows);
      }
      return new AlertRules(this);
    }

    private static void checkRange(String key, Double v, double lo, double hi) {
      if (v != null && !(v >= lo && v <= hi)) {
        throw new IllegalArgumentException(
            "[alerts] " + key + " must be between " + lo + " and " + hi + ", was " + v);
      }
    }
  }
}
