package org.trustbeat.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TextRuleTest {
  @Test
  void pseudonym_allowsOnlyItsCharset() {
    assertNull(TextRule.PSEUDONYM.problem("Ab9._-"));
    assertEquals("character at index 1 is not allowed", TextRule.PSEUDONYM.problem("a:b"));
    assertNotNull(TextRule.PSEUDONYM.problem("ü"));
  }

  @Test
  void labels_allowPrintableAscii() {
    assertNull(TextRule.LABEL.problem("sealed-process"));
    assertNull(TextRule.JOB_ID.problem("job 2024-01-01T00:00Z #3"));
    assertNotNull(TextRule.LABEL.problem("tab\there"));
    assertNotNull(TextRule.LABEL.problem("\u0000"));
  }

  @Test
  void lengths_areBounded() {
    assertEquals(64, TextRule.PSEUDONYM.maxBytes());
    assertNull(TextRule.LABEL.problem("x".repeat(32)));
    assertEquals("length 33 is outside [1, 32]", TextRule.LABEL.problem("x".repeat(33)));
    assertEquals("length 0 is outside [1, 64]", TextRule.JOB_ID.problem(""));
    assertEquals("is missing", TextRule.JOB_ID.problem((String) null));
  }
}
