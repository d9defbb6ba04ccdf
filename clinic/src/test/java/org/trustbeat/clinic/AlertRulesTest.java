package org.trustbeat.clinic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertRulesTest {
  private static JsonNode alertsTable(String toml) throws Exception {
    return new TomlMapper().readTree(toml).get("alerts");
  }

  @Test
  void alertsTable_setsEveryRule() throws Exception {
    AlertRules r =
        AlertRules.fromToml(
            alertsTable(
                "[alerts]\nhr_above_bpm = 120\n"
                    + "hr_below_bpm = 40.5\nhr_windows = 3\nsdnn_below_ms = 20\nsilent_minutes = 15\n"
                    + "poor_windows = 4\nintegrity = false\n"));
    assertEquals(120.0, r.hrAbove());
    assertEquals(40.5, r.hrBelow());
    assertEquals(3, r.hrWindows());
    assertEquals(20.0, r.sdnnBelow());
    assertEquals(Duration.ofMinutes(15), r.silentAfter());
    assertEquals(4, r.poorWindows());
    assertFalse(r.integrity());
  }

  @Test
  void missingTable_meansIntegrityRulesOnly() throws Exception {
    AlertRules r =
        AlertRules.fromToml(new TomlMapper().readTree("[store]\nurl = \"x\"\n").get("alerts"));
    assertNull(r.hrAbove());
    assertNull(r.silentAfter());
    assertEquals(0, r.poorWindows());
    assertTrue(r.integrity());
  }

  @Test
  void misspeltKey_isAnErrorNamingIt_notASilentlyDisabledRule() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AlertRules.fromToml(alertsTable("[alerts]\nhr_abov_bpm = 120\n")));
    assertTrue(
        e.getMessage().contains("hr_abov_bpm") && e.getMessage().contains("hr_above_bpm"),
        e.getMessage());
  }

  @Test
  void quotedNumber_isAnErrorShowingTheForm() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AlertRules.fromToml(alertsTable("[alerts]\nsdnn_below_ms = \"20\"\n")));
    assertEquals(
        "[alerts] sdnn_below_ms must be a number, e.g. sdnn_below_ms = 120", e.getMessage());
  }

  @Test
  void lowLimitAboveHighLimit_isRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> AlertRules.builder().setHrAbove(50).setHrBelow(60).build());
    assertTrue(e.getMessage().contains("must be lower than hr_above_bpm"), e.getMessage());
  }

  @Test
  void outOfRangeValues_areRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> AlertRules.builder().setHrWindows(0).build());
    assertThrows(
        IllegalArgumentException.class,
        () -> AlertRules.builder().setSilentAfter(Duration.ofSeconds(5)).build());
    assertThrows(
        IllegalArgumentException.class, () -> AlertRules.builder().setHrAbove(900).build());
  }
}
