package org.trustbeat.attestation.internal;

import java.nio.ByteOrder;
import org.trustbeat.attestation.QuoteFailure;
import org.trustbeat.attestation.QuoteVerificationException;
import org.trustbeat.codec.BinaryErrors;
import org.trustbeat.codec.BinaryReader;

/**
 * Readers for SGX structures: little-endian, as the quote library lays them out, and every
 * malformed input a {@link QuoteFailure#MALFORMED} naming the field and its offset in the quote,
 * never an unchecked exception.
 */
final class QuoteBytes {
  private static final BinaryErrors<QuoteVerificationException> ERRORS =
      new BinaryErrors<>() {
        @Override
        public QuoteVerificationException truncated(
            String subject, String field, int offset, long needed, int remaining) {
          return new QuoteVerificationException(
              QuoteFailure.MALFORMED,
              subject
                  + " is truncated: "
                  + field
                  + " at offset "
                  + offset
                  + " needs "
                  + needed
                  + " bytes but only "
                  + remaining
                  + " remain; pass the complete quote as"
                  + " produced by the quoting library");
        }

        @Override
        public QuoteVerificationException outOfRange(
            String subject, String field, int offset, long value, long min, long max) {
          return new QuoteVerificationException(
              QuoteFailure.MALFORMED,
              field
                  + " is "
                  + value
                  + " bytes, above the "
                  + max
                  + "-byte limit; the quote is"
                  + " corrupt or hostile");
        }

        @Override
        public QuoteVerificationException trailing(
            String subject, String field, int offset, int remaining) {
          return new QuoteVerificationException(
              QuoteFailure.MALFORMED,
              subject
                  + " has "
                  + remaining
                  + " unexpected trailing bytes at offset "
                  + offset
                  + "; a length field is wrong or data was appended after the quote");
        }
      };

  private QuoteBytes() {}

  /** {@code subject} names the structure in errors, e.g. "quote"; slices are named by field. */
  static BinaryReader<QuoteVerificationException> reader(byte[] data, String subject) {
    return BinaryReader.of(data, ByteOrder.LITTLE_ENDIAN, subject, ERRORS);
  }
}
