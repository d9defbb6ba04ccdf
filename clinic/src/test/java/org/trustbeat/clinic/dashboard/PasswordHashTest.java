package org.trustbeat.clinic.dashboard;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
  private static final char[] PASSWORD = "a long clinic password".toCharArray();

  @Test
  void textForm_roundTrips_andMatchesOnlyThePassword() {
    PasswordHash h = PasswordHash.create(PASSWORD);
    PasswordHash back = PasswordHash.parse(h.toText());
    assertTrue(back.matches(PASSWORD));
    assertFalse(back.matches("a long clinic passwore".toCharArray()));
    assertFalse(h.toString().contains(h.toText().split(":")[3]), "toString shows the hash");
  }

  @Test
  void samePasswordTwice_getsDifferentSalts() {
    assertNotEquals(PasswordHash.create(PASSWORD).toText(), PasswordHash.create(PASSWORD).toText());
  }

  @Test
  void weakOrMalformedHashes_areRefusedWithTheFix() {
    String weak = PasswordHash.create(PASSWORD).toText().replace(":600000:", ":1000:");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(weak));
    assertTrue(e.getMessage().contains("trustbeat dashboard --hash-password"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("md5:abc"));
    assertThrows(IllegalArgumentException.class, () -> PasswordHash.create("short".toCharArray()));
  }
}
