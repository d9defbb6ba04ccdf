package org.trustbeat.enclave.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.HrvJob;

/**
 * The host–enclave channel: length-prefixed binary frames over one stream socket, one request and
 * one response per round trip, a whole {@link WindowBatch} per request.
 *
 * <p>Frame: length n (4, big-endian, of what follows), type (1), payload (n - 1). Requests:
 * {@link #PUBLIC_KEY} (empty), {@link #ATTEST} (nonce), {@link #INSTALL_KEYS} (nonce, release),
 * {@link #PROCESS} (batch). Responses: {@link #OK} with the answer, or an error type with a UTF-8
 * message. Byte strings are a 4-byte length then the bytes; texts a 2-byte length then UTF-8.
 *
 * <p>Only ciphertext, clear routing headers, public keys and evidence cross it, so it needs no
 * encryption of its own. Both ends bound every length by the bytes actually present and frames by
 * a configured maximum, so a hostile peer cannot make the other allocate beyond that.
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

  public static void writeFrame(DataOutputStream out, byte type, byte[] payload) throws IOException {
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
      throw new IOException("frame of " + n + " bytes is outside [1, " + maxFrameBytes
          + "]; send smaller batches or raise maxFrameBytes on both ends");
    }
    byte type = in.readByte();
    byte[] payload = new byte[n - 1];
    in.readFully(payload);
    return new Frame(type, payload);
  }

  /** Builds a payload. */
  public static final class Out {
    private final ByteArrayOutputStream bytes;
    private final DataOutputStream data;

    public Out(int sizeHint) {
      bytes = new ByteArrayOutputStream(Math.max(32, sizeHint));
      data = new DataOutputStream(bytes);
    }

    public Out bytes(byte[] b) {
      try {
        data.writeInt(b.length);
        data.write(b);
      } catch (IOException e) {
        throw new IllegalStateException(e); // a ByteArrayOutputStream does not fail
      }
      return this;
    }

    public Out text(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      try {
        data.writeShort(b.length);
        data.write(b);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return this;
    }

    public Out i32(int v) {
      try {
        data.writeInt(v);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return this;
    }

    public Out i64(long v) {
      try {
        data.writeLong(v);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      return this;
    }

    public byte[] toByteArray() {
      return bytes.toByteArray();
    }
  }

  /** Reads a payload; every malformed input ends in an IOException. */
  public static final class In {
    private final ByteBuffer b;

    public In(byte[] payload) {
      b = ByteBuffer.wrap(payload);
    }

    public byte[] bytes() throws IOException {
      int n = i32();
      return take(n);
    }

    private byte[] take(int n) throws IOException {
      if (n < 0 || n > b.remaining()) {
        throw malformed();
      }
      byte[] out = new byte[n];
      b.get(out);
      return out;
    }

    public String text() throws IOException {
      int n;
      try {
        n = b.getShort() & 0xffff;
      } catch (BufferUnderflowException e) {
        throw malformed();
      }
      return new String(take(n), StandardCharsets.UTF_8);
    }

    public int i32() throws IOException {
      try {
        return b.getInt();
      } catch (BufferUnderflowException e) {
        throw malformed();
      }
    }

    public long i64() throws IOException {
      try {
        return b.getLong();
      } catch (BufferUnderflowException e) {
        throw malformed();
      }
    }

    public void end() throws IOException {
      if (b.hasRemaining()) {
        throw malformed();
      }
    }

    private static IOException malformed() {
      return new IOException("malformed frame on the enclave channel; both ends must run the same"
          + " TrustBeat version");
    }
  }

  public static byte[] encodeBatch(WindowBatch batch) {
    int size = 64;
    for (WindowTask t : batch.tasks()) {
      for (byte[] c : t.chunks()) {
        size += c.length + 4;
      }
      size += 128;
    }
    Out o = new Out(size).text(batch.jobId()).text(batch.job().jobName()).i32(batch.tasks().size());
    for (WindowTask t : batch.tasks()) {
      o.text(t.patient()).i64(t.windowStartMillis()).i64(t.windowLengthMillis());
      o.i32(t.chunks().size());
      for (byte[] c : t.chunks()) {
        o.bytes(c);
      }
    }
    return o.toByteArray();
  }

  public static WindowBatch decodeBatch(byte[] payload) throws IOException {
    In in = new In(payload);
    String jobId = in.text();
    HrvJob job;
    try {
      job = HrvJob.byName(in.text());
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    int tasks = count(in, payload.length);
    List<WindowTask> list = new ArrayList<>(tasks);
    for (int i = 0; i < tasks; i++) {
      String patient = in.text();
      long start = in.i64();
      long length = in.i64();
      int chunks = count(in, payload.length);
      List<byte[]> cs = new ArrayList<>(chunks);
      for (int j = 0; j < chunks; j++) {
        cs.add(in.bytes());
      }
      try {
        list.add(WindowTask.of(patient, start, length, cs));
      } catch (IllegalArgumentException e) {
        throw new IOException("task " + i + ": " + e.getMessage(), e);
      }
    }
    in.end();
    return WindowBatch.of(jobId, job, list);
  }

  /** A count of elements that take at least 4 bytes each, bounded by the payload. */
  private static int count(In in, int payloadBytes) throws IOException {
    int n = in.i32();
    if (n < 0 || n > payloadBytes / 4) {
      throw new IOException("malformed frame on the enclave channel: count " + n + " does not fit");
    }
    return n;
  }

  public static byte[] encodeOutcomes(List<WindowOutcome> outcomes) {
    int size = 16;
    for (WindowOutcome w : outcomes) {
      size += 128 + w.sealedResult().length;
    }
    Out o = new Out(size).i32(outcomes.size());
    for (WindowOutcome w : outcomes) {
      o.text(w.patient()).i64(w.windowStartMillis()).bytes(w.sealedResult());
      o.i32(w.chunksSeen()).i32(w.duplicatesDropped()).i64(w.sequenceGaps()).i32(w.contextChunks());
      o.i32(w.rejected().size());
      for (Map.Entry<RejectReason, Integer> e : w.rejected().entrySet()) {
        o.text(e.getKey().name()).i32(e.getValue());
      }
    }
    return o.toByteArray();
  }

  public static List<WindowOutcome> decodeOutcomes(byte[] payload) throws IOException {
    In in = new In(payload);
    int n = count(in, payload.length);
    List<WindowOutcome> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String patient = in.text();
      long start = in.i64();
      byte[] result = in.bytes();
      int seen = in.i32();
      int dups = in.i32();
      long gaps = in.i64();
      int context = in.i32();
      int reasons = count(in, payload.length);
      Map<RejectReason, Integer> rejected = new EnumMap<>(RejectReason.class);
      for (int j = 0; j < reasons; j++) {
        String name = in.text();
        try {
          rejected.put(RejectReason.valueOf(name), in.i32());
        } catch (IllegalArgumentException e) {
          throw new IOException("unknown reject reason on the enclave channel; both ends must run"
              + " the same TrustBeat version", e);
        }
      }
      try {
        out.add(WindowOutcome.of(patient, start, result, seen, dups, gaps, context, rejected));
      } catch (IllegalArgumentException e) {
        throw new IOException("malformed outcome on the enclave channel: " + e.getMessage(), e);
      }
    }
    in.end();
    return out;
  }

  public static byte[] encodeEvidence(Evidence e) {
    return new Out(e.size() + 32).text(e.kind().name()).bytes(e.bytes()).toByteArray();
  }

  public static Evidence decodeEvidence(byte[] payload) throws IOException {
    In in = new In(payload);
    String kind = in.text();
    byte[] bytes = in.bytes();
    in.end();
    try {
      return Evidence.of(EvidenceKind.valueOf(kind), bytes);
    } catch (IllegalArgumentException e) {
      throw new IOException("the enclave sent unusable evidence: " + e.getMessage(), e);
    }
  }
}
