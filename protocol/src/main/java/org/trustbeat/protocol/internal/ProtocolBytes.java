package org.trustbeat.protocol.internal;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.trustbeat.codec.BinaryErrors;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;

/**
 * The protocol's conventions on top of the codec: big-endian, a {@link MalformedEnvelopeException}
 * naming field and offset for every malformed input, a 2-byte magic and a 1-byte format version at
 * the start of each format, 4-byte length prefixes bounded by {@code ProtocolLimits}, and short
 * texts (1-byte length) checked by their {@link TextRule}.
 */
public final class ProtocolBytes {
  /** The reader's subject is the input's name in errors, e.g. "chunk envelope". */
  private static final BinaryErrors<MalformedEnvelopeException> ERRORS =
      new BinaryErrors<>() {
        @Override
        public MalformedEnvelopeException truncated(
            String subject, String field, int offset, long needed, int remaining) {
          return new MalformedEnvelopeException(
              Reason.TRUNCATED,
              field,
              offset,
              "needs " + needed + " bytes but only " + remaining + " remain",
              "the "
                  + subject
                  + " was cut short in transport or storage; resend the complete"
                  + " bytes");
        }

        @Override
        public MalformedEnvelopeException outOfRange(
            String subject, String field, int offset, long value, long min, long max) {
          return new MalformedEnvelopeException(
              value > Integer.MAX_VALUE ? Reason.INVALID_FIELD : Reason.TOO_LARGE,
              field,
              offset,
              "length " + value + " is outside [" + min + ", " + max + "]",
              "the length prefix is corrupt or the producer used larger limits; align"
                  + " ProtocolLimits");
        }

        @Override
        public MalformedEnvelopeException trailing(
            String subject, String field, int offset, int remaining) {
          return new MalformedEnvelopeException(
              Reason.TRAILING_BYTES,
              field,
              offset,
              remaining + " unexpected bytes follow the last field",
              "send exactly one " + subject + " per message or file");
        }
      };

  private ProtocolBytes() {}

  /**
   * A reader of {@code bytes}; {@code message} names the input in errors, e.g. "chunk envelope".
   */
  public static BinaryReader<MalformedEnvelopeException> reader(byte[] bytes, String message) {
    return BinaryReader.of(bytes, ByteOrder.BIG_ENDIAN, message, ERRORS);
  }

  public static BinaryWriter writer(int initialCapacity) {
    return BinaryWriter.of(initialCapacity, ByteOrder.BIG_ENDIAN);
  }

  public static void expectMagic(
      BinaryReader<MalformedEnvelopeException> r, byte first, byte second, String field)
      throws MalformedEnvelopeException {
    r.require(2, field);
    int at = r.position();
    int got0 = r.u8(field);
    int got1 = r.u8(field);
    if (got0 != (first & 0xff) || got1 != (second & 0xff)) {
      throw new MalformedEnvelopeException(
          Reason.BAD_MAGIC,
          field,
          at,
          "expected '" + (char) first + (char) second + "'",
          "these bytes are not a " + r.subject() + "; check the topic or file they came from");
    }
  }

  public static void expectVersion(
      BinaryReader<MalformedEnvelopeException> r, int version, String field)
      throws MalformedEnvelopeException {
    int at = r.position();
    int got = r.u8(field);
    if (got != version) {
      throw new MalformedEnvelopeException(
          Reason.UNSUPPORTED_VERSION,
          field,
          at,
          "format version " + got + " is not supported (this code reads " + version + ")",
          "upgrade the reader or seal with format version " + version);
    }
  }

  /**
   * Reads a 4-byte length then that many bytes; the length is checked against {@code max} and the
   * remaining input before anything is allocated.
   */
  public static byte[] lengthPrefixed(
      BinaryReader<MalformedEnvelopeException> r, int max, String field)
      throws MalformedEnvelopeException {
    return r.bytes(r.length(4, 0, max, field + ".length"), field);
  }

  /**
   * Reads a 1-byte length then that many bytes of text, checked by {@code rule}. Text fields are
   * ASCII by their rules, so decoding cannot be lossy.
   */
  public static String text(BinaryReader<MalformedEnvelopeException> r, TextRule rule, String field)
      throws MalformedEnvelopeException {
    int at = r.position();
    int n = r.u8(field + ".length");
    byte[] raw = r.bytes(n, field);
    String problem = rule.problem(raw);
    if (problem != null) {
      throw new MalformedEnvelopeException(
          Reason.INVALID_FIELD, field, at, problem, "the sender must " + rule.fix());
    }
    return new String(raw, StandardCharsets.US_ASCII);
  }
}
