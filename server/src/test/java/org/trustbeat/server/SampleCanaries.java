package org.trustbeat.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.trustbeat.hrv.BeatSeries;

/**
 * The forms in which a sample could leak to the untrusted side, and a scanner for them. For every
 * beat: its RR value (ms) and its time (epoch s) as big- and little-endian doubles, the RR value
 * as the record file writes it, as Java prints it (in ms and in s) and as {@code %.8f} of seconds.
 * Text forms shorter than {@value #MIN_TEXT} characters (such as "750.0") are left out: they are
 * too likely to occur by chance in kilobytes of ciphertext.
 *
 * <p>A leak is reported by file, form and beat index, never by value.
 */
public final class SampleCanaries {
  static final int MIN_TEXT = 6;
  private static final int KEY = 6;

  /** One needle: what form it is and of which beat. */
  record Canary(String form, int beat, byte[] bytes) {}

  private final List<Canary> canaries = new ArrayList<>();
  private final Map<Long, List<Canary>> byPrefix = new HashMap<>();

  private SampleCanaries() {}

  /**
   * @param fileTokens the RR values as written in the record file, beat by beat, or null
   */
  public static SampleCanaries of(BeatSeries series, List<String> fileTokens) {
    SampleCanaries c = new SampleCanaries();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < series.size(); i++) {
      double rr = series.rr(i);
      double t = series.time(i);
      c.add("rr-double-be", i, ByteBuffer.allocate(8).putDouble(rr).array(), seen);
      c.add("rr-double-le", i,
          ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(rr).array(), seen);
      c.add("time-double-be", i, ByteBuffer.allocate(8).putDouble(t).array(), seen);
      c.add("time-double-le", i,
          ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(t).array(), seen);
      c.addText("rr-ms-java", i, Double.toString(rr), seen);
      c.addText("rr-s-java", i, Double.toString(rr / 1000.0), seen);
      c.addText("rr-s-%.8f", i, String.format("%.8f", rr / 1000.0), seen);
      c.addText("time-java", i, Double.toString(t), seen);
      if (fileTokens != null) {
        c.addText("rr-file-text", i, fileTokens.get(i), seen);
      }
    }
    return c;
  }

  private void addText(String form, int beat, String text, Set<String> seen) {
    if (text.length() >= MIN_TEXT) {
      add(form, beat, text.getBytes(StandardCharsets.US_ASCII), seen);
    }
  }

  private void add(String form, int beat, byte[] bytes, Set<String> seen) {
    if (!seen.add(form + ":" + new String(bytes, StandardCharsets.ISO_8859_1))) {
      return;
    }
    Canary c = new Canary(form, beat, bytes);
    canaries.add(c);
    byPrefix.computeIfAbsent(prefix(bytes, 0), k -> new ArrayList<>()).add(c);
  }

  public int size() {
    return canaries.size();
  }

  /** Distinct needles of one form (to check a form is really searched for). */
  public long count(String form) {
    return canaries.stream().filter(c -> c.form().equals(form)).count();
  }

  /** Every regular file under the roots that exist; for the failure message, the file names. */
  public static List<Path> filesUnder(Path... roots) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path r : roots) {
      if (Files.isRegularFile(r)) {
        out.add(r);
      } else if (Files.isDirectory(r)) {
        try (Stream<Path> s = Files.walk(r)) {
          s.filter(Files::isRegularFile).sorted().forEach(out::add);
        }
      }
    }
    return out;
  }

  /** The leaks in {@code files}: "file: form of beat i", empty if none. */
  public List<String> leaksIn(List<Path> files) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      byte[] hay;
      try {
        hay = Files.readAllBytes(f);
      } catch (java.nio.file.NoSuchFileException e) {
        continue; // a temporary file that went away while scanning
      }
      out.addAll(leaksIn(f.toString(), hay));
    }
    return out;
  }

  /** The leaks in one text or byte string named {@code name}. */
  public List<String> leaksIn(String name, byte[] hay) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i + KEY <= hay.length; i++) {
      List<Canary> candidates = byPrefix.get(prefix(hay, i));
      if (candidates == null) {
        continue;
      }
      for (Canary c : candidates) {
        if (matches(hay, i, c.bytes())) {
          out.add(name + ": " + c.form() + " of beat " + c.beat() + " at offset " + i);
        }
      }
    }
    return out;
  }

  private static boolean matches(byte[] hay, int at, byte[] needle) {
    if (at + needle.length > hay.length) {
      return false;
    }
    for (int j = 0; j < needle.length; j++) {
      if (hay[at + j] != needle[j]) {
        return false;
      }
    }
    return true;
  }

  private static long prefix(byte[] b, int at) {
    long k = 0;
    for (int j = 0; j < KEY; j++) {
      k = (k << 8) | (b[at + j] & 0xff);
    }
    return k;
  }
}
