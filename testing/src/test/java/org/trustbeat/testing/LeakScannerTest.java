package org.trustbeat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeakScannerTest {
  @TempDir Path tmp;

  @Test
  void findsEveryForm_byNameAndItem_neverByValue() throws Exception {
    LeakScanner s =
        new LeakScanner()
            .addDouble("rr-double", "beat 3", 812.987654321)
            .addText("rr-text", "beat 3", "812.987654321")
            .addKey(
                "key", "key 0", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    byte[] le = LeakScanner.doubleBytes(812.987654321, ByteOrder.LITTLE_ENDIAN);
    byte[] hay = new byte[le.length + 3];
    System.arraycopy(le, 0, hay, 3, le.length);
    assertEquals(List.of("state: rr-double-le of beat 3 at offset 3"), s.leaksIn("state", hay));
    assertEquals(1, s.leaksIn("log", "rr=812.987654321 ms").size());
    assertFalse(
        s.leaksIn(
                "log",
                "key="
                    + HexFormat.of()
                        .formatHex(
                            new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
            .isEmpty());
    assertEquals(List.of(), s.leaksIn("clean", new byte[64]));

    Files.write(tmp.resolve("a.bin"), hay);
    Files.writeString(Files.createDirectories(tmp.resolve("d")).resolve("b.txt"), "nothing here");
    assertEquals(2, LeakScanner.filesUnder(tmp, tmp.resolve("missing")).size());
    assertEquals(1, s.leaksUnder(tmp).size());
  }

  @Test
  void shortNeedles_areRefusedOrSkipped() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new LeakScanner().add("x", "beat 0", new byte[] {1, 2, 3}));
    assertEquals(0, new LeakScanner().addText("rr", "beat 0", "750.0").size());
  }

  @Test
  void contains_findsAnywhere() {
    byte[] hay = "abcdef-ghij".getBytes(StandardCharsets.US_ASCII);
    assertTrue(LeakScanner.contains(hay, "ghij".getBytes(StandardCharsets.US_ASCII)));
    assertTrue(LeakScanner.contains(hay, new byte[0]));
    assertFalse(LeakScanner.contains(hay, "ghijk".getBytes(StandardCharsets.US_ASCII)));
  }
}
