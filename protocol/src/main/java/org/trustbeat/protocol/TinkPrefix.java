package org.trustbeat.protocol;

/** Reads the key id out of a Tink-prefixed ciphertext: one 0x01 byte, then a 4-byte key id. */
final class TinkPrefix {
  private static final byte TINK_START_BYTE = 0x01;
  static final int SIZE = 5;

  private TinkPrefix() {}

  /** Whether {@code ciphertext} carries the Tink prefix for {@code keyId}. */
  static boolean matches(byte[] ciphertext, int keyId) {
    if (ciphertext.length < SIZE || ciphertext[0] != TINK_START_BYTE) {
      return false;
    }
    int id =
        ((ciphertext[1] & 0xff) << 24)
            | ((ciphertext[2] & 0xff) << 16)
            | ((ciphertext[3] & 0xff) << 8)
            | (ciphertext[4] & 0xff);
    return id == keyId;
  }
}
