package org.trustbeat.attestation;

import java.util.Arrays;
import java.util.Objects;

/**
 * Attestation evidence as produced by an enclave host: its kind and its opaque bytes. Immutable.
 */
public final class Evidence {
  /** Bounds what a verifier will ever parse; real DCAP quotes are a few kilobytes. */
  public static final int MAX_BYTES = 64 * 1024;

  private final EvidenceKind kind;
  private final byte[] bytes;

  private Evidence(EvidenceKind kind, byte[] bytes) {
    this.kind = kind;
    this.bytes = bytes;
  }

  /**
   * @throws IllegalArgumentException if {@code bytes} is empty or larger than {@link #MAX_BYTES}
   */
  public static Evidence of(EvidenceKind kind, byte[] bytes) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length == 0 || bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "evidence must hold 1.."
              + MAX_BYTES
              + " bytes, got "
              + bytes.length
              + "; pass the raw quote or simulation statement, not a file path or an encoding of it");
    }
    return new Evidence(kind, bytes.clone());
  }

  /** Evidence holding a raw SGX DCAP quote (version 3 or 4). */
  public static Evidence sgxDcapQuote(byte[] quote) {
    return of(EvidenceKind.SGX_DCAP, quote);
  }

  public EvidenceKind kind() {
    return kind;
  }

  /** A copy of the evidence bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Evidence
        && ((Evidence) o).kind == kind
        && Arrays.equals(((Evidence) o).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return 31 * kind.hashCode() + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Evidence{kind=" + kind + ", " + bytes.length + " bytes}";
  }
}
