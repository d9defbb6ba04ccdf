package org.trustbeat.protocol;

import java.security.GeneralSecurityException;

/**
 * Thrown when bytes claiming to be a TrustBeat message (chunk, result, key blob, key release) do
 * not follow the wire format or exceed a {@link ProtocolLimits} bound.
 *
 * <p>Parsers throw this instead of any unchecked exception, so a caller handling hostile input only
 * has to catch {@link GeneralSecurityException}. The message names the field, its byte offset and
 * what to do about it; it never quotes payload bytes, sample values or key material.
 */
public final class MalformedEnvelopeException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /** Why the bytes were refused; stable, so callers can count rejections by kind. */
  public enum Reason {
    /** The message, or a field in it, exceeds a configured limit. */
    TOO_LARGE,
    /** The message ends before a field it announces. */
    TRUNCATED,
    /** The first two bytes are not the magic of the expected message type. */
    BAD_MAGIC,
    /** The format version is not one this code reads. */
    UNSUPPORTED_VERSION,
    /** A field holds a value outside its allowed range or character set. */
    INVALID_FIELD,
    /** Bytes follow the last field. */
    TRAILING_BYTES
  }

  private final Reason reason;
  private final String field;
  private final int offset;

  public MalformedEnvelopeException(
      Reason reason, String field, int offset, String problem, String fix) {
    super(field + " at byte offset " + offset + ": " + problem + " (" + reason + "); " + fix);
    this.reason = reason;
    this.field = field;
    this.offset = offset;
  }

  public Reason reason() {
    return reason;
  }

  /** The name of the offending field, for example {@code "chunk.patient"}. */
  public String field() {
    return field;
  }

  /** Byte offset of the offending field within the parsed input. */
  public int offset() {
    return offset;
  }
}
