package org.trustbeat.enclave.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeMeasurementTest {
  @TempDir Path dir;

  @Test
  void measurement_isStableAnd32Bytes() throws Exception {
    byte[] a = CodeMeasurement.ofLoadedCode();
    assertEquals(32, a.length);
    assertArrayEquals(a, CodeMeasurement.ofLoadedCode());
  }

  @Test
  void classDirectoryDigest_changesWithAnyByte_andIgnoresCreationOrder() throws Exception {
    Path d1 = Files.createDirectories(dir.resolve("a/org"));
    Files.write(d1.resolve("X.class"), new byte[] {1, 2});
    Files.write(dir.resolve("a/Y.class"), new byte[] {3});
    Path d2 = Files.createDirectories(dir.resolve("b"));
    Files.write(d2.resolve("Y.class"), new byte[] {3});
    Files.createDirectories(d2.resolve("org"));
    Files.write(d2.resolve("org/X.class"), new byte[] {1, 2});
    byte[] first = CodeMeasurement.digestOf(dir.resolve("a"));
    assertArrayEquals(first, CodeMeasurement.digestOf(d2));
    Files.write(d2.resolve("org/X.class"), new byte[] {1, 3});
    assertFalse(Arrays.equals(first, CodeMeasurement.digestOf(d2)));
  }
}
