package org.trustbeat.protocol;

import static org.trustbeat.protocol.HeaderBytes.ascii;

import java.security.GeneralSecurityException;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;
import org.trustbeat.protocol.internal.ByteReader;
import org.trustbeat.protocol.internal.ByteWriter;
import org.trustbeat.protocol.internal.TextRule;

/**
 * The clear header of a chunk: what the untrusted host needs to route, window and order chunks.
 *
 * <p>Wire layout, big-endian: {@code 'T' 'C'} magic (2), format version = 1 (1), pseudonym length
 * n (1), pseudonym (n, ASCII {@code [A-Za-z0-9._-]}, 1..64), sequence number (8, signed, &ge; 0),
 * time range start (8, epoch ms), time range end (8, epoch ms, &ge; start), key id (4, the Tink id
 * of the key that sealed the body). Total {@code 32 + n} bytes.
 *
 * <h2>Security guarantees</h2>
 * These exact bytes are the AEAD associated data of the chunk body, so changing any field makes the
 * enclave reject the chunk. They are <em>not</em> secret: the pseudonym, sequence number, time
 * range and key id are visible to the broker, the landing store and Spark by design.
 */
public final class ChunkHeader {
  public static final int FORMAT_VERSION = 1;
  static final byte MAGIC_0 = 'T';
  static final byte MAGIC_1 = 'C';

  private final String patient;
  private final long sequenceNumber;
  private final long startMillis;
  private final long endMillis;
  private final int keyId;
  private final HeaderBytes bytes;

  private ChunkHeader(
      String patient, long sequenceNumber, long startMillis, long endMillis, int keyId) {
    this.patient = patient;
    this.sequenceNumber = sequenceNumber;
    this.startMillis = startMillis;
    this.endMillis = endMillis;
    this.keyId = keyId;
    ByteWriter w = HeaderBytes.start(MAGIC_0, MAGIC_1, FORMAT_VERSION, 32 + patient.length());
    w.writeShortText(ascii(patient));
    w.writeLong(sequenceNumber).writeLong(startMillis).writeLong(endMillis).writeInt(keyId);
    this.bytes = HeaderBytes.of(w);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String patient() {
    return patient;
  }

  public long sequenceNumber() {
    return sequenceNumber;
  }

  /** Inclusive lower bound of the samples' event times, epoch milliseconds. */
  public long startMillis() {
    return startMillis;
  }

  /** Inclusive upper bound of the samples' event times, epoch milliseconds. */
  public long endMillis() {
    return endMillis;
  }

  /** Tink key id of the data key that sealed the body (the primary when sealed). */
  public int keyId() {
    return keyId;
  }

  /** The serialized header: exactly the AEAD associated data of the body. */
  public byte[] toBytes() {
    return bytes.copy();
  }

  HeaderBytes serialized() {
    return bytes;
  }

  static ChunkHeader read(ByteReader r) throws MalformedEnvelopeException {
    HeaderBytes.expectStart(r, MAGIC_0, MAGIC_1, FORMAT_VERSION, "chunk");
    String patient = r.readText(TextRule.PSEUDONYM, "chunk.patient");
    int at = r.position();
    long seq = r.readLong("chunk.sequenceNumber");
    if (seq < 0) {
      throw invalid("chunk.sequenceNumber", at, "is negative", "number chunks from 0 upwards");
    }
    at = r.position();
    long start = r.readLong("chunk.startMillis");
    long end = r.readLong("chunk.endMillis");
    String problem = rangeProblem(start, end);
    if (problem != null) {
      throw invalid("chunk.timeRange", at, problem, RANGE_FIX);
    }
    int keyId = r.readInt("chunk.keyId");
    return new ChunkHeader(patient, seq, start, end, keyId);
  }

  private static final String RANGE_FIX =
      "the sender must compute the range from the samples' epoch times";

  private static String rangeProblem(long start, long end) {
    if (!EpochMillis.inRange(start) || !EpochMillis.inRange(end)) {
      return "a bound is outside [0, " + EpochMillis.MAX + "] epoch ms";
    }
    return start > end ? "start is after end" : null;
  }

  private static MalformedEnvelopeException invalid(
      String field, int offset, String problem, String fix) {
    return new MalformedEnvelopeException(Reason.INVALID_FIELD, field, offset, problem, fix);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChunkHeader && bytes.equals(((ChunkHeader) o).bytes);
  }

  @Override
  public int hashCode() {
    return bytes.hashCode();
  }

  @Override
  public String toString() {
    return "ChunkHeader{patient="
        + patient
        + ", seq="
        + sequenceNumber
        + ", range=["
        + startMillis
        + ", "
        + endMillis
        + "], keyId="
        + Integer.toUnsignedString(keyId)
        + "}";
  }

  /** Validating builder; every field is required. */
  public static final class Builder {
    private String patient;
    private Long sequenceNumber;
    private Long startMillis;
    private Long endMillis;
    private Integer keyId;

    private Builder() {}

    public Builder setPatient(String patient) {
      this.patient = patient;
      return this;
    }

    public Builder setSequenceNumber(long sequenceNumber) {
      this.sequenceNumber = sequenceNumber;
      return this;
    }

    /** Inclusive epoch-millisecond bounds of the samples' event times. */
    public Builder setTimeRange(long startMillis, long endMillis) {
      this.startMillis = startMillis;
      this.endMillis = endMillis;
      return this;
    }

    public Builder setKeyId(int keyId) {
      this.keyId = keyId;
      return this;
    }

    public ChunkHeader build() throws GeneralSecurityException {
      String problem = TextRule.PSEUDONYM.problem(patient);
      if (problem != null) {
        throw new GeneralSecurityException(
            "patient pseudonym " + problem + "; " + TextRule.PSEUDONYM.fix());
      }
      if (sequenceNumber == null || sequenceNumber < 0) {
        throw new GeneralSecurityException(
            "sequence number is missing or negative; number chunks from 0 upwards");
      }
      if (startMillis == null) {
        throw new GeneralSecurityException("time range is missing; call setTimeRange");
      }
      problem = rangeProblem(startMillis, endMillis);
      if (problem != null) {
        throw new GeneralSecurityException("time range: " + problem + "; " + RANGE_FIX);
      }
      if (keyId == null) {
        throw new GeneralSecurityException(
            "key id is missing; use the primary key id of the sealing keyset");
      }
      return new ChunkHeader(patient, sequenceNumber, startMillis, endMillis, keyId);
    }
  }
}
