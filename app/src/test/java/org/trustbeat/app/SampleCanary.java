package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.trustbeat.testing.LeakScanner;

/**
 * Looks for a recording's RR values in files of the untrusted side, in every encoding the code
 * could write them in: the file's own text, Java's text of the value in seconds and in
 * milliseconds, and the 8-byte IEEE doubles of both in either byte order. Texts count as whole
 * numbers only ({@link LeakScanner#addNumber}): Spark's and RocksDB's logs print many decimals
 * (ratios of metrics, durations, microseconds of timestamps) in which a 7-character RR text occurs
 * by chance as part of another number.
 *
 * <p>A text found as a statistic of RocksDB's latency histograms ({@link #rocksDbStatistic}) is
 * excused, not failed: those are computed by RocksDB from the number and duration of its own
 * operations, and its percentiles interpolate linearly within a bucket, so a median of 0.578125 µs
 * is 37/64 (74 puts, 64 of them under 1 µs), the same shape as an RR value at 128 Hz (k/128 s).
 * Excused hits are counted and kept as evidence too.
 *
 * <p>Every path given is scanned: a regular file itself, a directory as every regular file under it
 * (the Spark workers' and executors' logs appear while the test runs). Symbolic links are not
 * followed: the only ones under the test's directories are the cluster's {@code spark-home/jars},
 * links to the class path's jars, which no process of the deployment writes.
 *
 * <p>On a leak the assertion names file, form, item and offset, never the value. Before it fails,
 * it keeps evidence under {@code target/canary-evidence/run-MILLIS/} of the module (a local build
 * directory of the developer's machine, not the untrusted side): per leak the file, needle and the
 * bytes around it, printable-escaped, and a copy of each offending file, which the test's temporary
 * directory would delete.
 */
final class SampleCanary {
  /** Bytes of context kept on each side of a leak. */
  private static final int CONTEXT = 150;

  /**
   * What precedes, on its line, a statistic of a RocksDB latency histogram: Spark's RocksDB state
   * store logs {@code Committed N, stats = {..."nativeOpsHistograms":{"put":{"sum":180,"avg":...,
   * "median":0.578125,...}}} (Double.toString), RocksDB's own statistics dump {@code
   * rocksdb.db.write.micros P50 : 0.578125 P95 : ...} ({@code %f}).
   */
  private static final List<Pattern> ROCKSDB_STATISTIC =
      List.of(
          Pattern.compile(
              "^.* INFO RocksDB StateStoreId\\(.*\\): Committed \\d+, stats = \\{.*"
                  + "\"nativeOpsHistograms\":\\{(?:\"[a-z]+\":\\{[^{}]*\\},)*"
                  + "\"[a-z]+\":\\{[^{}]*\"(?:avg|stddev|median|p95|p99)\":$"),
          Pattern.compile("^\\s*rocksdb\\.[a-z0-9_.]+ (?:P\\d+ : [0-9.]+ )*P\\d+ : $"));

  private SampleCanary() {}

  static void assertNoSample(List<String> rrSecondsLines, List<Path> paths) throws IOException {
    assertNoSample(
        rrSecondsLines, paths, evidenceDir().resolve("run-" + System.currentTimeMillis()));
  }

  /** As above, with the evidence of a leak kept in {@code evidence}. */
  static void assertNoSample(List<String> rrSecondsLines, List<Path> paths, Path evidence)
      throws IOException {
    LeakScanner canaries = new LeakScanner();
    int beat = 0;
    for (String line : rrSecondsLines) {
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      String item = "beat " + beat++;
      double s = Double.parseDouble(t);
      for (double v : new double[] {s, s * 1000}) {
        addText(canaries, item, Double.toString(v));
        canaries.addDouble("double", item, v);
      }
      addText(canaries, item, t);
    }
    List<LeakScanner.Leak> leaks = new ArrayList<>();
    List<LeakScanner.Leak> excused = new ArrayList<>();
    Map<Path, byte[]> offending = new LinkedHashMap<>();
    Map<Path, byte[]> excusedFiles = new LinkedHashMap<>();
    List<Path> files = regularFilesUnder(paths);
    long bytes = 0;
    for (Path f : files) {
      byte[] hay;
      try {
        hay = Files.readAllBytes(f);
      } catch (NoSuchFileException e) {
        continue; // a temporary file that went away while scanning
      }
      bytes += hay.length;
      for (LeakScanner.Leak l : canaries.find(f.toString(), hay)) {
        if (rocksDbStatistic(hay, l.offset())) {
          excused.add(l);
          excusedFiles.put(f, hay);
        } else {
          leaks.add(l);
          offending.put(f, hay);
        }
      }
    }
    System.out.println(
        "sample canary: "
            + canaries.size()
            + " needles, "
            + files.size()
            + " files, "
            + bytes
            + " bytes scanned, "
            + leaks.size()
            + " leaks, "
            + excused.size()
            + " RocksDB statistics excused");
    if (!excused.isEmpty()) {
      keepEvidence(evidence, "excused", excused, excusedFiles);
    }
    if (!leaks.isEmpty()) {
      keepEvidence(evidence, "leaks", leaks, offending);
    }
    assertEquals(
        List.of(),
        leaks.stream().map(LeakScanner.Leak::toString).toList(),
        "sample values on the untrusted side (evidence in " + evidence + ")");
  }

  /**
   * Whether the text at {@code offset} is a statistic of a RocksDB latency histogram: what precedes
   * it on its line matches {@link #ROCKSDB_STATISTIC}.
   */
  static boolean rocksDbStatistic(byte[] hay, int offset) {
    int start = offset;
    while (start > 0 && hay[start - 1] != '\n') {
      start--;
    }
    String before = new String(hay, start, offset - start, StandardCharsets.ISO_8859_1);
    return ROCKSDB_STATISTIC.stream().anyMatch(p -> p.matcher(before).matches());
  }

  /**
   * {@link LeakScanner#filesUnder}'s files under the paths, without symbolic links (the cluster's
   * {@code spark-home/jars}) and without the files two paths both reach.
   */
  static List<Path> regularFilesUnder(List<Path> paths) throws IOException {
    return LeakScanner.filesUnder(paths.toArray(Path[]::new)).stream()
        .filter(f -> !Files.isSymbolicLink(f))
        .distinct()
        .toList();
  }

  /** {@code target/canary-evidence} of the module Surefire runs in. */
  static Path evidenceDir() {
    return Path.of(System.getProperty("basedir", ".")).resolve("target/canary-evidence");
  }

  /**
   * Writes {@code KIND.txt} (per leak: file, form, item, offset, length and the context around it)
   * and copies each file, as its contents were scanned, into {@code dir} as {@code KIND-NN-NAME}.
   */
  static void keepEvidence(
      Path dir, String kind, List<LeakScanner.Leak> leaks, Map<Path, byte[]> files)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, Path> copies = new LinkedHashMap<>();
    int n = 0;
    for (Map.Entry<Path, byte[]> e : files.entrySet()) {
      Path copy = dir.resolve(String.format("%s-%02d-%s", kind, n++, e.getKey().getFileName()));
      Files.write(copy, e.getValue());
      copies.put(e.getKey().toString(), copy);
      // The file as it is now, too, if it still exists and grew.
      if (Files.isRegularFile(e.getKey())) {
        Files.copy(
            e.getKey(),
            copy.resolveSibling(copy.getFileName() + ".now"),
            StandardCopyOption.REPLACE_EXISTING);
      }
    }
    StringBuilder report = new StringBuilder();
    for (LeakScanner.Leak l : leaks) {
      byte[] hay = files.get(Path.of(l.name()));
      int from = Math.max(0, l.offset() - CONTEXT);
      int to = Math.min(hay.length, l.offset() + l.length() + CONTEXT);
      report
          .append("file:    ")
          .append(l.name())
          .append("\ncopy:    ")
          .append(copies.get(l.name()))
          .append("\nneedle:  ")
          .append(l.form())
          .append(" of ")
          .append(l.item())
          .append(", ")
          .append(l.length())
          .append(" bytes at offset ")
          .append(l.offset())
          .append(" of ")
          .append(hay.length)
          .append("\nbefore:  ")
          .append(escape(hay, from, l.offset()))
          .append("\nmatch:   ")
          .append(escape(hay, l.offset(), l.offset() + l.length()))
          .append("\nafter:   ")
          .append(escape(hay, l.offset() + l.length(), to))
          .append("\n\n");
    }
    Files.writeString(dir.resolve(kind + ".txt"), report, StandardCharsets.UTF_8);
  }

  /** Printable ASCII as is (backslash doubled), every other byte as {@code \xNN}. */
  static String escape(byte[] b, int from, int to) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i < to; i++) {
      int c = b[i] & 0xff;
      if (c == '\\') {
        s.append("\\\\");
      } else if (c >= 0x20 && c < 0x7f) {
        s.append((char) c);
      } else {
        s.append(String.format("\\x%02x", c));
      }
    }
    return s.toString();
  }

  /**
   * Short texts ("0.75") occur in any log by chance; the longer ones do not, as whole numbers.
   * Inside a longer number they do ("10.546875" as a ratio of a metric, a duration, a timestamp's
   * microseconds): the RR values are multiples of 1/128 s, just like ratios of small counts.
   */
  private static void addText(LeakScanner canaries, String item, String text) {
    if (text.length() >= 7) {
      canaries.addNumber("text", item, text);
    }
  }
}
