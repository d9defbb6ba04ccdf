package org.trustbeat.keybroker;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
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
 * Only the enclave can open the release; what the host reads here (pseudonyms, reasons) is what
 * the untrusted side may know. {@link #toString()} shows counts and sizes.
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

  static ReleaseAnswer of(byte[] signedRelease, List<String> released, List<PatientRefusal> refused) {
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
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64 + signedRelease.length);
    try (DataOutputStream out = new DataOutputStream(buf)) {
      out.write(MAGIC);
      out.writeByte(VERSION);
      out.writeInt(signedRelease.length);
      out.write(signedRelease);
      out.writeShort(released.size());
      for (String p : released) {
        writeShortText(out, p);
      }
      out.writeShort(refused.size());
      for (PatientRefusal r : refused) {
        writeShortText(out, r.patient());
        writeShortText(out, r.reasonName());
        byte[] m = r.message().getBytes(StandardCharsets.UTF_8);
        m = Arrays.copyOf(m, Math.min(m.length, MAX_MESSAGE_BYTES));
        out.writeShort(m.length);
        out.write(m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("in-memory stream cannot fail", e);
    }
    return buf.toByteArray();
  }

  /** @throws IllegalArgumentException naming what is wrong */
  static ReleaseAnswer parse(byte[] body) {
    ByteBuffer in = ByteBuffer.wrap(body);
    try {
      byte[] magic = new byte[MAGIC.length];
      in.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("not a TrustBeat release answer (bad magic); is the URL"
            + " a TrustBeat key broker of this version?");
      }
      int version = in.get() & 0xff;
      if (version != VERSION) {
        throw new IllegalArgumentException("release answer version " + version + " is not"
            + " supported; this client reads version " + VERSION);
      }
      int n = in.getInt();
      if (n < 1 || n > SignedKeyRelease.MAX_BYTES || n > in.remaining()) {
        throw new IllegalArgumentException("release answer holds a release of " + n + " bytes");
      }
      byte[] release = new byte[n];
      in.get(release);
      int releasedCount = in.getShort() & 0xffff;
      List<String> released = new ArrayList<>(releasedCount);
      for (int i = 0; i < releasedCount; i++) {
        released.add(Pseudonym.check(shortText(in)));
      }
      int refusedCount = in.getShort() & 0xffff;
      List<PatientRefusal> refused = new ArrayList<>(refusedCount);
      for (int i = 0; i < refusedCount; i++) {
        String patient = Pseudonym.check(shortText(in));
        String reason = shortText(in);
        byte[] m = new byte[in.getShort() & 0xffff];
        in.get(m);
        refused.add(PatientRefusal.parsed(patient, reason, new String(m, StandardCharsets.UTF_8)));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes follow the release answer");
      }
      return of(release, released, refused);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("release answer ends early (" + body.length + " bytes)");
    }
  }

  private static void writeShortText(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    out.writeByte(b.length);
    out.write(b);
  }

  private static String shortText(ByteBuffer in) {
    byte[] b = new byte[in.get() & 0xff];
    in.get(b);
    for (byte c : b) {
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("a text field holds a non-printable or non-ASCII byte");
      }
    }
    return new String(b, StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "ReleaseAnswer{release=" + signedRelease.length + " bytes, released="
        + released.size() + ", refused=" + refused.size() + "}";
  }
}
