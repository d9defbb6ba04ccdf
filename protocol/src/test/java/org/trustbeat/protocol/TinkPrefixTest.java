package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TinkPrefixTest {
  @Test
  void matches_onlyTheTinkStartByteAndTheSameKeyId() {
    byte[] ciphertext = {0x01, 0x01, 0x02, 0x03, 0x04, 9, 9};
    assertTrue(TinkPrefix.matches(ciphertext, 0x01020304));
    assertFalse(TinkPrefix.matches(ciphertext, 0x01020305));
    assertFalse(TinkPrefix.matches(new byte[] {0x00, 1, 2, 3, 4}, 0x01020304));
  }

  @Test
  void shortCiphertext_neverMatches() {
    assertFalse(TinkPrefix.matches(new byte[] {0x01, 0, 0, 0}, 0));
    assertFalse(TinkPrefix.matches(new byte[0], 0));
  }
}
