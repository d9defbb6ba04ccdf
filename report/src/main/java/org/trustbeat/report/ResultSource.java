package org.trustbeat.report;

import java.util.Objects;
import org.trustbeat.edge.ConsumedResult;

/**
 * Who computed a result and how far it can be trusted: the host kind ("mode") and attestation kind
 * from the result's authenticated header, the consumer's label for them, and the algorithm and job.
 * Reports print {@link #label()} next to every number, so a simulated enclave never reads as
 * hardware protection.
 *
 * <p>Immutable; equal sources are grouped under one provenance record.
 */
public final class ResultSource {
  /** The mode of a result that the local {@code trustbeat hrv} computed from a clear file. */
  public static final String LOCAL_MODE = "local";

  private final String mode;
  private final String attestation;
  private final String label;
  private final boolean hardwareProtected;
  private final String algorithm;
  private final String job;

  private ResultSource(
      String mode,
      String attestation,
      String label,
      boolean hardwareProtected,
      String algorithm,
      String job) {
    this.mode = requireText(mode, "mode");
    this.attestation = requireText(attestation, "attestation");
    this.label = requireText(label, "label");
    this.hardwareProtected = hardwareProtected;
    this.algorithm = requireText(algorithm, "algorithm");
    this.job = requireText(job, "job");
  }

  /** The source an opened result's authenticated header names, labelled as the consumer does. */
  public static ResultSource of(ConsumedResult r) {
    return new ResultSource(
        r.hostKind(),
        r.attestationKind(),
        r.label(),
        r.claimsHardwareProtection(),
        r.algorithm(),
        r.jobId());
  }

  /**
   * A source as a result store kept it from an opened result's header and the consumer's label
   * (e.g. the clinic's store); {@code hardwareProtected} must be what the consumer decided.
   */
  public static ResultSource of(
      String mode,
      String attestation,
      String label,
      boolean hardwareProtected,
      String algorithm,
      String job) {
    return new ResultSource(mode, attestation, label, hardwareProtected, algorithm, job);
  }

  /**
   * A file analysed on this machine by {@code trustbeat hrv}: clear data, no enclave, no
   * attestation.
   */
  public static ResultSource localAnalysis(String job) {
    return new ResultSource(
        LOCAL_MODE,
        "none",
        "[local analysis of clear data: no enclave, no attestation]",
        false,
        job,
        job);
  }

  /** The host kind, e.g. {@code sealed-process}, {@code sgx}, or {@link #LOCAL_MODE}. */
  public String mode() {
    return mode;
  }

  /** The attestation kind, e.g. {@code SIMULATION}, {@code SGX_DCAP}, or {@code none}. */
  public String attestation() {
    return attestation;
  }

  /**
   * E.g. {@code [sealed-process, SIMULATION attestation: no hardware protection]}; says "no
   * hardware protection" unless the result came from an SGX enclave with a DCAP-verified key
   * release for a patient who is not a test patient.
   */
  public String label() {
    return label;
  }

  /** Whether the result claims hardware protection (SGX with DCAP, not a test patient). */
  public boolean hardwareProtected() {
    return hardwareProtected;
  }

  public String algorithm() {
    return algorithm;
  }

  public String job() {
    return job;
  }

  /** One sentence for people: what computed the values and whether hardware protected them. */
  public String statement() {
    if (LOCAL_MODE.equals(mode)) {
      return "Computed by trustbeat hrv on this machine from a clear RR file (job "
          + job
          + "): no enclave, no attestation.";
    }
    return "Computed in a "
        + (hardwareProtected ? "hardware (SGX) enclave" : "SIMULATED enclave")
        + " "
        + label
        + " ("
        + algorithm
        + ", job "
        + job
        + ")"
        + (hardwareProtected ? "." : ": the enclave had no hardware protection.");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResultSource s
        && mode.equals(s.mode)
        && attestation.equals(s.attestation)
        && label.equals(s.label)
        && hardwareProtected == s.hardwareProtected
        && algorithm.equals(s.algorithm)
        && job.equals(s.job);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, attestation, label, hardwareProtected, algorithm, job);
  }

  @Override
  public String toString() {
    return "ResultSource" + label + "{algorithm=" + algorithm + ", job=" + job + "}";
  }

  private static String requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("a result source needs a " + what);
    }
    return s;
  }
}
