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
  void numbers_matchAsWholeNumberTokens_notInsideLongerNumbers() {
    LeakScanner s =
        new LeakScanner()
            .addNumber("rr-text", "beat 1", "0.546875")
            .addNumber("rr-text", "beat 2", "546.875");
    // The value as code prints it: in a sentence, in JSON, signed, at the ends of a text, and
    // with the trailing zeros of a fixed-precision format.
    assertEquals(List.of("log: rr-text of beat 1 at offset 3"), s.leaksIn("log", "rr=0.546875 s"));
    assertEquals(1, s.leaksIn("log", "{\"rr\":546.875,\"n\":3}").size());
    assertEquals(1, s.leaksIn("log", "delta -0.546875").size());
    assertEquals(1, s.leaksIn("log", "0.546875").size());
    assertEquals(1, s.leaksIn("log", "P50 : 0.546875000 P95").size());
    assertEquals(1, s.leaksIn("log", "546.8750ms").size());
    // Inside another number: a ratio, a duration, a timestamp's microseconds, more digits.
    assertEquals(List.of(), s.leaksIn("log", "\"avg\":10.546875,"));
    assertEquals(List.of(), s.leaksIn("log", "Code generated in 1546.875231 ms"));
    assertEquals(List.of(), s.leaksIn("log", "09:32:50.546875 flush"));
    assertEquals(List.of(), s.leaksIn("log", "0.5468751"));
    assertEquals(List.of(), s.leaksIn("log", "546.87500001"));
    // Bytes around it need not be text.
    byte[] hay = {(byte) 0xff, '0', '.', '5', '4', '6', '8', '7', '5', 0};
    assertEquals(1, s.leaksIn("state", hay).size());
    hay[0] = '7';
    assertEquals(List.of(), s.leaksIn("state", hay));
    // Texts added with addText stay substring needles (hex, base64 of keys).
    assertEquals(
        1, new LeakScanner().addText("t", "x", "0.546875").leaksIn("l", "10.5468751").size());
    // A whole number without a decimal point takes no trailing zeros: 5468750 is another number.
    LeakScanner integer = new LeakScanner().addNumber("n", "x", "546875");
    assertEquals(1, integer.leaksIn("l", "n=546875;").size());
    assertEquals(List.of(), integer.leaksIn("l", "n=5468750;"));
  }

  @Test
  void shortNeedles_areRefusedOrSkipped() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new LeakScanner().add("x", "beat 0", new byte[] {1, 2, 3}));
    assertEquals(0, new LeakScanner().addText("rr", "beat 0", "750.0").size());
    assertEquals(0, new LeakScanner().addNumber("rr", "beat 0", "750.0").size());
  }

  @Test
  void contains_findsAnywhere() {
    byte[] hay = "abcdef-ghij".getBytes(StandardCharsets.US_ASCII);
    assertTrue(LeakScanner.contains(hay, "ghij".getBytes(StandardCharsets.US_ASCII)));
    assertTrue(LeakScanner.contains(hay, new byte[0]));
    assertFalse(LeakScanner.contains(hay, "ghijk".getBytes(StandardCharsets.US_ASCII)));
  }
}
