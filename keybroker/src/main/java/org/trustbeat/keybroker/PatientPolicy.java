package org.trustbeat.keybroker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.trustbeat.attestation.EnclaveIdentity;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.attestation.TcbStatus;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.keybroker.internal.BodyBytes;
import org.trustbeat.protocol.AnalysisPolicy;
import org.trustbeat.protocol.MalformedEnvelopeException;

/**
 * What one patient's keys may be released to, and what analysis their data may then get. Kept with
 * the patient's keys in the {@link PatientKeyStore} and applied by the key broker to every release,
 * after the broker's global {@code AttestationPolicy}. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li><b>Analysis</b> ({@link #analysis()}): the jobs and window lengths the enclave may run on
 *       the patient's data; default {@code hrv}, {@code hrv-bands} and {@code sdnn} on 300-s
 *       windows. {@code identity}, whose result carries the raw samples, only when named. It
 *       travels inside the release, and the enclave enforces it.
 *   <li><b>Evidence kinds</b>: {@code SGX_DCAP} always (subject to the global measurement and TCB
 *       policy); {@code SIMULATION} only for a <em>test patient</em> — whoever holds the simulation
 *       key can sign any statement, so a real patient's keys never go to a simulated enclave.
 *   <li><b>Narrower enclave rules</b>, optional: MRENCLAVEs and TCB statuses the patient's keys may
 *       go to. An enclave must satisfy both these and the global policy; an empty set adds no rule.
 * </ul>
 *
 * <h2>Security guarantees</h2>
 *
 * {@link #check} judges only the identity the broker's verifier produced from the evidence, never a
 * label the requester chose. The serialized form ({@link #toBytes()}) is stored encrypted and
 * authenticated under the master key, bound to the patient's pseudonym.
 */
public final class PatientPolicy {
  private static final int FORMAT_VERSION = 1;
  private static final int FLAG_TEST_PATIENT = 1;
  private static final int MAX_MEASUREMENTS = 64;
  private static final PatientPolicy DEFAULTS = builder().build();

  private final boolean testPatient;
  private final AnalysisPolicy analysis;
  private final SortedSet<String> mrenclaves;
  private final Set<TcbStatus> tcbStatuses;

  private PatientPolicy(
      boolean testPatient,
      AnalysisPolicy analysis,
      SortedSet<String> mrenclaves,
      Set<TcbStatus> tcbStatuses) {
    this.testPatient = testPatient;
    this.analysis = analysis;
    this.mrenclaves = Collections.unmodifiableSortedSet(mrenclaves);
    this.tcbStatuses =
        Collections.unmodifiableSet(
            tcbStatuses.isEmpty() ? EnumSet.noneOf(TcbStatus.class) : EnumSet.copyOf(tcbStatuses));
  }

  /** Not a test patient; default analyses; no rule beyond the global policy. */
  public static PatientPolicy defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The builder's jobs and windows, from their stored form. */
  private static void setAnalysis(Builder b, AnalysisPolicy analysis) {
    b.jobs = new ArrayList<>();
    for (String j : analysis.jobs()) {
      b.jobs.add(HrvJob.byName(j));
    }
    b.windows = new ArrayList<>();
    for (long ms : analysis.windowMillis()) {
      b.windows.add(Duration.ofMillis(ms));
    }
  }

  /** A builder starting from this policy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.testPatient = testPatient;
    setAnalysis(b, analysis);
    b.mrenclaves.addAll(mrenclaves);
    b.tcbStatuses.addAll(tcbStatuses);
    return b;
  }

  /** Whether simulated enclaves may get this patient's keys (development and demo data only). */
  public boolean testPatient() {
    return testPatient;
  }

  public AnalysisPolicy analysis() {
    return analysis;
  }

  /** {@code SGX_DCAP}, and {@code SIMULATION} for a test patient. */
  public Set<EvidenceKind> allowedEvidenceKinds() {
    return testPatient ? EnumSet.allOf(EvidenceKind.class) : EnumSet.of(EvidenceKind.SGX_DCAP);
  }

  /** MRENCLAVEs (lower-case hex) the keys may go to; empty: any the global policy allows. */
  public SortedSet<String> mrenclaves() {
    return mrenclaves;
  }

  /** SGX TCB statuses the keys may go to; empty: any the global policy accepts. */
  public Set<TcbStatus> tcbStatuses() {
    return tcbStatuses;
  }

  /**
   * Judges a verified enclave identity for this patient.
   *
   * @return null if the patient's keys may be released to it, else the refusal naming the rule and
   *     its fix
   */
  public PatientRefusal check(String patient, EnclaveIdentity identity) {
    if (identity.kind() == EvidenceKind.SIMULATION && !testPatient) {
      return PatientRefusal.of(
          patient,
          RefusalReason.SIMULATION_NOT_ALLOWED_FOR_PATIENT,
          "patient "
              + patient
              + " is not a test patient, and SIMULATION evidence (no hardware"
              + " protection; anyone with the simulation key can sign it) is accepted only for test"
              + " patients; run the enclave under SGX, or mark the patient with `trustbeat patients"
              + " policy "
              + patient
              + " --test-patient` if their data is test data");
    }
    if (!mrenclaves.isEmpty() && !mrenclaves.contains(identity.mrenclaveHex())) {
      return PatientRefusal.of(
          patient,
          RefusalReason.MRENCLAVE_NOT_ALLOWED_FOR_PATIENT,
          "MRENCLAVE "
              + identity.mrenclaveHex()
              + " is not among the enclaves patient "
              + patient
              + " allows; add it with `trustbeat patients policy "
              + patient
              + " --allow-mrenclave HEX` if this build is trusted with their data");
    }
    if (identity.kind() == EvidenceKind.SGX_DCAP && !tcbStatuses.isEmpty()) {
      TcbStatus status = identity.tcbStatus().orElse(null);
      if (status == null || !tcbStatuses.contains(status)) {
        return PatientRefusal.of(
            patient,
            RefusalReason.TCB_STATUS_NOT_ALLOWED_FOR_PATIENT,
            "the platform's TCB status is "
                + (status == null ? "not evaluated" : status.intelName())
                + " but patient "
                + patient
                + " accepts only "
                + names(tcbStatuses)
                + "; patch the platform, or widen the patient's policy with `trustbeat patients"
                + " policy "
                + patient
                + " --accept-tcb-status STATUS`");
      }
    }
    return null;
  }

  /** The stored form; see {@link #parse}. */
  public byte[] toBytes() {
    BinaryWriter out = BodyBytes.writer(128).u8(FORMAT_VERSION);
    out.u8(testPatient ? FLAG_TEST_PATIENT : 0).prefixed(2, analysis.toBytes());
    out.u8(mrenclaves.size());
    for (String m : mrenclaves) {
      out.bytes(HexFormat.of().parseHex(m));
    }
    out.u8(tcbStatuses.size());
    for (TcbStatus s : tcbStatuses) {
      out.prefixed(1, s.intelName().getBytes(StandardCharsets.US_ASCII));
    }
    return out.finish();
  }

  /**
   * Reads {@link #toBytes()}.
   *
   * @throws IllegalArgumentException naming what is wrong (the store turns it into an error that
   *     says to restore the file)
   */
  public static PatientPolicy parse(byte[] bytes) {
    BinaryReader<IllegalArgumentException> in = BodyBytes.reader(bytes, "patient policy");
    int version = in.u8("version");
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("patient policy format " + version + " is not supported");
    }
    int flags = in.u8("flags");
    if ((flags & ~FLAG_TEST_PATIENT) != 0) {
      throw new IllegalArgumentException("patient policy has unknown flags");
    }
    byte[] a = in.bytes(in.u16("analysis length"), "analysis");
    AnalysisPolicy analysis;
    try {
      analysis = AnalysisPolicy.parse(a);
    } catch (MalformedEnvelopeException e) {
      throw new IllegalArgumentException("patient policy: " + e.getMessage(), e);
    }
    Builder b = builder().testPatient((flags & FLAG_TEST_PATIENT) != 0);
    setAnalysis(b, analysis);
    int m = in.u8("mrenclave count");
    for (int i = 0; i < m; i++) {
      byte[] raw = in.bytes(32, "mrenclave");
      b.allowMrenclave(HexFormat.of().formatHex(raw));
    }
    int t = in.u8("TCB status count");
    for (int i = 0; i < t; i++) {
      String name = in.text(in.u8("TCB status length"), StandardCharsets.US_ASCII, "TCB status");
      b.acceptTcbStatus(TcbStatus.parse(name));
    }
    if (in.remaining() != 0) {
      throw new IllegalArgumentException("patient policy has trailing bytes");
    }
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PatientPolicy)) {
      return false;
    }
    PatientPolicy p = (PatientPolicy) o;
    return p.testPatient == testPatient
        && p.analysis.equals(analysis)
        && p.mrenclaves.equals(mrenclaves)
        && p.tcbStatuses.equals(tcbStatuses);
  }

  @Override
  public int hashCode() {
    return Objects.hash(testPatient, analysis, mrenclaves, tcbStatuses);
  }

  /**
   * One line, e.g. {@code test-patient evidence=[SGX_DCAP, SIMULATION] jobs=[hrv] windows=[300 s]}.
   */
  @Override
  public String toString() {
    return (testPatient ? "test-patient" : "patient")
        + " evidence="
        + allowedEvidenceKinds()
        + " "
        + analysis
        + (mrenclaves.isEmpty()
            ? ""
            : " mrenclaves="
                + mrenclaves.stream()
                    .map(h -> h.substring(0, 16) + "…")
                    .collect(Collectors.toList()))
        + (tcbStatuses.isEmpty() ? "" : " tcb=" + names(tcbStatuses));
  }

  private static String names(Set<TcbStatus> statuses) {
    return statuses.stream().map(TcbStatus::intelName).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Validates each value as it is set; unset parts keep their defaults. */
  public static final class Builder {
    private boolean testPatient;
    private List<HrvJob> jobs;
    private List<Duration> windows;
    private final SortedSet<String> mrenclaves = new TreeSet<>();
    private final Set<TcbStatus> tcbStatuses = EnumSet.noneOf(TcbStatus.class);

    private Builder() {}

    /** Lets simulated enclaves get this patient's keys; for test and demo data only. */
    public Builder testPatient(boolean test) {
      this.testPatient = test;
      return this;
    }

    /**
     * Exactly these jobs (replacing the default set). {@code identity} returns raw samples to the
     * result consumer: name it only if the patient agreed to that.
     */
    public Builder jobs(Collection<HrvJob> jobs) {
      Objects.requireNonNull(jobs, "jobs");
      if (jobs.isEmpty()) {
        throw new IllegalArgumentException("allow at least one job, e.g. hrv");
      }
      this.jobs = new ArrayList<>(jobs);
      return this;
    }

    /** Exactly these window lengths (replacing the default 300 s); whole seconds, 1 s .. 1 day. */
    public Builder windows(Collection<Duration> windows) {
      Objects.requireNonNull(windows, "windows");
      if (windows.isEmpty()) {
        throw new IllegalArgumentException("allow at least one window length, e.g. 300 s");
      }
      for (Duration w : windows) {
        if (w.isNegative()
            || w.isZero()
            || w.toMillis() % 1000 != 0
            || w.toMillis() < AnalysisPolicy.MIN_WINDOW_MILLIS
            || w.toMillis() > AnalysisPolicy.MAX_WINDOW_MILLIS) {
          throw new IllegalArgumentException(
              "window length "
                  + w.toMillis() / 1000.0
                  + " s must be a whole number of seconds from 1 to 86400");
        }
      }
      this.windows = new ArrayList<>(windows);
      return this;
    }

    /**
     * @param hex 64 hex digits, either case
     */
    public Builder allowMrenclave(String hex) {
      String normalized = Objects.requireNonNull(hex, "hex").trim().toLowerCase(Locale.ROOT);
      if (!normalized.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "MRENCLAVE must be 64 hex digits (32 bytes), got '"
                + hex
                + "'; copy it from `trustbeat verify-quote` or the enclave's signing output");
      }
      if (mrenclaves.size() >= MAX_MEASUREMENTS && !mrenclaves.contains(normalized)) {
        throw new IllegalArgumentException(
            "a patient policy names at most " + MAX_MEASUREMENTS + " MRENCLAVEs");
      }
      mrenclaves.add(normalized);
      return this;
    }

    /** Drops the patient's own MRENCLAVE rule: any enclave the global policy allows. */
    public Builder clearMrenclaves() {
      mrenclaves.clear();
      return this;
    }

    /** Drops the patient's own TCB status rule: any status the global policy accepts. */
    public Builder clearTcbStatuses() {
      tcbStatuses.clear();
      return this;
    }

    /**
     * @throws IllegalArgumentException for {@code Revoked}, which no policy may accept
     */
    public Builder acceptTcbStatus(TcbStatus status) {
      Objects.requireNonNull(status, "status");
      if (status == TcbStatus.REVOKED) {
        throw new IllegalArgumentException("a Revoked TCB level cannot be accepted");
      }
      tcbStatuses.add(status);
      return this;
    }

    public PatientPolicy build() {
      AnalysisPolicy analysis;
      if (jobs == null && windows == null) {
        analysis = AnalysisPolicy.defaults();
      } else {
        List<String> names = new ArrayList<>();
        for (HrvJob j : jobs != null ? jobs : List.of(HrvJob.HRV, HrvJob.HRV_BANDS, HrvJob.SDNN)) {
          names.add(j.jobName());
        }
        List<Long> ms = new ArrayList<>();
        for (Duration w :
            windows != null
                ? windows
                : List.of(Duration.ofMillis(AnalysisPolicy.DEFAULT_WINDOW_MILLIS))) {
          ms.add(w.toMillis());
        }
        analysis = AnalysisPolicy.of(names, ms);
      }
      return new PatientPolicy(testPatient, analysis, mrenclaves, tcbStatuses);
    }
  }
}
