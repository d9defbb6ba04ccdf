package org.trustbeat.bench.report;

import java.util.Locale;

/**
 * One measured value of the end-to-end bench: {@code kind} is {@code batch} (elapsed ms), {@code
 * stream} (mean batch processing ms), {@code capacity} (patients sustained) or {@code host-start}
 * (ms to start an enclave host and release its keys); {@code load} is the load's token ({@code
 * 32kB}, {@code 1MB}) with its bytes, or empty where it does not apply.
 */
public record Measurement(
    String kind,
    String mode,
    String job,
    String load,
    long loadBytes,
    int rep,
    double value,
    String unit) {

  public static final String CSV_HEADER = "kind,mode,job,load,load_bytes,rep,value,unit";

  public String toCsv() {
    return String.join(
        ",",
        kind,
        mode,
        job,
        load,
        Long.toString(loadBytes),
        Integer.toString(rep),
        String.format(Locale.ROOT, "%.3f", value),
        unit);
  }

  /** Parses a line written by {@link #toCsv()}. */
  public static Measurement parse(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 8) {
      throw new IllegalArgumentException(
          "measurement line has "
              + f.length
              + " fields, expected 8"
              + " ("
              + CSV_HEADER
              + "); was the file written by trustbeat bench?");
    }
    return new Measurement(
        f[0],
        f[1],
        f[2],
        f[3],
        Long.parseLong(f[4]),
        Integer.parseInt(f[5]),
        Double.parseDouble(f[6]),
        f[7]);
  }
}
