package org.trustbeat.keybroker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.attestation.EvidenceKind;

class AuditLogTest {
  @TempDir Path dir;

  private static ReleaseDecision refusal(String message) {
    return ReleaseDecision.builder()
        .time(Instant.parse("2025-01-01T00:00:00Z"))
        .evidenceKind(EvidenceKind.SGX_DCAP)
        .hostKind("sgx")
        .patients(List.of("p-1"))
        .enclave("aa".repeat(32), "bb".repeat(32), false)
        .remote("127.0.0.1")
        .refuse(RefusalReason.MRENCLAVE_NOT_ALLOWED, message);
  }

  @Test
  void reopening_appends_andKeepsEarlierLinesByteForByte() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    try (AuditLog log = AuditLog.open(file)) {
      log.append(refusal("first"));
    }
    byte[] before = Files.readAllBytes(file);
    try (AuditLog log = AuditLog.open(file)) {
      log.append(refusal("second"));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    byte[] after = Files.readAllBytes(file);
    assertEquals(new String(before), new String(after, 0, before.length));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void line_isOneJsonObjectWithTheDecisionFields() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    try (AuditLog log = AuditLog.open(file)) {
      log.append(refusal("quote \" and\nnewline stay one line"));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(1, lines.size());
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertEquals("2025-01-01T00:00:00Z", line.get("time").asText());
    assertEquals("REFUSED", line.get("decision").asText());
    assertEquals("MRENCLAVE_NOT_ALLOWED", line.get("reason").asText());
    assertEquals("quote \" and\nnewline stay one line", line.get("message").asText());
    assertEquals("SGX_DCAP", line.get("evidence_kind").asText());
    assertEquals("aa".repeat(32), line.get("mrenclave").asText());
    assertEquals("bb".repeat(32), line.get("mrsigner").asText());
    assertTrue(line.get("debug").isBoolean());
    assertEquals("sgx", line.get("host_kind").asText());
    assertEquals("p-1", line.get("patients").get(0).asText());
  }

  @Test
  void unknownFields_areNull_notGuessed() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    try (AuditLog log = AuditLog.open(file)) {
      log.append(
          ReleaseDecision.builder()
              .time(Instant.EPOCH)
              .refuse(RefusalReason.MALFORMED_REQUEST, "bad magic"));
    }
    JsonNode line = new ObjectMapper().readTree(Files.readAllLines(file).get(0));
    assertTrue(line.get("mrenclave").isNull());
    assertTrue(line.get("debug").isNull());
    assertEquals(0, line.get("patients").size());
  }
}
