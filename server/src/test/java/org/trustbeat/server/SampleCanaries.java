package org.trustbeat.server;

import java.util.List;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.testing.LeakScanner;

/**
 * The forms in which a sample could leak to the untrusted side, as needles of a {@link
 * LeakScanner}. For every beat: its RR value (ms) and its time (epoch s) as big- and little-endian
 * doubles, the RR value as the record file writes it, as Java prints it (in ms and in s) and as
 * {@code %.8f} of seconds. Text forms shorter than {@value LeakScanner#MIN_NEEDLE} characters (such
 * as "750.0") are left out: they are too likely to occur by chance in kilobytes of ciphertext. A
 * leak is reported by file, form and beat index, never by value.
 */
public final class SampleCanaries {
  private SampleCanaries() {}

  /**
   * @param fileTokens the RR values as written in the record file, beat by beat, or null
   */
  public static LeakScanner of(BeatSeries series, List<String> fileTokens) {
    LeakScanner c = new LeakScanner();
    for (int i = 0; i < series.size(); i++) {
      double rr = series.rr(i);
      double t = series.time(i);
      String beat = "beat " + i;
      c.addDouble("rr-double", beat, rr);
      c.addDouble("time-double", beat, t);
      c.addText("rr-ms-java", beat, Double.toString(rr));
      c.addText("rr-s-java", beat, Double.toString(rr / 1000.0));
      c.addText("rr-s-%.8f", beat, String.format("%.8f", rr / 1000.0));
      c.addText("time-java", beat, Double.toString(t));
      if (fileTokens != null) {
        c.addText("rr-file-text", beat, fileTokens.get(i));
      }
    }
    return c;
  }
}
