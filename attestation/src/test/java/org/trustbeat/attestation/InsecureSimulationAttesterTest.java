package org.trustbeat.attestation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InsecureSimulationAttesterTest {
  @TempDir Path dir;

  @Test
  void keyIsGeneratedOnce_andReusedFromTheFile() throws Exception {
    Path keyFile = dir.resolve("sub/sim.key");
    InsecureSimulationAttester first = InsecureSimulationAttester.loadOrCreate(keyFile);
    InsecureSimulationAttester second = InsecureSimulationAttester.loadOrCreate(keyFile);
    assertArrayEquals(first.insecureSimulationPublicKey(), second.insecureSimulationPublicKey());
    assertTrue(Files.readString(keyFile).contains("INSECURE"));
  }

  @Test
  void keyFile_isReadableByItsOwnerOnly() throws Exception {
    Path keyFile = dir.resolve("sim.key");
    InsecureSimulationAttester.loadOrCreate(keyFile);
    assertEquals(
        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(keyFile));
  }

  @Test
  void statement_startsWithTheSimulationMarker() throws Exception {
    Evidence e =
        InsecureSimulationAttester.loadOrCreate(dir.resolve("k"))
            .attestInsecurely(new byte[32], new byte[64], false);
    assertEquals(EvidenceKind.SIMULATION, e.kind());
    assertTrue(
        new String(e.bytes(), StandardCharsets.US_ASCII)
            .startsWith("TRUSTBEAT SIMULATION -- NOT HARDWARE PROTECTED"));
  }

  @Test
  void foreignFile_isRefusedAsKeyFile() throws Exception {
    Path keyFile = dir.resolve("notakey");
    Files.writeString(keyFile, "hello\n");
    assertThrows(
        GeneralSecurityException.class, () -> InsecureSimulationAttester.loadOrCreate(keyFile));
  }

  @Test
  void wrongInputSizes_areRefused() throws Exception {
    InsecureSimulationAttester attester = InsecureSimulationAttester.loadOrCreate(dir.resolve("k"));
    assertThrows(
        IllegalArgumentException.class,
        () -> attester.attestInsecurely(new byte[31], new byte[64], false));
    assertThrows(
        IllegalArgumentException.class,
        () -> attester.attestInsecurely(new byte[32], new byte[32], false));
  }
}
