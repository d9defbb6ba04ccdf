package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.RrRecordReader;

class HrvPlotTest {
  @Test
  void timeAxis_readsAsHoursAndMinutesFromTheStart() {
    SimpleDateFormat hhmm = new SimpleDateFormat("HH:mm", Locale.ROOT);
    hhmm.setTimeZone(TimeZone.getTimeZone("UTC"));
    assertEquals("00:00", hhmm.format(HrvPlot.clock(0)));
    assertEquals("00:06", hhmm.format(HrvPlot.clock(360)));
    assertEquals("13:30", hhmm.format(HrvPlot.clock(13.5 * 3600)));
  }

  @Test
  void windowSpectra_areSummarisedPerBin_byNearestRank() {
    double[][] spectra = {{1, 10}, {2, 20}, {3, 30}, {4, 40}, {5, 50}};
    assertArrayEquals(new double[] {3, 30}, HrvPlot.percentile(spectra, 2, 0.5));
    assertArrayEquals(new double[] {1, 10}, HrvPlot.percentile(spectra, 2, 0.1));
    assertArrayEquals(new double[] {5, 50}, HrvPlot.percentile(spectra, 2, 0.9));
  }

  @Test
  void spectrumOnTheCommonGrid_isInterpolatedLinearly() {
    double[] f = {0, 0.25, 0.5};
    double[] p = {0, 100, 200};
    double[] g = HrvPlot.onGrid(f, p);
    assertEquals(257, g.length);
    assertEquals(0, g[0], 1e-9);
    assertEquals(50, g[64], 1e-9); // 0.125 Hz
    assertEquals(200, g[256], 1e-9);
  }

  @Test
  void windowedRecord_drawsTachogramTrendsAndBothSpectra(@TempDir Path dir) throws Exception {
    BeatSeries beats = RrRecordReader.read(HrvCommandTest.rr("healthy_005_rr_ms.txt"), null);
    Path png = dir.resolve("plot.png");
    HrvPlot.write(beats, HrvAnalyzer.windows(beats, 300, HrvJob.HRV), 300, png);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(1000, img.getWidth());
    assertEquals(4 * 360, img.getHeight(), "tachogram, trends, whole-record and window PSD");
  }

  @Test
  void wholeRecord_stillDrawsTheWindowSpectra(@TempDir Path dir) throws Exception {
    BeatSeries beats = RrRecordReader.read(HrvCommandTest.rr("healthy_005_rr_ms.txt"), null);
    Path png = dir.resolve("whole.png");
    HrvPlot.write(beats, List.of(), 300, png);
    assertEquals(
        3 * 360,
        ImageIO.read(png.toFile()).getHeight(),
        "tachogram, whole-record and window PSD (no trends without windows)");
  }
}
