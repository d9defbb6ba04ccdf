package org.trustbeat.keybroker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.keybroker.internal.BodyBytes;
import org.trustbeat.protocol.Pseudonym;
import org.trustbeat.protocol.SignedKeyRelease;

/**
 * The key broker's 200 answer to {@code POST /v1/release} ({@code
 * application/x-trustbeat-release-answer}): the {@link SignedKeyRelease} for the enclave, the
 * patients it holds, and the patients of the request their own policies left out, with reasons.
 *
 * <p>Big-endian: {@code 'T' 'B' 'R' 'A'} magic (4), version = 1 (1), signed release (4-byte length
 * + bytes), released count (2) and each pseudonym (1-byte length + ASCII), refused count (2) and
 * each refusal: pseudonym (1-byte length + ASCII), reason (1-byte length + ASCII), message (2-byte
 * length + UTF-8, at most {@value #MAX_MESSAGE_BYTES}).
 *
 * <h2>Security guarantees</h2>
 *
 * Only the enclave can open the release; what the host reads here (pseudonyms, reasons) is what the
 * untrusted side may know. {@link #toString()} shows counts and sizes.
 */
public final class ReleaseAnswer {
  public static final int MAX_MESSAGE_BYTES = 2048;
  private static final byte[] MAGIC = {'T', 'B', 'R', 'A'};
  private static final int VERSION = 1;

  private final byte[] signedRelease;
  private final List<String> released;
  private final List<PatientRefusal> refused;

  private ReleaseAnswer(byte[] signedRelease, List<String> released, List<PatientRefusal> refused) {
    this.signedRelease = signedRelease;
    this.released = List.copyOf(released);
    this.refused = List.copyOf(refused);
  }

  static ReleaseAnswer of(
      byte[] signedRelease, List<String> released, List<PatientRefusal> refused) {
    Objects.requireNonNull(signedRelease, "signedRelease");
    if (released.isEmpty()) {
      throw new IllegalArgumentException("an answer releases at least one patient");
    }
    return new ReleaseAnswer(signedRelease.clone(), released, refused);
  }

  /** For {@code EnclaveHost.installKeys}. */
  public byte[] signedRelease() {
    return signedRelease.clone();
  }

  /** The patients whose keys the release holds, in pseudonym order. */
  public List<String> released() {
    return released;
  }

  /** Patients of the request that their own policies refused for this enclave. */
  public List<PatientRefusal> refused() {
    return refused;
  }

  byte[] toBytes() {
    BinaryWriter out = BodyBytes.writer(64 + signedRelease.length).bytes(MAGIC).u8(VERSION);
    out.prefixed(4, signedRelease).u16(released.size());
    for (String p : released) {
      out.prefixed(1, p.getBytes(StandardCharsets.US_ASCII));
    }
    out.u16(refused.size());
    for (PatientRefusal r : refused) {
      out.prefixed(1, r.patient().getBytes(StandardCharsets.US_ASCII));
      out.prefixed(1, r.reasonName().getBytes(StandardCharsets.US_ASCII));
      byte[] m = r.message().getBytes(StandardCharsets.UTF_8);
      out.prefixed(2, Arrays.copyOf(m, Math.min(m.length, MAX_MESSAGE_BYTES)));
    }
    return out.finish();
  }

  /**
   * @throws IllegalArgumentException naming what is wrong
   */
  static ReleaseAnswer parse(byte[] body) {
    BinaryReader<IllegalArgumentException> in = BodyBytes.reader(body, "release answer");
    if (!in.matches(MAGIC, "magic")) {
      throw new IllegalArgumentException(
          "not a TrustBeat release answer (bad magic); is the URL"
              + " a TrustBeat key broker of this version?");
    }
    int version = in.u8("version");
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "release answer version "
              + version
              + " is not"
              + " supported; this client reads version "
              + VERSION);
    }
    int n = in.i32("release length");
    if (n < 1 || n > SignedKeyRelease.MAX_BYTES || n > in.remaining()) {
      throw new IllegalArgumentException("release answer holds a release of " + n + " bytes");
    }
    byte[] release = in.bytes(n, "release");
    int releasedCount = in.u16("released count");
    List<String> released = new ArrayList<>(releasedCount);
    for (int i = 0; i < releasedCount; i++) {
      released.add(Pseudonym.check(shortText(in)));
    }
    int refusedCount = in.u16("refused count");
    List<PatientRefusal> refused = new ArrayList<>(refusedCount);
    for (int i = 0; i < refusedCount; i++) {
      String patient = Pseudonym.check(shortText(in));
      String reason = shortText(in);
      String message = in.text(in.u16("message length"), StandardCharsets.UTF_8, "message");
      refused.add(PatientRefusal.parsed(patient, reason, message));
    }
    in.expectEnd("release answer");
    return of(release, released, refused);
  }

  private static String shortText(BinaryReader<IllegalArgumentException> in) {
    return BodyBytes.ascii(in.bytes(in.u8("text length"), "text"));
  }

  @Override
  public String toString() {
    return "ReleaseAnswer{release="
        + signedRelease.length
        + " bytes, released="
        + released.size()
        + ", refused="
        + refused.size()
        + "}";
  }
}
