package org.trustbeat.protocol;

/** Bounds shared by every epoch-millisecond field in the headers. */
final class EpochMillis {
  /** 9999-12-31T23:59:59.999Z: keeps {@code start + length} and ms-to-seconds conversions exact. */
  static final long MAX = 253_402_300_799_999L;

  private EpochMillis() {}

  static boolean inRange(long millis) {
    return millis >= 0 && millis <= MAX;
  }
}
