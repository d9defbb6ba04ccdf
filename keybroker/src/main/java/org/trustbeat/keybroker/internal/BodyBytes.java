package org.trustbeat.keybroker.internal;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.trustbeat.codec.BinaryErrors;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;

/**
 * The key broker's binary bodies and records on top of the codec: big-endian, and every malformed
 * input an {@link IllegalArgumentException} naming what is wrong (the server answers it with 400,
 * the client and the key store wrap it in their own errors).
 */
public final class BodyBytes {
  private static final BinaryErrors<IllegalArgumentException> ERRORS =
      new BinaryErrors<>() {
        @Override
        public IllegalArgumentException truncated(
            String subject, String field, int offset, long needed, int remaining) {
          return new IllegalArgumentException(
              subject + " ends early (" + (offset + remaining) + " bytes)");
        }

        @Override
        public IllegalArgumentException outOfRange(
            String subject, String field, int offset, long value, long min, long max) {
          return lengthProblem(field, value, min, max);
        }

        @Override
        public IllegalArgumentException trailing(
            String subject, String field, int offset, int remaining) {
          return new IllegalArgumentException(remaining + " bytes follow the " + field);
        }
      };

  private BodyBytes() {}

  /** {@code subject} names the body in errors, e.g. "request" gives "request ends early". */
  public static BinaryReader<IllegalArgumentException> reader(byte[] body, String subject) {
    return BinaryReader.of(body, ByteOrder.BIG_ENDIAN, subject, ERRORS);
  }

  public static BinaryWriter writer(int initialCapacity) {
    return BinaryWriter.of(initialCapacity, ByteOrder.BIG_ENDIAN);
  }

  public static IllegalArgumentException lengthProblem(
      String field, long length, long min, long max) {
    return new IllegalArgumentException(
        field + " has length " + length + "; it must be " + min + ".." + max);
  }

  /** Printable ASCII text, or an IllegalArgumentException. */
  public static String ascii(byte[] b) {
    for (byte c : b) {
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException("a text field holds a non-printable or non-ASCII byte");
      }
    }
    return new String(b, StandardCharsets.US_ASCII);
  }
}
