package org.trustbeat.protocol;

import java.security.GeneralSecurityException;

/**
 * Size bounds applied when sealing and when parsing. Parsing hostile bytes allocates at most what
 * these limits allow, so an attacker cannot exhaust the enclave's memory with a forged length.
 *
 * <p>Both ends of a stream should use the same limits; the sealer enforces them too, so the patient
 * side never produces a chunk the enclave will refuse. The chunk padding depends on {@link
 * #maxSamplesPerChunk()} (no chunk is padded beyond it), and {@link #maxSamplesPerChunk()} is
 * bounded so that a chunk padded to it still fits {@link #maxEnvelopeBytes()}.
 */
public final class ProtocolLimits {
  /** 1 MiB: far above a one-minute chunk (about 200 samples, 3 KiB), far below enclave memory. */
  public static final int DEFAULT_MAX_ENVELOPE_BYTES = 1 << 20;

  /** Enough for several hours of beats in one chunk; 16 bytes each in the body. */
  public static final int DEFAULT_MAX_SAMPLES_PER_CHUNK = 32_768;

  private static final int MIN_ENVELOPE_BYTES = 256;

  /**
   * A sealed chunk's bytes besides its samples, at most: header with a 64-byte pseudonym (92),
   * ciphertext length (4), Tink prefix, IV and tag (33), sample count (4).
   */
  static final int MAX_CHUNK_OVERHEAD_BYTES = 28 + Pseudonym.MAX_BYTES + 4 + 33 + 4;

  private static final int MAX_ENVELOPE_BYTES = 64 << 20;

  private static final ProtocolLimits DEFAULTS =
      new ProtocolLimits(DEFAULT_MAX_ENVELOPE_BYTES, DEFAULT_MAX_SAMPLES_PER_CHUNK);

  private final int maxEnvelopeBytes;
  private final int maxSamplesPerChunk;

  private ProtocolLimits(int maxEnvelopeBytes, int maxSamplesPerChunk) {
    this.maxEnvelopeBytes = maxEnvelopeBytes;
    this.maxSamplesPerChunk = maxSamplesPerChunk;
  }

  public static ProtocolLimits defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Largest serialized chunk or result envelope accepted, in bytes. */
  public int maxEnvelopeBytes() {
    return maxEnvelopeBytes;
  }

  /** Largest number of RR samples in one chunk. */
  public int maxSamplesPerChunk() {
    return maxSamplesPerChunk;
  }

  /** Refuses an envelope over {@link #maxEnvelopeBytes()}, naming the limit and the fix. */
  void checkEnvelopeSize(int size, String field) throws MalformedEnvelopeException {
    if (size > maxEnvelopeBytes) {
      throw new MalformedEnvelopeException(
          MalformedEnvelopeException.Reason.TOO_LARGE,
          field,
          0,
          "envelope is " + size + " bytes, over maxEnvelopeBytes=" + maxEnvelopeBytes,
          "seal smaller chunks, or raise ProtocolLimits.maxEnvelopeBytes on both ends");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProtocolLimits
        && ((ProtocolLimits) o).maxEnvelopeBytes == maxEnvelopeBytes
        && ((ProtocolLimits) o).maxSamplesPerChunk == maxSamplesPerChunk;
  }

  @Override
  public int hashCode() {
    return 31 * maxEnvelopeBytes + maxSamplesPerChunk;
  }

  @Override
  public String toString() {
    return "ProtocolLimits{maxEnvelopeBytes="
        + maxEnvelopeBytes
        + ", maxSamplesPerChunk="
        + maxSamplesPerChunk
        + "}";
  }

  /** Starts from the defaults; set only what differs. */
  public static final class Builder {
    private int maxEnvelopeBytes = DEFAULT_MAX_ENVELOPE_BYTES;
    private Integer maxSamplesPerChunk;

    private Builder() {}

    public Builder setMaxEnvelopeBytes(int maxEnvelopeBytes) {
      this.maxEnvelopeBytes = maxEnvelopeBytes;
      return this;
    }

    public Builder setMaxSamplesPerChunk(int maxSamplesPerChunk) {
      this.maxSamplesPerChunk = maxSamplesPerChunk;
      return this;
    }

    public ProtocolLimits build() throws GeneralSecurityException {
      if (maxEnvelopeBytes < MIN_ENVELOPE_BYTES || maxEnvelopeBytes > MAX_ENVELOPE_BYTES) {
        throw new GeneralSecurityException(
            "maxEnvelopeBytes must be in ["
                + MIN_ENVELOPE_BYTES
                + ", "
                + MAX_ENVELOPE_BYTES
                + "], got "
                + maxEnvelopeBytes
                + "; smaller cannot hold a header, larger risks enclave memory");
      }
      // Bounded so that 16 * count never overflows an int and a chunk of that many samples,
      // padded (never beyond maxSamplesPerChunk), fits one envelope with the longest header.
      int ceiling = (maxEnvelopeBytes - MAX_CHUNK_OVERHEAD_BYTES) / 16;
      if (maxSamplesPerChunk == null) {
        // Unset: follow a lowered envelope limit instead of failing on the default.
        return new ProtocolLimits(
            maxEnvelopeBytes, Math.min(DEFAULT_MAX_SAMPLES_PER_CHUNK, ceiling));
      }
      if (maxSamplesPerChunk < 1 || maxSamplesPerChunk > ceiling) {
        throw new GeneralSecurityException(
            "maxSamplesPerChunk must be in [1, "
                + ceiling
                + "] for maxEnvelopeBytes="
                + maxEnvelopeBytes
                + ", got "
                + maxSamplesPerChunk
                + "; raise maxEnvelopeBytes first to allow more samples");
      }
      return new ProtocolLimits(maxEnvelopeBytes, maxSamplesPerChunk);
    }
  }
}
