package org.trustbeat.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicsTest {
  @Test
  void topicNames_followTheV1Layout() {
    assertEquals("trustbeat/v1/p001/chunks", Topics.chunks("p001"));
    assertEquals("trustbeat/v1/p001/results", Topics.results("p001"));
    assertEquals("trustbeat/v1/+/chunks", Topics.ALL_CHUNKS);
    assertEquals("trustbeat/v1/+/results", Topics.ALL_RESULTS);
  }

  @Test
  void wildcardOrSlashInPseudonym_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> Topics.chunks("a/b"));
    assertThrows(IllegalArgumentException.class, () -> Topics.chunks("+"));
    assertThrows(IllegalArgumentException.class, () -> Topics.results("#"));
    assertThrows(IllegalArgumentException.class, () -> Topics.results(""));
  }

  @Test
  void patientOf_readsThePseudonymBack_andRefusesOtherTopics() {
    assertEquals("p-1.x", Topics.patientOf(Topics.chunks("p-1.x")));
    assertEquals("p2", Topics.patientOf(Topics.results("p2")));
    assertThrows(IllegalArgumentException.class, () -> Topics.patientOf("trustbeat/v1/p/other"));
    assertThrows(IllegalArgumentException.class, () -> Topics.patientOf("x/v1/p/chunks"));
    assertThrows(IllegalArgumentException.class, () -> Topics.patientOf("trustbeat/v1/a/b/chunks"));
    assertTrue(Topics.isChunkTopic("trustbeat/v1/p/chunks"));
    assertFalse(Topics.isChunkTopic("trustbeat/v1/p/results"));
    assertTrue(Topics.isResultTopic("trustbeat/v1/p/results"));
  }
}
