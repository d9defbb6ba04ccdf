package org.trustbeat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.RrRecordReader;

/** Loads the real recordings the benchmarks run on, from {@code shared/data} beside the repo. */
final class SharedData {
  private SharedData() {}

  static Path rrFile(String name) {
    String configured = System.getProperty("trustbeat.data");
    if (configured != null) {
      return Path.of(configured, "rr", name);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path f = p.resolve("shared/data/rr").resolve(name);
      if (Files.exists(f)) {
        return f;
      }
    }
    throw new IllegalStateException(
        "shared/data/rr/" + name + " not found; run from the repository or set -Dtrustbeat.data");
  }

  static BeatSeries record(String name) throws IOException {
    return RrRecordReader.read(rrFile(name), null);
  }
}
