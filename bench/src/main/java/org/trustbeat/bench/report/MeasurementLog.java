package org.trustbeat.bench.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code measurements.csv}: every single measurement, appended and flushed as it is taken, so an
 * interrupted run keeps what it measured and its report can be rebuilt with {@link #read}.
 */
public final class MeasurementLog implements AutoCloseable {
  public static final String FILE = "measurements.csv";

  private final Path dir;
  private final BufferedWriter out;
  private final List<Measurement> all = new ArrayList<>();

  private MeasurementLog(Path dir, BufferedWriter out) {
    this.dir = dir;
    this.out = out;
  }

  /** The directory the log writes into; other raw outputs of the run go beside it. */
  public Path directory() {
    return dir;
  }

  /** Creates (replacing) {@code dir/measurements.csv} with its header line. */
  public static MeasurementLog create(Path dir) throws IOException {
    Files.createDirectories(dir);
    BufferedWriter w =
        Files.newBufferedWriter(
            dir.resolve(FILE),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    w.write(Measurement.CSV_HEADER);
    w.newLine();
    w.flush();
    return new MeasurementLog(dir, w);
  }

  public synchronized void add(Measurement m) throws IOException {
    all.add(m);
    out.write(m.toCsv());
    out.newLine();
    out.flush();
  }

  public synchronized List<Measurement> measurements() {
    return List.copyOf(all);
  }

  /** Reads {@code dir/measurements.csv}. */
  public static List<Measurement> read(Path dir) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve(FILE), StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(Measurement.CSV_HEADER)) {
      throw new IOException(
          dir.resolve(FILE)
              + " does not start with the header "
              + Measurement.CSV_HEADER
              + "; point --out at a directory trustbeat bench wrote");
    }
    List<Measurement> out = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      if (!l.isBlank()) {
        out.add(Measurement.parse(l));
      }
    }
    return out;
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
