package org.trustbeat.enclave.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.codec.BinaryErrors;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.HrvJob;

/**
 * The host–enclave channel: length-prefixed binary frames over one stream socket, one request and
 * one response per round trip, a whole {@link WindowBatch} per request.
 *
 * <p>Frame: length n (4, big-endian, of what follows), type (1), payload (n - 1). Requests: {@link
 * #PUBLIC_KEY} (empty), {@link #ATTEST} (nonce), {@link #INSTALL_KEYS} (nonce, release), {@link
 * #PROCESS} (batch). Responses: {@link #OK} with the answer, or an error type with a UTF-8 message.
 * Byte strings are a 4-byte length then the bytes; texts a 2-byte length then UTF-8.
 *
 * <p>Only ciphertext, clear routing headers, public keys and evidence cross it, so it needs no
 * encryption of its own. Both ends bound every length by the bytes actually present and frames by a
 * configured maximum, so a hostile peer cannot make the other allocate beyond that.
 */
public final class Wire {
  public static final byte PUBLIC_KEY = 1;
  public static final byte ATTEST = 2;
  public static final byte INSTALL_KEYS = 3;
  public static final byte PROCESS = 4;

  public static final byte OK = 0;
  public static final byte ERR_SECURITY = 1;
  public static final byte ERR_ARGUMENT = 3;
  public static final byte ERR_IO = 4;
  public static final byte ERR_INTERNAL = 5;

  /** The line the enclave process prints on stdout once it accepts connections. */
  public static final String READY = "TRUSTBEAT-ENCLAVE-READY";

  private Wire() {}

  /** A received frame. */
  public static final class Frame {
    public final byte type;
    public final byte[] payload;

    Frame(byte type, byte[] payload) {
      this.type = type;
      this.payload = payload;
    }
  }

  public static void writeFrame(DataOutputStream out, byte type, byte[] payload)
      throws IOException {
    out.writeInt(payload.length + 1);
    out.writeByte(type);
    out.write(payload);
    out.flush();
  }

  /**
   * @return null at a clean end of stream before a frame starts
   * @throws IOException if the frame is over {@code maxFrameBytes} or cut short
   */
  public static Frame readFrame(DataInputStream in, int maxFrameBytes) throws IOException {
    int n;
    try {
      n = in.readInt();
    } catch (EOFException e) {
      return null;
    }
    if (n < 1 || n > maxFrameBytes) {
      throw new IOException(
          "frame of "
              + n
              + " bytes is outside [1, "
              + maxFrameBytes
              + "]; send smaller batches or raise maxFrameBytes on both ends");
    }
    byte type = in.readByte();
    byte[] payload = new byte[n - 1];
    in.readFully(payload);
    return new Frame(type, payload);
  }

  /** Malformed input is an IOException: the peer runs another version or is hostile. */
  private static final BinaryErrors<IOException> ERRORS =
      new BinaryErrors<>() {
        @Override
        public IOException truncated(
            String subject, String field, int offset, long needed, int remaining) {
          return malformed();
        }

        @Override
        public IOException outOfRange(
            String subject, String field, int offset, long value, long min, long max) {
          // Printed as the signed 4-byte value the peer sent.
          return new IOException(
              "malformed frame on the enclave channel: "
                  + field
                  + " "
                  + (int) value
                  + " does not fit");
        }

        @Override
        public IOException trailing(String subject, String field, int offset, int remaining) {
          return malformed();
        }
      };

  private static IOException malformed() {
    return new IOException(
        "malformed frame on the enclave channel; both ends must run the same"
            + " TrustBeat version");
  }

  /** A reader of a payload; every malformed input ends in an IOException. */
  public static BinaryReader<IOException> in(byte[] payload) {
    return BinaryReader.of(payload, ByteOrder.BIG_ENDIAN, "enclave frame", ERRORS);
  }

  /** A writer of a payload. */
  public static BinaryWriter out(int sizeHint) {
    return BinaryWriter.of(Math.max(32, sizeHint), ByteOrder.BIG_ENDIAN);
  }

  /** A byte string: 4-byte length, bounded by the bytes present, then the bytes. */
  public static byte[] bytes(BinaryReader<IOException> in) throws IOException {
    return in.bytes(in.u32("bytes"), "bytes");
  }

  /** A text: 2-byte length then UTF-8. */
  public static String text(BinaryReader<IOException> in) throws IOException {
    return in.text(in.u16("text"), StandardCharsets.UTF_8, "text");
  }

  public static BinaryWriter text(BinaryWriter out, String s) {
    return out.prefixed(2, s.getBytes(StandardCharsets.UTF_8));
  }

  /** The payload of an {@link #ATTEST} request. */
  public static byte[] encodeAttest(byte[] nonce) {
    return out(nonce.length + 4).prefixed(4, nonce).toByteArray();
  }

  /** The payload of an {@link #INSTALL_KEYS} request. */
  public static byte[] encodeInstallKeys(byte[] nonce, byte[] sealedRelease) {
    return out(nonce.length + sealedRelease.length + 8)
        .prefixed(4, nonce)
        .prefixed(4, sealedRelease)
        .toByteArray();
  }

  /** The payload of an error response; a message past the 2-byte length is cut, not refused. */
  public static byte[] encodeMessage(String message) {
    byte[] b = message.getBytes(StandardCharsets.UTF_8);
    return out(b.length + 2).prefixed(2, Arrays.copyOf(b, Math.min(b.length, 0xffff))).finish();
  }

  public static String decodeMessage(byte[] payload) throws IOException {
    return text(in(payload));
  }

  public static byte[] encodeBatch(WindowBatch batch) {
    int size = 64;
    for (WindowTask t : batch.tasks()) {
      for (byte[] c : t.chunks()) {
        size += c.length + 4;
      }
      size += 128;
    }
    BinaryWriter o = out(size);
    text(text(o, batch.jobId()), batch.job().jobName()).i32(batch.tasks().size());
    for (WindowTask t : batch.tasks()) {
      text(o, t.patient()).i64(t.windowStartMillis()).i64(t.windowLengthMillis());
      o.i32(t.chunks().size());
      for (byte[] c : t.chunks()) {
        o.prefixed(4, c);
      }
    }
    return o.toByteArray();
  }

  public static WindowBatch decodeBatch(byte[] payload) throws IOException {
    BinaryReader<IOException> in = in(payload);
    String jobId = text(in);
    HrvJob job;
    try {
      job = HrvJob.byName(text(in));
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    int tasks = count(in, payload.length);
    List<WindowTask> list = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      String patient = text(in);
      long start = in.i64("start");
      long length = in.i64("length");
      int chunks = count(in, payload.length);
      List<byte[]> cs = new ArrayList<>(chunks);
      for (int j = 0; j < chunks; j++) {
        cs.add(bytes(in));
      }
      try {
        list.add(WindowTask.of(patient, start, length, cs));
      } catch (IllegalArgumentException e) {
        throw new IOException("task " + i + ": " + e.getMessage(), e);
      }
    }
    in.expectEnd("end");
    return WindowBatch.of(jobId, job, list);
  }

  /** A count of elements that take at least 4 bytes each, bounded by the payload. */
  private static int count(BinaryReader<IOException> in, int payloadBytes) throws IOException {
    return in.length(4, 0, payloadBytes / 4, "count");
  }

  public static byte[] encodeOutcomes(List<WindowOutcome> outcomes) {
    int size = 16;
    for (WindowOutcome w : outcomes) {
      size += 128 + w.sealedResult().length;
    }
    BinaryWriter o = out(size).i32(outcomes.size());
    for (WindowOutcome w : outcomes) {
      text(o, w.patient()).i64(w.windowStartMillis()).prefixed(4, w.sealedResult());
      o.i32(w.chunksSeen()).i32(w.duplicatesDropped()).i64(w.sequenceGaps()).i32(w.contextChunks());
      o.i32(w.rejected().size());
      for (Map.Entry<RejectReason, Integer> e : w.rejected().entrySet()) {
        text(o, e.getKey().name()).i32(e.getValue());
      }
    }
    return o.toByteArray();
  }

  public static List<WindowOutcome> decodeOutcomes(byte[] payload) throws IOException {
    BinaryReader<IOException> in = in(payload);
    int n = count(in, payload.length);
    List<WindowOutcome> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String patient = text(in);
      long start = in.i64("start");
      byte[] result = bytes(in);
      int seen = in.i32("seen");
      int dups = in.i32("duplicates");
      long gaps = in.i64("gaps");
      int context = in.i32("context");
      int reasons = count(in, payload.length);
      Map<RejectReason, Integer> rejected = new EnumMap<>(RejectReason.class);
      for (int j = 0; j < reasons; j++) {
        String name = text(in);
        try {
          rejected.put(RejectReason.valueOf(name), in.i32("rejected"));
        } catch (IllegalArgumentException e) {
          throw new IOException(
              "unknown reject reason on the enclave channel; both ends must run"
                  + " the same TrustBeat version",
              e);
        }
      }
      try {
        out.add(WindowOutcome.of(patient, start, result, seen, dups, gaps, context, rejected));
      } catch (IllegalArgumentException e) {
        throw new IOException("malformed outcome on the enclave channel: " + e.getMessage(), e);
      }
    }
    in.expectEnd("end");
    return out;
  }

  public static byte[] encodeEvidence(Evidence e) {
    return text(out(e.size() + 32), e.kind().name()).prefixed(4, e.bytes()).toByteArray();
  }

  public static Evidence decodeEvidence(byte[] payload) throws IOException {
    BinaryReader<IOException> in = in(payload);
    String kind = text(in);
    byte[] bytes = bytes(in);
    in.expectEnd("end");
    try {
      return Evidence.of(EvidenceKind.valueOf(kind), bytes);
    } catch (IllegalArgumentException e) {
      throw new IOException("the enclave sent unusable evidence: " + e.getMessage(), e);
    }
  }
}
