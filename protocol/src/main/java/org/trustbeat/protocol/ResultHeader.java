package org.trustbeat.protocol;

import static org.trustbeat.protocol.HeaderBytes.ascii;

import java.security.GeneralSecurityException;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;
import org.trustbeat.protocol.internal.ProtocolBytes;
import org.trustbeat.protocol.internal.TextRule;

/**
 * The clear header of a sealed analysis result for one patient and one window.
 *
 * <p>Wire layout, big-endian; "text" is a 1-byte length then that many ASCII bytes: {@code 'T' 'R'}
 * magic (2), format version = 2 (1), patient (text, {@code [A-Za-z0-9._-]}, 1..64), window start
 * (8, epoch ms), window length (8, ms, &gt; 0), algorithm (text, printable ASCII, 1..32), job id
 * (text, 1..64), host kind (text, 1..32), attestation kind (text, 1..32), chunks seen (8),
 * duplicates dropped (8), sequence gaps (8, count of missing sequence numbers), chunks rejected
 * (8), context chunks (8), first and last sequence number covered (8 each); the counters are signed
 * and &ge; 0, and first &le; last.
 *
 * <p>Version 2 (HRV-SPEC version 2) adds the context chunks (chunks of the 30 s around the window
 * that only served as neighbours in cleaning) and the sequence range the window's analysis covered,
 * so the patient side can check that consecutive windows leave no chunk out.
 *
 * <h2>Security guarantees</h2>
 *
 * These exact bytes are the associated data of the result body, so the host cannot relabel a result
 * with another patient, window, algorithm, job, host kind or attestation kind, nor hide missing
 * data by editing the completeness counters. Everything here is readable by the host by design: the
 * host kind and attestation kind are in clear so any reader can see honestly where a result was
 * produced; the consumer should still only trust them after opening the result.
 */
public final class ResultHeader {
  public static final int FORMAT_VERSION = 2;
  private static final byte MAGIC_0 = 'T';
  private static final byte MAGIC_1 = 'R';

  private final String patient;
  private final long windowStartMillis;
  private final long windowLengthMillis;
  private final String algorithm;
  private final String jobId;
  private final String hostKind;
  private final String attestationKind;
  private final Completeness completeness;
  private final long firstSequence;
  private final long lastSequence;
  private final HeaderBytes bytes;

  private ResultHeader(Builder b) {
    patient = b.patient;
    windowStartMillis = b.windowStartMillis;
    windowLengthMillis = b.windowLengthMillis;
    algorithm = b.algorithm;
    jobId = b.jobId;
    hostKind = b.hostKind;
    attestationKind = b.attestationKind;
    completeness =
        Completeness.builder()
            .setChunksSeen(b.chunksSeen)
            .setDuplicatesDropped(b.duplicatesDropped)
            .setSequenceGaps(b.sequenceGaps)
            .setRejectedTotal(b.chunksRejected)
            .setContextChunks(b.contextChunks)
            .build();
    firstSequence = b.firstSequence;
    lastSequence = b.lastSequence;
    BinaryWriter w = HeaderBytes.start(MAGIC_0, MAGIC_1, FORMAT_VERSION, 120);
    w.prefixed(1, ascii(patient));
    w.i64(windowStartMillis).i64(windowLengthMillis);
    w.prefixed(1, ascii(algorithm)).prefixed(1, ascii(jobId));
    w.prefixed(1, ascii(hostKind)).prefixed(1, ascii(attestationKind));
    w.i64(b.chunksSeen).i64(b.duplicatesDropped);
    w.i64(b.sequenceGaps).i64(b.chunksRejected);
    w.i64(b.contextChunks).i64(firstSequence).i64(lastSequence);
    bytes = HeaderBytes.of(w);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String patient() {
    return patient;
  }

  public long windowStartMillis() {
    return windowStartMillis;
  }

  public long windowLengthMillis() {
    return windowLengthMillis;
  }

  public String algorithm() {
    return algorithm;
  }

  public String jobId() {
    return jobId;
  }

  /** Where the result was computed, e.g. "sealed-inprocess", "sealed-process", "sgx". */
  public String hostKind() {
    return hostKind;
  }

  /** The evidence the enclave presented for its keys, e.g. "SIMULATION", "SGX_DCAP". */
  public String attestationKind() {
    return attestationKind;
  }

  /**
   * The window's completeness counters as the enclave sealed them; rejections by total only (its
   * {@link Completeness#rejected()} map is empty).
   */
  public Completeness completeness() {
    return completeness;
  }

  public long chunksSeen() {
    return completeness.chunksSeen();
  }

  public long duplicatesDropped() {
    return completeness.duplicatesDropped();
  }

  /** Number of sequence numbers missing from the window's chunks. */
  public long sequenceGaps() {
    return completeness.sequenceGaps();
  }

  public long chunksRejected() {
    return completeness.rejectedTotal();
  }

  /**
   * Authenticated chunks that held beats of the window's context (the 30 s on each side) and none
   * of its own: they served only as neighbours in cleaning (HRV-SPEC section 3).
   */
  public long contextChunks() {
    return completeness.contextChunks();
  }

  /** The smallest sequence number among the authenticated chunks the analysis used. */
  public long firstSequence() {
    return firstSequence;
  }

  /** The largest sequence number among the authenticated chunks the analysis used. */
  public long lastSequence() {
    return lastSequence;
  }

  /** The serialized header: exactly the AEAD associated data of the result body. */
  public byte[] toBytes() {
    return bytes.copy();
  }

  HeaderBytes serialized() {
    return bytes;
  }

  // PlainResult embeds the header in its own format, so it needs the size and the bytes in place.
  int serializedSize() {
    return bytes.length();
  }

  void writeTo(BinaryWriter w) {
    bytes.writeTo(w);
  }

  static ResultHeader read(BinaryReader<MalformedEnvelopeException> r)
      throws MalformedEnvelopeException {
    HeaderBytes.expectStart(r, MAGIC_0, MAGIC_1, FORMAT_VERSION, "result");
    Builder b = builder().setPatient(ProtocolBytes.text(r, TextRule.PSEUDONYM, "result.patient"));
    int windowAt = r.position();
    b.setWindow(r.i64("result.windowStartMillis"), r.i64("result.windowLengthMillis"));
    b.setAlgorithm(ProtocolBytes.text(r, TextRule.LABEL, "result.algorithm"));
    b.setJobId(ProtocolBytes.text(r, TextRule.JOB_ID, "result.jobId"));
    b.setHostKind(ProtocolBytes.text(r, TextRule.LABEL, "result.hostKind"));
    b.setAttestationKind(ProtocolBytes.text(r, TextRule.LABEL, "result.attestationKind"));
    int countersAt = r.position();
    b.setChunksSeen(r.i64("result.chunksSeen"));
    b.setDuplicatesDropped(r.i64("result.duplicatesDropped"));
    b.setSequenceGaps(r.i64("result.sequenceGaps"));
    b.setChunksRejected(r.i64("result.chunksRejected"));
    b.setContextChunks(r.i64("result.contextChunks"));
    b.setSequenceRange(r.i64("result.firstSequence"), r.i64("result.lastSequence"));
    String problem = b.windowProblem();
    if (problem != null) {
      throw new MalformedEnvelopeException(
          Reason.INVALID_FIELD, "result.window", windowAt, problem, WINDOW_FIX);
    }
    problem = b.countersProblem();
    if (problem != null) {
      throw new MalformedEnvelopeException(
          Reason.INVALID_FIELD, "result.counters", countersAt, problem, COUNTERS_FIX);
    }
    return new ResultHeader(b);
  }

  private static final String WINDOW_FIX =
      "use an epoch-ms start in [0, " + EpochMillis.MAX + "] and a positive length ending in it";
  private static final String COUNTERS_FIX =
      "counters and sequence numbers must be >= 0, the first sequence number at most the last";

  @Override
  public boolean equals(Object o) {
    return o instanceof ResultHeader && bytes.equals(((ResultHeader) o).bytes);
  }

  @Override
  public int hashCode() {
    return bytes.hashCode();
  }

  @Override
  public String toString() {
    return "ResultHeader{patient="
        + patient
        + ", window=["
        + windowStartMillis
        + " +"
        + windowLengthMillis
        + "ms], algorithm="
        + algorithm
        + ", jobId="
        + jobId
        + ", hostKind="
        + hostKind
        + ", attestationKind="
        + attestationKind
        + ", chunksSeen="
        + chunksSeen()
        + ", duplicatesDropped="
        + duplicatesDropped()
        + ", sequenceGaps="
        + sequenceGaps()
        + ", chunksRejected="
        + chunksRejected()
        + ", contextChunks="
        + contextChunks()
        + ", sequences=["
        + firstSequence
        + ", "
        + lastSequence
        + "]}";
  }

  /** Validating builder; counters default to 0, every other field is required. */
  public static final class Builder {
    private String patient;
    private long windowStartMillis = -1;
    private long windowLengthMillis;
    private String algorithm;
    private String jobId;
    private String hostKind;
    private String attestationKind;
    private long chunksSeen;
    private long duplicatesDropped;
    private long sequenceGaps;
    private long chunksRejected;
    private long contextChunks;
    private long firstSequence;
    private long lastSequence;

    private Builder() {}

    public Builder setPatient(String patient) {
      this.patient = patient;
      return this;
    }

    /** Window start (epoch ms) and length (ms, &gt; 0). */
    public Builder setWindow(long startMillis, long lengthMillis) {
      this.windowStartMillis = startMillis;
      this.windowLengthMillis = lengthMillis;
      return this;
    }

    public Builder setAlgorithm(String algorithm) {
      this.algorithm = algorithm;
      return this;
    }

    public Builder setJobId(String jobId) {
      this.jobId = jobId;
      return this;
    }

    public Builder setHostKind(String hostKind) {
      this.hostKind = hostKind;
      return this;
    }

    public Builder setAttestationKind(String attestationKind) {
      this.attestationKind = attestationKind;
      return this;
    }

    public Builder setChunksSeen(long chunksSeen) {
      this.chunksSeen = chunksSeen;
      return this;
    }

    public Builder setDuplicatesDropped(long duplicatesDropped) {
      this.duplicatesDropped = duplicatesDropped;
      return this;
    }

    public Builder setSequenceGaps(long sequenceGaps) {
      this.sequenceGaps = sequenceGaps;
      return this;
    }

    public Builder setChunksRejected(long chunksRejected) {
      this.chunksRejected = chunksRejected;
      return this;
    }

    public Builder setContextChunks(long contextChunks) {
      this.contextChunks = contextChunks;
      return this;
    }

    /** Sets the five counters from {@code c}; the header keeps only its rejected total. */
    public Builder setCompleteness(Completeness c) {
      return setChunksSeen(c.chunksSeen())
          .setDuplicatesDropped(c.duplicatesDropped())
          .setSequenceGaps(c.sequenceGaps())
          .setChunksRejected(c.rejectedTotal())
          .setContextChunks(c.contextChunks());
    }

    /** The first and last sequence number the analysis covered; both default to 0. */
    public Builder setSequenceRange(long first, long last) {
      this.firstSequence = first;
      this.lastSequence = last;
      return this;
    }

    private String windowProblem() {
      if (!EpochMillis.inRange(windowStartMillis)) {
        return "window start is missing or outside [0, " + EpochMillis.MAX + "] epoch ms";
      }
      if (windowLengthMillis <= 0 || windowLengthMillis > EpochMillis.MAX - windowStartMillis) {
        return "window length must be positive and end by " + EpochMillis.MAX + " epoch ms";
      }
      return null;
    }

    private String countersProblem() {
      if (chunksSeen < 0
          || duplicatesDropped < 0
          || sequenceGaps < 0
          || chunksRejected < 0
          || contextChunks < 0
          || firstSequence < 0) {
        return "a completeness counter is negative";
      }
      return lastSequence < firstSequence
          ? "the last sequence number covered is below the first"
          : null;
    }

    public ResultHeader build() throws GeneralSecurityException {
      check("patient", TextRule.PSEUDONYM, patient);
      check("algorithm", TextRule.LABEL, algorithm);
      check("job id", TextRule.JOB_ID, jobId);
      check("host kind", TextRule.LABEL, hostKind);
      check("attestation kind", TextRule.LABEL, attestationKind);
      String problem = windowProblem();
      if (problem != null) {
        throw new GeneralSecurityException(problem + "; " + WINDOW_FIX);
      }
      problem = countersProblem();
      if (problem != null) {
        throw new GeneralSecurityException(problem + "; " + COUNTERS_FIX);
      }
      return new ResultHeader(this);
    }

    private static void check(String name, TextRule rule, String value)
        throws GeneralSecurityException {
      String problem = rule.problem(value);
      if (problem != null) {
        throw new GeneralSecurityException(name + " " + problem + "; " + rule.fix());
      }
    }
  }
}
