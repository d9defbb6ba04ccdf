package org.trustbeat.keybroker.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.KeyRelease;
import org.trustbeat.protocol.Pseudonym;

/**
 * Body of {@code POST /v1/release} ({@code application/x-trustbeat-release-request}). Big-endian:
 *
 * <pre>
 * 'T' 'B' 'R' 'R' magic (4) | version = 1 (1) |
 * evidence kind (1: 1 = SGX_DCAP, 2 = SIMULATION) | evidence (4-byte length, 1..65536, + bytes) |
 * enclave public key (2-byte length, 1..4096, + bytes) | nonce (2-byte length, 16..1024, + bytes) |
 * host kind label (1-byte length, 1..32, + ASCII) |
 * patient count (2-byte, 1..10000) | per patient: pseudonym (1-byte length + ASCII)
 * </pre>
 *
 * A binary body keeps evidence and keys unencoded and every length bounded before it is read.
 * Immutable; {@link #toString()} shows sizes and counts only.
 */
public final class ReleaseRequest {
  public static final int MAX_PUBLIC_KEY_BYTES = 4096;
  public static final int MAX_PATIENTS = 10_000;
  public static final int MAX_LABEL_BYTES = 32;

  /** Upper bound of a valid body; larger bodies are refused before they are read in full. */
  public static final int MAX_BYTES =
      4
          + 1
          + 1
          + 4
          + Evidence.MAX_BYTES
          + 2
          + MAX_PUBLIC_KEY_BYTES
          + 2
          + KeyRelease.MAX_NONCE_BYTES
          + 1
          + MAX_LABEL_BYTES
          + 2
          + MAX_PATIENTS * (1 + Pseudonym.MAX_BYTES);

  private static final byte[] MAGIC = {'T', 'B', 'R', 'R'};
  private static final int VERSION = 1;

  private final Evidence evidence;
  private final byte[] publicKey;
  private final byte[] nonce;
  private final String hostKind;
  private final List<String> patients;

  private ReleaseRequest(
      Evidence evidence, byte[] publicKey, byte[] nonce, String hostKind, List<String> patients) {
    this.evidence = evidence;
    this.publicKey = publicKey;
    this.nonce = nonce;
    this.hostKind = hostKind;
    this.patients = List.copyOf(patients);
  }

  /**
   * @throws IllegalArgumentException naming the bad field and its bound
   */
  public static ReleaseRequest of(
      Evidence evidence, byte[] publicKey, byte[] nonce, String hostKind, List<String> patients) {
    Objects.requireNonNull(evidence, "evidence");
    checkLength("enclave public key", publicKey.length, 1, MAX_PUBLIC_KEY_BYTES);
    checkLength("nonce", nonce.length, KeyRelease.MIN_NONCE_BYTES, KeyRelease.MAX_NONCE_BYTES);
    checkLabel(hostKind);
    checkLength("patient list", patients.size(), 1, MAX_PATIENTS);
    Set<String> seen = new HashSet<>();
    for (String p : patients) {
      Pseudonym.check(p);
      if (!seen.add(p)) {
        throw new IllegalArgumentException(
            "patient " + p + " is listed twice; list each patient once");
      }
    }
    return new ReleaseRequest(evidence, publicKey.clone(), nonce.clone(), hostKind, patients);
  }

  /**
   * @throws IllegalArgumentException naming the first field that is missing, out of bounds or
   *     invalid, or trailing bytes
   */
  public static ReleaseRequest parse(byte[] body) {
    if (body.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "request has " + body.length + " bytes, over " + MAX_BYTES);
    }
    BinaryReader<IllegalArgumentException> in = BodyBytes.reader(body, "request");
    if (!in.matches(MAGIC, "magic")) {
      throw new IllegalArgumentException(
          "not a TrustBeat release request (bad magic); send the" + " body KeyBrokerClient writes");
    }
    int version = in.u8("version");
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "request version "
              + version
              + " is not supported; this"
              + " broker speaks version "
              + VERSION);
    }
    EvidenceKind kind = kindOf(in.u8("evidence kind"));
    byte[] evidence = in.prefixed(4, 1, Evidence.MAX_BYTES, "evidence");
    byte[] publicKey = in.prefixed(2, 1, MAX_PUBLIC_KEY_BYTES, "enclave public key");
    byte[] nonce = in.prefixed(2, KeyRelease.MIN_NONCE_BYTES, KeyRelease.MAX_NONCE_BYTES, "nonce");
    String hostKind = BodyBytes.ascii(in.prefixed(1, 1, MAX_LABEL_BYTES, "host kind"));
    int count = in.length(2, 1, MAX_PATIENTS, "patient list");
    List<String> patients = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      patients.add(BodyBytes.ascii(in.prefixed(1, 1, Pseudonym.MAX_BYTES, "patient pseudonym")));
    }
    in.expectEnd("patient list");
    return of(Evidence.of(kind, evidence), publicKey, nonce, hostKind, patients);
  }

  public byte[] toBytes() {
    byte[] ev = evidence.bytes();
    BinaryWriter out =
        BodyBytes.writer(256 + ev.length + publicKey.length)
            .bytes(MAGIC)
            .u8(VERSION)
            .u8(evidence.kind() == EvidenceKind.SGX_DCAP ? 1 : 2)
            .prefixed(4, ev)
            .prefixed(2, publicKey)
            .prefixed(2, nonce)
            .prefixed(1, hostKind.getBytes(StandardCharsets.US_ASCII))
            .u16(patients.size());
    for (String p : patients) {
      out.prefixed(1, p.getBytes(StandardCharsets.US_ASCII));
    }
    return out.finish();
  }

  public Evidence evidence() {
    return evidence;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  public byte[] nonce() {
    return nonce.clone();
  }

  public String hostKind() {
    return hostKind;
  }

  public List<String> patients() {
    return patients;
  }

  private static EvidenceKind kindOf(int code) {
    switch (code) {
      case 1:
        return EvidenceKind.SGX_DCAP;
      case 2:
        return EvidenceKind.SIMULATION;
      default:
        throw new IllegalArgumentException(
            "evidence kind " + code + " is unknown; use 1 (SGX_DCAP)" + " or 2 (SIMULATION)");
    }
  }

  private static void checkLength(String field, int length, int min, int max) {
    if (length < min || length > max) {
      throw BodyBytes.lengthProblem(field, length, min, max);
    }
  }

  private static void checkLabel(String label) {
    checkLength("host kind", label.length(), 1, MAX_LABEL_BYTES);
    for (char c : label.toCharArray()) {
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException("host kind must be printable ASCII without spaces");
      }
    }
  }

  @Override
  public String toString() {
    return "ReleaseRequest{"
        + evidence
        + ", publicKey="
        + publicKey.length
        + " bytes, nonce="
        + nonce.length
        + " bytes, hostKind="
        + hostKind
        + ", patients="
        + patients.size()
        + "}";
  }
}
