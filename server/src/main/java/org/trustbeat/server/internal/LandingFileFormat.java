package org.trustbeat.server.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The bytes of one landing file: magic {@code 'T' 'B' 'L' '1'}, then for each chunk envelope its
 * length (4, big-endian) and its bytes. Framing only: the envelopes inside are opaque here.
 */
public final class LandingFileFormat {
  static final byte[] MAGIC = {'T', 'B', 'L', '1'};

  private LandingFileFormat() {}

  public static byte[] encode(List<byte[]> envelopes) {
    long size = MAGIC.length;
    for (byte[] e : envelopes) {
      size += 4L + e.length;
    }
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "landing batch of " + size + " bytes is too large; append fewer envelopes per file");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) size);
    buf.put(MAGIC);
    for (byte[] e : envelopes) {
      buf.putInt(e.length).put(e);
    }
    return buf.array();
  }

  /**
   * Splits a landing file into its envelopes. A file whose framing is broken (wrong magic, a length
   * running past the end) yields the envelopes before the break and the rest as {@link
   * Decoded#unframed()}, so one damaged file costs only its damaged part.
   */
  public static Decoded decode(byte[] file, int maxEnvelopeBytes) {
    if (file.length < MAGIC.length
        || file[0] != MAGIC[0]
        || file[1] != MAGIC[1]
        || file[2] != MAGIC[2]
        || file[3] != MAGIC[3]) {
      return new Decoded(List.of(), file.length == 0 ? null : file);
    }
    List<byte[]> out = new ArrayList<>();
    ByteBuffer buf = ByteBuffer.wrap(file);
    buf.position(MAGIC.length);
    while (buf.remaining() > 0) {
      int at = buf.position();
      if (buf.remaining() < 4) {
        return new Decoded(out, tail(file, at));
      }
      int len = buf.getInt();
      if (len < 0 || len > maxEnvelopeBytes || len > buf.remaining()) {
        return new Decoded(out, tail(file, at));
      }
      byte[] e = new byte[len];
      buf.get(e);
      out.add(e);
    }
    return new Decoded(out, null);
  }

  private static byte[] tail(byte[] file, int from) {
    byte[] t = new byte[file.length - from];
    System.arraycopy(file, from, t, 0, t.length);
    return t;
  }

  /** The envelopes of a file and, if its framing broke, the bytes from the break on. */
  public static final class Decoded {
    private final List<byte[]> envelopes;
    private final byte[] unframed;

    Decoded(List<byte[]> envelopes, byte[] unframed) {
      this.envelopes = Collections.unmodifiableList(envelopes);
      this.unframed = unframed;
    }

    public List<byte[]> envelopes() {
      return envelopes;
    }

    /** The bytes that could not be framed, or null when the whole file was well formed. */
    public byte[] unframed() {
      return unframed;
    }
  }
}
