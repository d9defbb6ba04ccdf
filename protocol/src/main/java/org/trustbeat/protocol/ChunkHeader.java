package org.trustbeat.protocol;

import static org.trustbeat.protocol.HeaderBytes.ascii;

import java.security.GeneralSecurityException;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;
import org.trustbeat.protocol.internal.ProtocolBytes;
import org.trustbeat.protocol.internal.TextRule;

/**
 * The clear header of a chunk: what the untrusted host needs to route, window and order chunks.
 *
 * <p>Wire layout (format version 2), big-endian: {@code 'T' 'C'} magic (2), format version = 2 (1),
 * pseudonym length n (1), pseudonym (n, ASCII {@code [A-Za-z0-9._-]}, 1..64), sequence number (8,
 * signed, &ge; 0), slot start (8, epoch ms, a multiple of the slot length), slot length (4, ms, in
 * [{@value ChunkSlot#MIN_LENGTH_MILLIS}, {@value ChunkSlot#MAX_LENGTH_MILLIS}]), key id (4, the
 * Tink id of the key that sealed the body). Total {@code 28 + n} bytes. Every sample of the chunk
 * lies in the slot {@code [start, start + length)} (see {@link ChunkSlot}).
 *
 * <p>Version 1 carried the first and last beat times (floor and ceiling in ms) instead of the slot,
 * and its body was not padded. It is refused ({@code UNSUPPORTED_VERSION}, with a message naming
 * the fix), because those two fields and the ciphertext length gave away one RR interval per chunk
 * and the heart rate.
 *
 * <h2>Security guarantees</h2>
 *
 * These exact bytes are the AEAD associated data of the chunk body, so changing any field makes the
 * enclave reject the chunk. They are <em>not</em> secret: the pseudonym, sequence number, slot and
 * key id are visible to the broker, the landing store and Spark by design. The slot depends on the
 * stream's slot length and the slot's index only, never on the beats' times inside it.
 */
public final class ChunkHeader {
  public static final int FORMAT_VERSION = 2;
  static final byte MAGIC_0 = 'T';
  static final byte MAGIC_1 = 'C';

  private final String patient;
  private final long sequenceNumber;
  private final ChunkSlot slot;
  private final int keyId;
  private final HeaderBytes bytes;

  private ChunkHeader(String patient, long sequenceNumber, ChunkSlot slot, int keyId) {
    this.patient = patient;
    this.sequenceNumber = sequenceNumber;
    this.slot = slot;
    this.keyId = keyId;
    BinaryWriter w = HeaderBytes.start(MAGIC_0, MAGIC_1, FORMAT_VERSION, 28 + patient.length());
    w.prefixed(1, ascii(patient));
    w.i64(sequenceNumber).i64(slot.startMillis()).i32(slot.lengthMillis());
    w.i32(keyId);
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

  /** The slot {@code [start, end)} that holds every sample of the chunk. */
  public ChunkSlot slot() {
    return slot;
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

  static ChunkHeader read(BinaryReader<MalformedEnvelopeException> r)
      throws MalformedEnvelopeException {
    ProtocolBytes.expectMagic(r, MAGIC_0, MAGIC_1, "chunk.magic");
    expectVersion(r, "chunk");
    String patient = ProtocolBytes.text(r, TextRule.PSEUDONYM, "chunk.patient");
    int at = r.position();
    long seq = r.i64("chunk.sequenceNumber");
    if (seq < 0) {
      throw invalid("chunk.sequenceNumber", at, "is negative", "number chunks from 0 upwards");
    }
    at = r.position();
    long start = r.i64("chunk.slotStartMillis");
    int length = r.i32("chunk.slotLengthMillis");
    String problem = ChunkSlot.problem(start, length);
    if (problem != null) {
      throw invalid("chunk.slot", at, problem, SLOT_FIX);
    }
    int keyId = r.i32("chunk.keyId");
    return new ChunkHeader(patient, seq, ChunkSlot.ofValid(start, length), keyId);
  }

  /**
   * Reads the format version of a chunk ({@code kind} "chunk" or "plainChunk"): version 1 is
   * refused with its own message, since it is the leaking format, not merely an unknown one.
   */
  static void expectVersion(BinaryReader<MalformedEnvelopeException> r, String kind)
      throws MalformedEnvelopeException {
    int at = r.position();
    if (r.remaining() >= 1 && r.peekU8() == 1) {
      throw new MalformedEnvelopeException(
          Reason.UNSUPPORTED_VERSION,
          kind + ".version",
          at,
          "format version 1 is refused: its header gave the first and last beat times and its"
              + " unpadded length the beat count, which leak RR intervals and the heart rate"
              + " (this code reads "
              + FORMAT_VERSION
              + ")",
          "upgrade the gateway and seal with format version "
              + FORMAT_VERSION
              + " (slot bounds, padded samples); version-1 chunks already stored cannot be"
              + " converted without the patient's key and must be re-sent from the source");
    }
    ProtocolBytes.expectVersion(r, FORMAT_VERSION, kind + ".version");
  }

  private static final String SLOT_FIX =
      "the sender must put the chunk's epoch-aligned slot in the header (ChunkSlot)";

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
        + ", slot="
        + slot
        + ", keyId="
        + Integer.toUnsignedString(keyId)
        + "}";
  }

  /** Validating builder; every field is required. */
  public static final class Builder {
    private String patient;
    private Long sequenceNumber;
    private ChunkSlot slot;
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

    /** The slot that holds every sample of the chunk. */
    public Builder setSlot(ChunkSlot slot) {
      this.slot = slot;
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
      if (slot == null) {
        throw new GeneralSecurityException("slot is missing; call setSlot with ChunkSlot.of");
      }
      if (keyId == null) {
        throw new GeneralSecurityException(
            "key id is missing; use the primary key id of the sealing keyset");
      }
      return new ChunkHeader(patient, sequenceNumber, slot, keyId);
    }
  }
}
