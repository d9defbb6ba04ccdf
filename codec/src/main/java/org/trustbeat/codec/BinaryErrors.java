package org.trustbeat.codec;

/**
 * Builds the exception a format throws when a {@link BinaryReader} finds its input malformed, so
 * every format keeps its own exception type and wording while the bounds checks exist once.
 *
 * <p>{@code subject} is what the reader reads, as its creator named it (e.g. "chunk envelope");
 * {@code field} names the field being read; {@code offset} is the field's position in the
 * underlying array. Implementations return the exception, the reader throws it. They are called
 * only on malformed input, never on the path of a well-formed read.
 *
 * @param <E> the exception type the format throws
 */
public interface BinaryErrors<E extends Exception> {
  /**
   * {@code field} at {@code offset} needs {@code needed} bytes but only {@code remaining} remain;
   * {@code needed} may be negative when it came from a hostile length.
   */
  E truncated(String subject, String field, int offset, long needed, int remaining);

  /** {@code field}, a length or count read at {@code offset}, is outside {@code [min, max]}. */
  E outOfRange(String subject, String field, int offset, long value, long min, long max);

  /** {@code remaining} bytes follow the last field, at {@code offset}. */
  E trailing(String subject, String field, int offset, int remaining);
}
