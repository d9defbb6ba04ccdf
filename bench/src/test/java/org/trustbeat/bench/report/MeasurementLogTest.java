package org.trustbeat.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasurementLogTest {
  @TempDir Path tmp;

  @Test
  void everyMeasurement_isOnDiskAsSoonAsAdded_andReadsBack() throws IOException {
    Measurement a = new Measurement("batch", "plain", "sdnn", "1MB", 1 << 20, 1, 812.5, "ms");
    Measurement b =
        new Measurement("capacity", "sealed-process", "hrv-bands", "", 0, 1, 2500, "patients");
    try (MeasurementLog log = MeasurementLog.create(tmp)) {
      log.add(a);
      assertEquals(2, Files.readAllLines(tmp.resolve(MeasurementLog.FILE)).size());
      log.add(b);
    }
    assertEquals(List.of(a, b), MeasurementLog.read(tmp));
  }

  @Test
  void foreignFile_isRefusedNamingTheExpectedHeader() throws IOException {
    Files.writeString(tmp.resolve(MeasurementLog.FILE), "a,b\n1,2\n");
    IOException e = assertThrows(IOException.class, () -> MeasurementLog.read(tmp));
    assertEquals(true, e.getMessage().contains(Measurement.CSV_HEADER));
  }
}
