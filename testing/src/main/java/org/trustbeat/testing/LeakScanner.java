package org.trustbeat.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Looks for secrets (sample values, key bytes) in what the untrusted side holds: files, logs,
 * state, command output. A scanner holds needles, each named by a form ("rr-double-le") and an item
 * ("beat 12"); a leak is reported by name, form, item and offset, never by value, so a failing test
 * does not print the secret it found.
 *
 * <p>Needles are indexed by their first {@value #MIN_NEEDLE} bytes, so one pass over megabytes of
 * ciphertext checks thousands of needles. Shorter needles are refused: text such as "750.0" occurs
 * in kilobytes of ciphertext by chance.
 */
public final class LeakScanner {
  /** The shortest needle; also the length of the index key. */
  public static final int MIN_NEEDLE = 6;

  /**
   * One needle: what form it is and of which item; a {@code number} matches only as a whole number
   * token (see {@link #addNumber}).
   */
  private record Needle(String form, String item, byte[] bytes, boolean number) {}

  /**
   * One leak: where ({@code name}, {@code offset}) a needle ({@code form} of {@code item}, {@code
   * length} bytes) occurs. Holds no value; {@link #toString()} is the line {@link #leaksIn} gives.
   */
  public record Leak(String name, String form, String item, int offset, int length) {
    @Override
    public String toString() {
      return name + ": " + form + " of " + item + " at offset " + offset;
    }
  }

  private final List<Needle> needles = new ArrayList<>();
  private final Map<Long, List<Needle>> byPrefix = new HashMap<>();
  private final Set<String> seen = new HashSet<>();

  public LeakScanner() {}

  /** Adds {@code bytes} (at least {@value #MIN_NEEDLE} long) unless this form has it already. */
  public LeakScanner add(String form, String item, byte[] bytes) {
    return add(form, item, bytes, false);
  }

  private LeakScanner add(String form, String item, byte[] bytes, boolean number) {
    if (bytes.length < MIN_NEEDLE) {
      throw new IllegalArgumentException(
          form
              + " of "
              + item
              + " is "
              + bytes.length
              + " bytes; needles need at least "
              + MIN_NEEDLE
              + " (use addText for short texts)");
    }
    if (seen.add(form + ":" + new String(bytes, StandardCharsets.ISO_8859_1))) {
      Needle n = new Needle(form, item, bytes.clone(), number);
      needles.add(n);
      byPrefix.computeIfAbsent(prefix(bytes, 0), k -> new ArrayList<>()).add(n);
    }
    return this;
  }

  /** Adds the ASCII text if it has at least {@value #MIN_NEEDLE} characters; skips it if not. */
  public LeakScanner addText(String form, String item, String text) {
    return text.length() < MIN_NEEDLE
        ? this
        : add(form, item, text.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Adds the text of a number (such as {@code "0.546875"} or {@code "546.875"}) if it has at least
   * {@value #MIN_NEEDLE} characters, to be found only as a whole number token: not right after a
   * digit, and not followed by a digit, except zeros after a decimal point ({@code "0.5468750"}, as
   * a fixed-precision format prints the same value). Inside a longer run of digits the text is part
   * of another number ({@code "10.546875"}, {@code "1546.875231"}: a ratio, a duration in a log),
   * which is a chance match, not this value; such runs are common in logs that print timings and
   * metrics.
   */
  public LeakScanner addNumber(String form, String item, String text) {
    return text.length() < MIN_NEEDLE
        ? this
        : add(form, item, text.getBytes(StandardCharsets.US_ASCII), true);
  }

  /** Adds the 8-byte IEEE double in both byte orders: forms {@code <form>-be} and {@code -le}. */
  public LeakScanner addDouble(String form, String item, double value) {
    add(form + "-be", item, doubleBytes(value, ByteOrder.BIG_ENDIAN));
    return add(form + "-le", item, doubleBytes(value, ByteOrder.LITTLE_ENDIAN));
  }

  /**
   * Adds key bytes raw and as the text forms a key file or a log would hold them: forms {@code
   * <form>-raw}, {@code -hex}, {@code -base64} (with and without padding).
   */
  public LeakScanner addKey(String form, String item, byte[] key) {
    add(form + "-raw", item, key);
    addText(form + "-hex", item, HexFormat.of().formatHex(key));
    addText(form + "-base64", item, Base64.getEncoder().encodeToString(key));
    String unpadded = Base64.getEncoder().withoutPadding().encodeToString(key);
    return addText(form + "-base64", item, unpadded);
  }

  public int size() {
    return needles.size();
  }

  /** Distinct needles of one form (to check a form is really searched for). */
  public long count(String form) {
    return needles.stream().filter(n -> n.form().equals(form)).count();
  }

  /** The leaks in {@code files}: "file: form of item at offset k", empty if none. */
  public List<String> leaksIn(List<Path> files) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      byte[] hay;
      try {
        hay = Files.readAllBytes(f);
      } catch (NoSuchFileException e) {
        continue; // a temporary file that went away while scanning
      }
      out.addAll(leaksIn(f.toString(), hay));
    }
    return out;
  }

  /** The leaks in every regular file under the roots that exist. */
  public List<String> leaksUnder(Path... roots) throws IOException {
    return leaksIn(filesUnder(roots));
  }

  /** The leaks in a text (as UTF-8) named {@code name}. */
  public List<String> leaksIn(String name, String text) {
    return leaksIn(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The leaks in one byte string named {@code name}. */
  public List<String> leaksIn(String name, byte[] hay) {
    return find(name, hay).stream().map(Leak::toString).toList();
  }

  /** The leaks in one byte string named {@code name}, with offsets and lengths. */
  public List<Leak> find(String name, byte[] hay) {
    List<Leak> out = new ArrayList<>();
    for (int i = 0; i + MIN_NEEDLE <= hay.length; i++) {
      List<Needle> candidates = byPrefix.get(prefix(hay, i));
      if (candidates == null) {
        continue;
      }
      for (Needle n : candidates) {
        if (matches(hay, i, n.bytes()) && (!n.number() || wholeNumber(hay, i, n.bytes()))) {
          out.add(new Leak(name, n.form(), n.item(), i, n.bytes().length));
        }
      }
    }
    return out;
  }

  /** Whether {@code needle} occurs in {@code hay}. */
  public static boolean contains(byte[] hay, byte[] needle) {
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (matches(hay, i, needle)) {
        return true;
      }
    }
    return false;
  }

  /** The 8 bytes of an IEEE double in the given order. */
  public static byte[] doubleBytes(double value, ByteOrder order) {
    return ByteBuffer.allocate(8).order(order).putDouble(value).array();
  }

  /** Every regular file under the roots that exist, sorted (a root may be a file itself). */
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

  /** Whether the number text at {@code at} is not part of a longer number (see addNumber). */
  private static boolean wholeNumber(byte[] hay, int at, byte[] number) {
    if (at > 0 && isDigit(hay[at - 1])) {
      return false;
    }
    int end = at + number.length;
    if (contains(number, new byte[] {'.'})) {
      while (end < hay.length && hay[end] == '0') {
        end++;
      }
    }
    return end >= hay.length || !isDigit(hay[end]);
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
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
    for (int j = 0; j < MIN_NEEDLE; j++) {
      k = (k << 8) | (b[at + j] & 0xff);
    }
    return k;
  }

  @Override
  public String toString() {
    return "LeakScanner{needles=" + needles.size() + "}";
  }
}
