package org.trustbeat.hrv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RrRecordReaderTest {
  @TempDir Path dir;

  private static BeatSeries read(String text, RrRecordReader.Unit unit) throws IOException {
    return RrRecordReader.read(new BufferedReader(new StringReader(text)), "test.txt", unit);
  }

  @Test
  void plainSeconds_becomeMilliseconds_withCumulativeTimes() throws IOException {
    BeatSeries s = read("0.5\n0.75\n\n# comment\n1.0\n", RrRecordReader.Unit.SECONDS);
    assertArrayEquals(new double[] {500, 750, 1000}, s.rrMs());
    assertArrayEquals(new double[] {0.5, 1.25, 2.25}, s.times());
  }

  @Test
  void unit_comesFromTheFileName() throws IOException {
    Path secs = Files.writeString(dir.resolve("x_rr_secs.txt"), "0.8\n");
    Path ms = Files.writeString(dir.resolve("x_rr_ms.txt"), "800\n");
    assertEquals(800.0, RrRecordReader.read(secs, null).rr(0));
    assertEquals(800.0, RrRecordReader.read(ms, null).rr(0));
  }

  @Test
  void unknownUnit_isRefusedWithTheFix() throws IOException {
    Path f = Files.writeString(dir.resolve("beats.txt"), "800\n");
    RrFormatException e = assertThrows(RrFormatException.class, () -> RrRecordReader.read(f, null));
    assertTrue(e.getMessage().contains("--unit"), e.getMessage());
  }

  @Test
  void nonNumericLine_isAnErrorNamingFileAndLine() {
    RrFormatException e =
        assertThrows(
            RrFormatException.class,
            () -> read("800\n810\nabc\n", RrRecordReader.Unit.MILLISECONDS));
    assertTrue(e.getMessage().startsWith("test.txt:3:"), e.getMessage());
    assertTrue(e.getMessage().contains("'abc'"), e.getMessage());
  }

  @Test
  void javaOnlyNumberForms_areNotNumbers() {
    assertThrows(RrFormatException.class, () -> read("800d\n", RrRecordReader.Unit.MILLISECONDS));
    assertThrows(RrFormatException.class, () -> read("0x1p3\n", RrRecordReader.Unit.MILLISECONDS));
  }

  @Test
  void emptyRecording_saysSo() {
    RrFormatException e =
        assertThrows(
            RrFormatException.class, () -> read("\n# nothing\n", RrRecordReader.Unit.MILLISECONDS));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void outOfRangeAndNan_areReadForTheCleanerToReject() throws IOException {
    BeatSeries s = read("5000\nnan\n-3\ninf\n", RrRecordReader.Unit.MILLISECONDS);
    assertEquals(4, s.size());
    assertTrue(Double.isNaN(s.rr(1)));
  }

  @Test
  void csv_withHeaderNamingTheUnit_keepsTheSensorTimestamps() throws IOException {
    BeatSeries s = read("timestamp,rr_ms\n1700000000.5,800\n1700000001.3,810\n", null);
    assertArrayEquals(new double[] {1700000000.5, 1700000001.3}, s.times());
    assertArrayEquals(new double[] {800, 810}, s.rrMs());
  }

  @Test
  void csv_withTheWrongFieldCount_namesTheLine() {
    RrFormatException e =
        assertThrows(
            RrFormatException.class,
            () -> read("1,800\n2,810,3\n", RrRecordReader.Unit.MILLISECONDS));
    assertTrue(e.getMessage().startsWith("test.txt:2:"), e.getMessage());
  }

  @Test
  void realRecording_isReadWhole() throws IOException {
    BeatSeries s = RrRecordReader.read(TestData.rrFile("nsr001_rr_secs.txt"), null);
    assertEquals(106460, s.size());
    assertEquals(225796.875, s.rr(0), 1e-9);
  }
}
