package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.trustbeat.testing.LeakScanner;

/**
 * Looks for a recording's RR values in files of the untrusted side, in every encoding the code
 * could write them in: the file's own text, Java's text of the value in seconds and in
 * milliseconds, and the 8-byte IEEE doubles of both in either byte order. Texts count as whole
 * numbers only ({@link LeakScanner#addNumber}): Spark's and RocksDB's logs print many decimals
 * (ratios of metrics, durations, microseconds of timestamps) in which a 7-character RR text occurs
 * by chance as part of another number.
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
    Map<Path, byte[]> offending = new LinkedHashMap<>();
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
      List<LeakScanner.Leak> found = canaries.find(f.toString(), hay);
      if (!found.isEmpty()) {
        leaks.addAll(found);
        offending.put(f, hay);
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
            + " leaks");
    if (!leaks.isEmpty()) {
      keepEvidence(evidence, leaks, offending);
    }
    assertEquals(
        List.of(),
        leaks.stream().map(LeakScanner.Leak::toString).toList(),
        "sample values on the untrusted side (evidence in " + evidence + ")");
  }

  /** Every regular file under the paths (a path may be a file), sorted, links not followed. */
  static List<Path> regularFilesUnder(List<Path> paths) throws IOException {
    Set<Path> out = new LinkedHashSet<>();
    for (Path p : paths) {
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        out.add(p);
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
              .sorted()
              .forEach(out::add);
        }
      }
    }
    return List.copyOf(out);
  }

  /** {@code target/canary-evidence} of the module Surefire runs in. */
  static Path evidenceDir() {
    return Path.of(System.getProperty("basedir", ".")).resolve("target/canary-evidence");
  }

  /**
   * Writes {@code leaks.txt} (per leak: file, form, item, offset, length and the context around it)
   * and copies each offending file, as its contents were scanned, into {@code dir}.
   */
  static void keepEvidence(Path dir, List<LeakScanner.Leak> leaks, Map<Path, byte[]> files)
      throws IOException {
    Files.createDirectories(dir);
    Map<String, Path> copies = new LinkedHashMap<>();
    int n = 0;
    for (Map.Entry<Path, byte[]> e : files.entrySet()) {
      Path copy = dir.resolve(String.format("file-%02d-%s", n++, e.getKey().getFileName()));
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
    Files.writeString(dir.resolve("leaks.txt"), report, StandardCharsets.UTF_8);
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
