package org.trustbeat.edge;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A physiological RR-interval model for a simulated wearable. Each interval is
 *
 * <pre>
 *   rr_k = 60000 / meanHeartRate
 *        + lfAmplitude · sin(2π · lfFrequency · t + φ_lf)     (Mayer waves, ≈ 0.1 Hz)
 *        + hfAmplitude · sin(2π · hfFrequency · t + φ_hf)     (respiratory sinus arrhythmia)
 *        + N(0, noise²)
 * </pre>
 *
 * where {@code t} is the time of the previous beat, so the modulation is sampled at the beats
 * themselves as in a real heart. Artifacts occur at a set rate: half are ectopic beats (a premature
 * interval of 0.6·rr followed by a compensatory 1.4·rr), half missed detections (two intervals
 * merged into one). Deterministic for a given seed; not thread-safe (one per sensor).
 */
public final class RrSimulator implements Iterator<Beat> {
  private final double meanRrMs;
  private final double lfAmplitudeMs;
  private final double lfFrequencyHz;
  private final double hfAmplitudeMs;
  private final double hfFrequencyHz;
  private final double noiseMs;
  private final double artifactRate;
  private final SplittableRandom random;
  private final double lfPhase;
  private final double hfPhase;
  private double t;
  private double pendingCompensatoryMs = Double.NaN;
  private long beats;
  private long artifactBeats;
  private long artifactEvents;

  private RrSimulator(Builder b) {
    meanRrMs = 60_000.0 / b.meanHeartRateBpm;
    lfAmplitudeMs = b.lfAmplitudeMs;
    lfFrequencyHz = b.lfFrequencyHz;
    hfAmplitudeMs = b.hfAmplitudeMs;
    hfFrequencyHz = b.hfFrequencyHz;
    noiseMs = b.noiseMs;
    artifactRate = b.artifactRate;
    random = new SplittableRandom(b.seed);
    lfPhase = random.nextDouble() * 2 * Math.PI;
    hfPhase = random.nextDouble() * 2 * Math.PI;
    t = b.startEpochSeconds;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Always true: a simulated sensor never runs dry. Bound it with {@link #take(int)}. */
  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public Beat next() {
    double rr;
    if (!Double.isNaN(pendingCompensatoryMs)) {
      rr = pendingCompensatoryMs;
      pendingCompensatoryMs = Double.NaN;
      artifactBeats++;
    } else {
      double normal = normalInterval(t);
      if (artifactRate > 0 && random.nextDouble() < artifactRate) {
        artifactEvents++;
        artifactBeats++;
        if (random.nextBoolean()) {
          rr = 0.6 * normal;
          pendingCompensatoryMs = 1.4 * normal;
        } else {
          // The detector missed a beat: this interval swallows the next one.
          rr = normal + normalInterval(t + normal / 1000.0);
        }
      } else {
        rr = normal;
      }
    }
    t += rr / 1000.0;
    beats++;
    return new Beat(t, rr);
  }

  private double normalInterval(double at) {
    double rr =
        meanRrMs
            + lfAmplitudeMs * Math.sin(2 * Math.PI * lfFrequencyHz * at + lfPhase)
            + hfAmplitudeMs * Math.sin(2 * Math.PI * hfFrequencyHz * at + hfPhase);
    if (noiseMs > 0) {
      rr += noiseMs * gaussian();
    }
    // A heart cannot beat faster than this; keeps extreme settings physical.
    return Math.max(rr, 250.0);
  }

  private double gaussian() {
    // Box-Muller from the seeded generator, so runs are reproducible across JDKs.
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** An iterator over the next {@code n} beats of this simulator. */
  public Iterator<Beat> take(long n) {
    return new Iterator<>() {
      long left = n;

      @Override
      public boolean hasNext() {
        return left > 0;
      }

      @Override
      public Beat next() {
        if (left <= 0) {
          throw new NoSuchElementException();
        }
        left--;
        return RrSimulator.this.next();
      }
    };
  }

  /** Beats emitted so far. */
  public long beats() {
    return beats;
  }

  /** Emitted beats that are artifacts (an ectopic event counts 2, a missed detection 1). */
  public long artifactBeats() {
    return artifactBeats;
  }

  /** Artifact events started so far (ectopic or missed detection). */
  public long artifactEvents() {
    return artifactEvents;
  }

  public double meanRrMs() {
    return meanRrMs;
  }

  @Override
  public String toString() {
    return "RrSimulator{beats=" + beats + ", artifactBeats=" + artifactBeats + "}";
  }

  /** Validating builder; defaults describe a healthy adult at rest. */
  public static final class Builder {
    private long seed = 1;
    private double meanHeartRateBpm = 70;
    private double lfAmplitudeMs = 25;
    private double lfFrequencyHz = 0.1;
    private double hfAmplitudeMs = 20;
    private double hfFrequencyHz = 0.25;
    private double noiseMs = 5;
    private double artifactRate = 0.0;
    private double startEpochSeconds = 1_700_000_000.0;

    private Builder() {}

    public Builder setSeed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder setMeanHeartRate(double bpm) {
      this.meanHeartRateBpm = bpm;
      return this;
    }

    /** Mayer-wave modulation: amplitude (ms) and frequency (Hz, LF band 0.04–0.15). */
    public Builder setLf(double amplitudeMs, double frequencyHz) {
      this.lfAmplitudeMs = amplitudeMs;
      this.lfFrequencyHz = frequencyHz;
      return this;
    }

    /** Respiratory modulation: amplitude (ms) and frequency (Hz, HF band 0.15–0.4). */
    public Builder setHf(double amplitudeMs, double frequencyHz) {
      this.hfAmplitudeMs = amplitudeMs;
      this.hfFrequencyHz = frequencyHz;
      return this;
    }

    /** Standard deviation of white Gaussian noise on each interval, ms. */
    public Builder setNoise(double noiseMs) {
      this.noiseMs = noiseMs;
      return this;
    }

    /** Probability that a beat starts an artifact (ectopic or missed detection), 0..0.5. */
    public Builder setArtifactRate(double artifactRate) {
      this.artifactRate = artifactRate;
      return this;
    }

    /** Time (epoch seconds) before the first beat. */
    public Builder setStartEpochSeconds(double startEpochSeconds) {
      this.startEpochSeconds = startEpochSeconds;
      return this;
    }

    public RrSimulator build() {
      if (!(meanHeartRateBpm >= 30 && meanHeartRateBpm <= 220)) {
        throw new IllegalArgumentException(
            "mean heart rate " + meanHeartRateBpm + " bpm is outside 30..220; set a human rate");
      }
      check(
          lfAmplitudeMs >= 0 && hfAmplitudeMs >= 0 && noiseMs >= 0,
          "amplitudes and noise must be >= 0 ms");
      check(lfFrequencyHz > 0 && hfFrequencyHz > 0, "modulation frequencies must be > 0 Hz");
      double beatHz = meanHeartRateBpm / 60.0;
      check(
          lfFrequencyHz < beatHz / 2 && hfFrequencyHz < beatHz / 2,
          "modulation frequencies must be below half the heart rate ("
              + beatHz / 2
              + " Hz), or the beats cannot sample them");
      check(artifactRate >= 0 && artifactRate <= 0.5, "artifact rate must be in 0..0.5");
      check(
          Double.isFinite(startEpochSeconds) && startEpochSeconds >= 0,
          "start time must be epoch seconds >= 0");
      return new RrSimulator(this);
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
