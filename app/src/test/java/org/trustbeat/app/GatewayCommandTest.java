package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.trustbeat.hrv.RrRecordReader;

class GatewayCommandTest {
  @Test
  void stdinLines_feedTheGatewayInMilliseconds_skippingHeaderAndReportingBadLinesByNumberOnly()
      throws Exception {
    String input = "timestamp,rr_s\n1796227920.5, 0.8125\n\n1796227921.3,abc\n1796227921.3,0.75\n";
    List<double[]> beats = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    long n =
        GatewayCommand.readSensorLines(
            new BufferedReader(new StringReader(input)),
            (t, rr) -> beats.add(new double[] {t, rr}),
            RrRecordReader.Unit.SECONDS,
            notes::add);
    assertEquals(2, n);
    assertEquals(1796227920.5, beats.get(0)[0]);
    assertEquals(812.5, beats.get(0)[1]);
    assertEquals(750.0, beats.get(1)[1]);
    assertEquals(List.of("input line 4 is not `timestamp,rr` (epoch seconds, RR); skipped"), notes);
    assertFalse(notes.get(0).contains("1796227921.3"), "the line's content is not echoed");
  }
}
