package org.trustbeat.bench.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An input size (batch: bytes of input; stream: bytes per second) counted as the paper counts it,
 * in bytes of RR samples. Convention: one sample is {@value #BYTES_PER_SAMPLE} bytes, its binary
 * encoding (event time and RR interval as two IEEE-754 doubles, the body a chunk seals), so 1 kB is
 * 64 samples and 1 MB is 65 536. Envelope headers, AEAD tags and landing-file framing are not
 * counted: every mode gets the same samples, and what the sealed envelopes add is part of the
 * overhead being measured. Units are binary (1 kB = 1024 bytes), as in the paper's table.
 */
public final class Load implements Comparable<Load> {
  public static final int BYTES_PER_SAMPLE = 16;

  /** The paper's load table: 1…32 kB and 1…32 MB. */
  public static final List<Load> PAPER_TABLE =
      List.of(
          kb(1), kb(2), kb(4), kb(8), kb(16), kb(32), mb(1), mb(2), mb(4), mb(8), mb(16), mb(32));

  private static final Pattern SYNTAX =
      Pattern.compile("(\\d+)\\s*(b|kb|k|mb|m)?(/s)?", Pattern.CASE_INSENSITIVE);

  private final long bytes;

  private Load(long bytes) {
    this.bytes = bytes;
  }

  public static Load ofBytes(long bytes) {
    if (bytes < BYTES_PER_SAMPLE) {
      throw new IllegalArgumentException(
          "load of "
              + bytes
              + " bytes is less than one sample ("
              + BYTES_PER_SAMPLE
              + " bytes); use 1kB or more");
    }
    return new Load(bytes);
  }

  public static Load kb(long kb) {
    return ofBytes(kb * 1024);
  }

  public static Load mb(long mb) {
    return ofBytes(mb * 1024 * 1024);
  }

  /** Parses {@code 32kB}, {@code 1MB}, {@code 4mb/s} or a byte count such as {@code 2048}. */
  public static Load parse(String text) {
    Matcher m = SYNTAX.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "load '" + text + "' is not a size; write it like 1kB, 32kB, 1MB or 4MB (binary units)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long factor = unit.startsWith("k") ? 1024 : unit.startsWith("m") ? 1024 * 1024 : 1;
    if (n > (1L << 40) / factor) {
      throw new IllegalArgumentException("load '" + text + "' is absurdly large; stay below 1 TB");
    }
    return ofBytes(n * factor);
  }

  public long bytes() {
    return bytes;
  }

  /** Samples in this many bytes (rounded down). */
  public long samples() {
    return bytes / BYTES_PER_SAMPLE;
  }

  /** {@code 32 kB}, {@code 1 MB}, {@code 1536 B}. */
  public String label() {
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MB";
    }
    if (bytes % 1024 == 0) {
      return bytes / 1024 + " kB";
    }
    return bytes + " B";
  }

  /** The label without spaces, for file names and CSV: {@code 32kB}. */
  public String token() {
    return label().replace(" ", "");
  }

  @Override
  public int compareTo(Load o) {
    return Long.compare(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Load && ((Load) o).bytes == bytes;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(bytes);
  }

  @Override
  public String toString() {
    return label();
  }
}
