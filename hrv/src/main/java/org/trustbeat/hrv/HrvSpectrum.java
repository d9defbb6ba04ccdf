package org.trustbeat.hrv;

import org.trustbeat.hrv.internal.FrequencyDomain;
import org.trustbeat.hrv.internal.Welch;
import org.trustbeat.hrv.internal.WindowBeats;

/** The Welch power spectral density behind the frequency metrics, for plots and reports. */
public final class HrvSpectrum {
  private final double[] frequencies;
  private final double[] density;

  private HrvSpectrum(double[] frequencies, double[] density) {
    this.frequencies = frequencies;
    this.density = density;
  }

  /**
   * The PSD of a whole record's NN series, or {@code null} when the spec computes no spectrum for
   * it (under 120 s or under 100 NN beats).
   */
  public static HrvSpectrum ofWholeRecord(BeatSeries beats) {
    WindowBeats w =
        WindowBeats.ofAll(
            beats.timesView(), beats.rrView(), RrCleaner.accept(beats.timesView(), beats.rrView()));
    Welch psd = FrequencyDomain.spectrum(w);
    return psd == null ? null : new HrvSpectrum(psd.frequencies(), psd.density());
  }

  /** Bin frequencies in Hz. */
  public double[] frequencies() {
    return frequencies.clone();
  }

  /** One-sided density in ms²/Hz. */
  public double[] density() {
    return density.clone();
  }
}
