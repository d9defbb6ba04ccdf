package org.trustbeat.hrv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.trustbeat.testing.SharedData;

/** Locates the project's shared test data, which lies beside the repository as {@code shared/}. */
public final class TestData {
  private TestData() {}

  /** {@code shared/data}, found by walking up from the working directory. */
  public static Path sharedData() {
    return SharedData.dir();
  }

  public static Path rrFile(String name) {
    return sharedData().resolve("rr").resolve(name);
  }

  /** The first {@code lines} RR values of a recording, in ms. */
  public static double[] firstRrMs(String name, int lines) throws IOException {
    List<String> all = Files.readAllLines(rrFile(name));
    double scale = name.endsWith("_rr_secs.txt") ? 1000.0 : 1.0;
    int n = Math.min(lines, all.size());
    double[] rr = new double[n];
    for (int i = 0; i < n; i++) {
      rr[i] = Double.parseDouble(all.get(i).strip()) * scale;
    }
    return rr;
  }
}
