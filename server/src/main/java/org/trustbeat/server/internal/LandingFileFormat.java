package org.trustbeat.server.internal;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.trustbeat.codec.BinaryErrors;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;

/**
 * The bytes of one landing file: magic {@code 'T' 'B' 'L' '1'}, then for each chunk envelope its
 * length (4, big-endian) and its bytes. Framing only: the envelopes inside are opaque here.
 */
public final class LandingFileFormat {
  static final byte[] MAGIC = {'T', 'B', 'L', '1'};

  /**
   * Where the framing breaks. Framing errors are an expected outcome here, not a failure: one
   * shared instance without a stack trace, so a damaged file costs no allocation to detect.
   */
  private static final class Unframed extends Exception {
    private static final long serialVersionUID = 1L;
    static final Unframed INSTANCE = new Unframed();

    private Unframed() {
      super("landing file framing is broken", null, false, false);
    }
  }

  private static final BinaryErrors<Unframed> UNFRAMED =
      new BinaryErrors<>() {
        @Override
        public Unframed truncated(
            String subject, String field, int offset, long needed, int remaining) {
          return Unframed.INSTANCE;
        }

        @Override
        public Unframed outOfRange(
            String subject, String field, int offset, long value, long min, long max) {
          return Unframed.INSTANCE;
        }

        @Override
        public Unframed trailing(String subject, String field, int offset, int remaining) {
          return Unframed.INSTANCE;
        }
      };

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
    BinaryWriter w = BinaryWriter.of((int) size, ByteOrder.BIG_ENDIAN).bytes(MAGIC);
    for (byte[] e : envelopes) {
      w.prefixed(4, e);
    }
    return w.finish(); // sized exactly: no copy
  }

  /**
   * Splits a landing file into its envelopes. A file whose framing is broken (wrong magic, a length
   * running past the end) yields the envelopes before the break and the rest as {@link
   * Decoded#unframed()}, so one damaged file costs only its damaged part.
   */
  public static Decoded decode(byte[] file, int maxEnvelopeBytes) {
    BinaryReader<Unframed> r =
        BinaryReader.of(file, ByteOrder.BIG_ENDIAN, "landing file", UNFRAMED);
    try {
      if (!r.matches(MAGIC, "magic")) {
        return new Decoded(List.of(), file);
      }
    } catch (Unframed e) {
      return new Decoded(List.of(), file.length == 0 ? null : file);
    }
    List<byte[]> out = new ArrayList<>();
    while (r.remaining() > 0) {
      int at = r.position();
      try {
        out.add(r.prefixed(4, 0, maxEnvelopeBytes, "envelope"));
      } catch (Unframed e) {
        return new Decoded(out, Arrays.copyOfRange(file, at, file.length));
      }
    }
    return new Decoded(out, null);
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
