package org.trustbeat.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;
import org.trustbeat.protocol.internal.ProtocolBytes;

/**
 * The analyses one patient's data may be given: which jobs (by name, e.g. {@code hrv}) and which
 * window lengths. It is part of the patient's policy at the key broker, travels to the enclave
 * inside the {@link KeyRelease} with the patient's keys, and the enclave analyses a window only if
 * both its job and its length are allowed. Immutable.
 *
 * <p>Wire form, inside a key release: job count (1, 1..{@value #MAX_JOBS}), each job name (1-byte
 * length + ASCII, {@code [a-z0-9-]}, 1..32), window count (1, 1..{@value #MAX_WINDOWS}), each
 * window length in ms (8, big-endian, {@value #MIN_WINDOW_MILLIS}..{@value #MAX_WINDOW_MILLIS}).
 * Both lists are written in ascending order.
 *
 * <h2>Security guarantees</h2>
 *
 * The host picks the job and the window length of every batch it hands the enclave; with this
 * policy the patient (through the key broker) decides which of those choices get a result. In
 * particular {@value #RAW_SAMPLES_JOB}, whose result carries the raw samples to the result
 * consumer, is allowed only when named explicitly: {@link #defaults()} leaves it out.
 */
public final class AnalysisPolicy {
  /** The job whose result repeats every sample of the window; never allowed by default. */
  public static final String RAW_SAMPLES_JOB = "identity";

  public static final int MAX_JOBS = 16;
  public static final int MAX_WINDOWS = 16;
  public static final long MIN_WINDOW_MILLIS = 1_000;
  public static final long MAX_WINDOW_MILLIS = 86_400_000;

  /** 300 s: the HRV-SPEC short-term window, and the only one allowed by default. */
  public static final long DEFAULT_WINDOW_MILLIS = 300_000;

  private static final int MAX_JOB_NAME = 32;
  private static final AnalysisPolicy DEFAULTS =
      of(java.util.List.of("hrv", "hrv-bands", "sdnn"), java.util.List.of(DEFAULT_WINDOW_MILLIS));

  private final SortedSet<String> jobs;
  private final SortedSet<Long> windowMillis;

  private AnalysisPolicy(SortedSet<String> jobs, SortedSet<Long> windowMillis) {
    this.jobs = Collections.unmodifiableSortedSet(jobs);
    this.windowMillis = Collections.unmodifiableSortedSet(windowMillis);
  }

  /** {@code hrv}, {@code hrv-bands} and {@code sdnn} on 300-s windows; not {@code identity}. */
  public static AnalysisPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * @param jobs job names, lower case, e.g. {@code hrv}; duplicates are ignored
   * @param windowMillis window lengths in milliseconds
   * @throws IllegalArgumentException naming the bad value and the rule it breaks
   */
  public static AnalysisPolicy of(Collection<String> jobs, Collection<Long> windowMillis) {
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(windowMillis, "windowMillis");
    SortedSet<String> j = new TreeSet<>();
    for (String job : jobs) {
      String problem = jobNameProblem(job);
      if (problem != null) {
        throw new IllegalArgumentException("job name " + problem);
      }
      j.add(job);
    }
    SortedSet<Long> w = new TreeSet<>();
    for (Long ms : windowMillis) {
      String problem = windowProblem(ms);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      w.add(ms);
    }
    if (j.isEmpty() || j.size() > MAX_JOBS) {
      throw new IllegalArgumentException(
          "an analysis policy names 1.." + MAX_JOBS + " jobs, got " + j.size());
    }
    if (w.isEmpty() || w.size() > MAX_WINDOWS) {
      throw new IllegalArgumentException(
          "an analysis policy names 1.." + MAX_WINDOWS + " window lengths, got " + w.size());
    }
    return new AnalysisPolicy(j, w);
  }

  /** Job names in ascending order. */
  public SortedSet<String> jobs() {
    return jobs;
  }

  /** Window lengths in ms, ascending. */
  public SortedSet<Long> windowMillis() {
    return windowMillis;
  }

  public boolean allowsJob(String job) {
    return jobs.contains(job);
  }

  public boolean allowsWindow(long millis) {
    return windowMillis.contains(millis);
  }

  /** Whether a window of {@code windowMillis} may be analysed with {@code job}. */
  public boolean allows(String job, long windowMillis) {
    return allowsJob(job) && allowsWindow(windowMillis);
  }

  /** Whether the policy lets results carry raw samples ({@value #RAW_SAMPLES_JOB}). */
  public boolean allowsRawSamples() {
    return jobs.contains(RAW_SAMPLES_JOB);
  }

  /** Appends the wire form. */
  public void writeTo(BinaryWriter w) {
    w.u8(jobs.size());
    for (String j : jobs) {
      w.prefixed(1, j.getBytes(StandardCharsets.US_ASCII));
    }
    w.u8(windowMillis.size());
    for (long ms : windowMillis) {
      w.i64(ms);
    }
  }

  /** The wire form alone (e.g. for a key store record). */
  public byte[] toBytes() {
    BinaryWriter w = ProtocolBytes.writer(16 + 33 * jobs.size() + 8 * windowMillis.size());
    writeTo(w);
    return w.toByteArray();
  }

  /** Reads the wire form; only {@link MalformedEnvelopeException} for any input. */
  public static AnalysisPolicy readFrom(BinaryReader<MalformedEnvelopeException> r, String field)
      throws MalformedEnvelopeException {
    int at = r.position();
    int jobCount = r.u8(field + ".jobCount");
    if (jobCount < 1 || jobCount > MAX_JOBS) {
      throw invalid(
          field + ".jobCount", at, "job count " + jobCount + " is outside [1, " + MAX_JOBS + "]");
    }
    SortedSet<String> jobs = new TreeSet<>();
    for (int i = 0; i < jobCount; i++) {
      at = r.position();
      int n = r.u8(field + ".job.length");
      String job = new String(r.bytes(n, field + ".job"), StandardCharsets.US_ASCII);
      String problem = jobNameProblem(job);
      if (problem != null || !jobs.add(job)) {
        throw invalid(
            field + ".job", at, problem != null ? "job name " + problem : "a job is listed twice");
      }
    }
    at = r.position();
    int windowCount = r.u8(field + ".windowCount");
    if (windowCount < 1 || windowCount > MAX_WINDOWS) {
      throw invalid(
          field + ".windowCount",
          at,
          "window count " + windowCount + " is outside [1, " + MAX_WINDOWS + "]");
    }
    SortedSet<Long> windows = new TreeSet<>();
    for (int i = 0; i < windowCount; i++) {
      at = r.position();
      long ms = r.i64(field + ".window");
      String problem = windowProblem(ms);
      if (problem != null || !windows.add(ms)) {
        throw invalid(
            field + ".window", at, problem != null ? problem : "a window is listed twice");
      }
    }
    return new AnalysisPolicy(jobs, windows);
  }

  /** Parses {@link #toBytes()}; only {@link MalformedEnvelopeException} for any input. */
  public static AnalysisPolicy parse(byte[] bytes) throws MalformedEnvelopeException {
    BinaryReader<MalformedEnvelopeException> r = ProtocolBytes.reader(bytes, "analysis policy");
    AnalysisPolicy p = readFrom(r, "analysisPolicy");
    r.expectEnd("analysisPolicy");
    return p;
  }

  private static MalformedEnvelopeException invalid(String field, int at, String problem) {
    return new MalformedEnvelopeException(
        Reason.INVALID_FIELD,
        field,
        at,
        problem,
        "the key broker must write a valid analysis policy");
  }

  private static String jobNameProblem(String job) {
    if (job == null || job.isEmpty() || job.length() > MAX_JOB_NAME) {
      return "must have 1.." + MAX_JOB_NAME + " characters";
    }
    for (int i = 0; i < job.length(); i++) {
      char c = job.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return "may hold only [a-z0-9-] (character at index " + i + " is not allowed)";
      }
    }
    return null;
  }

  private static String windowProblem(Long ms) {
    if (ms == null || ms < MIN_WINDOW_MILLIS || ms > MAX_WINDOW_MILLIS) {
      return "window length "
          + ms
          + " ms is outside ["
          + MIN_WINDOW_MILLIS
          + ", "
          + MAX_WINDOW_MILLIS
          + "] ms (1 s to 1 day)";
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnalysisPolicy
        && ((AnalysisPolicy) o).jobs.equals(jobs)
        && ((AnalysisPolicy) o).windowMillis.equals(windowMillis);
  }

  @Override
  public int hashCode() {
    return 31 * jobs.hashCode() + windowMillis.hashCode();
  }

  /** E.g. {@code jobs=[hrv, sdnn] windows=[300 s]}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("jobs=").append(jobs).append(" windows=[");
    boolean first = true;
    for (long ms : windowMillis) {
      sb.append(first ? "" : ", ");
      sb.append(ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms");
      first = false;
    }
    return sb.append(']').toString();
  }
}
