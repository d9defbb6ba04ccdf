package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PseudonymTest {
  @Test
  void allowedCharacters_areValid() {
    assertTrue(Pseudonym.isValid("p-01_A.b"));
    assertTrue(Pseudonym.isValid("x".repeat(64)));
    assertEquals("nsr001", Pseudonym.check("nsr001"));
  }

  @Test
  void emptyTooLongOrForeignCharacters_areInvalid() {
    assertFalse(Pseudonym.isValid(""));
    assertFalse(Pseudonym.isValid(null));
    assertFalse(Pseudonym.isValid("x".repeat(65)));
    assertFalse(Pseudonym.isValid("a/b"));
    assertFalse(Pseudonym.isValid("a b"));
    assertFalse(Pseudonym.isValid("é"));
  }

  @Test
  void check_namesTheRule() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pseudonym.check("a/b"));
    assertTrue(e.getMessage().contains("[A-Za-z0-9._-]"));
  }
}
