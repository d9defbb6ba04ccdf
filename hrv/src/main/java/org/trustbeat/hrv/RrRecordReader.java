package org.trustbeat.hrv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads RR recordings: plain files with one RR value per line, and CSV files of {@code
 * timestamp,rr} lines as a sensor writes them (timestamp in seconds). Blank lines and lines
 * starting with {@code #} are skipped; a CSV file may start with a header line.
 *
 * <p>Values out of the physiological range are not errors: they are read as they are and the
 * cleaning step rejects and counts them. Text that is not a number is an error naming the line.
 */
public final class RrRecordReader {
  /** The unit RR values are written in. */
  public enum Unit {
    SECONDS(1000.0),
    MILLISECONDS(1.0);

    private final double toMs;

    Unit(double toMs) {
      this.toMs = toMs;
    }

    public static Unit parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "s", "sec", "secs", "seconds" -> SECONDS;
        case "ms", "millis", "milliseconds" -> MILLISECONDS;
        default -> throw new IllegalArgumentException("unknown unit '" + s + "'; use s or ms");
      };
    }
  }

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private RrRecordReader() {}

  /** The unit a file's name implies ({@code *_rr_secs.txt}, {@code *_rr_ms.txt}), or null. */
  public static Unit unitFromName(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith("_rr_secs.txt")) {
      return Unit.SECONDS;
    }
    if (name.endsWith("_rr_ms.txt")) {
      return Unit.MILLISECONDS;
    }
    return null;
  }

  /** Reads a file; {@code unit} may be null to take it from the name or a CSV header. */
  public static BeatSeries read(Path file, Unit unit) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Unit u = unit != null ? unit : unitFromName(file.getFileName().toString());
      return read(in, file.toString(), u);
    }
  }

  /**
   * Reads a recording from {@code in}; {@code source} names it in error messages and {@code unit}
   * may be null for a CSV whose header names the unit ({@code rr_ms}, {@code rr_s}).
   */
  public static BeatSeries read(BufferedReader in, String source, Unit unit) throws IOException {
    double[] t = new double[1024];
    double[] rr = new double[1024];
    int n = 0;
    Boolean csv = null;
    Unit u = unit;
    String line;
    int lineNo = 0;
    while ((line = in.readLine()) != null) {
      lineNo++;
      String s = line.strip();
      if (s.isEmpty() || s.startsWith("#")) {
        continue;
      }
      if (csv == null) {
        csv = s.contains(",");
        if (csv && !NUMBER.matcher(s.split(",", -1)[0].strip()).matches()) {
          if (u == null) {
            u = unitFromHeader(s);
          }
          continue; // the CSV header line
        }
      }
      if (u == null) {
        throw new RrFormatException(
            source
                + ": cannot tell whether RR values are in seconds or milliseconds; pass --unit s or"
                + " --unit ms (or name the file *_rr_secs.txt / *_rr_ms.txt)");
      }
      if (n == rr.length) {
        t = Arrays.copyOf(t, n * 2);
        rr = Arrays.copyOf(rr, n * 2);
      }
      if (csv) {
        String[] parts = s.split(",", -1);
        if (parts.length != 2) {
          throw new RrFormatException(
              source
                  + ":"
                  + lineNo
                  + ": expected 'timestamp,rr' but found "
                  + parts.length
                  + " fields; write one beat per line as seconds,rr");
        }
        t[n] = number(parts[0].strip(), source, lineNo, "timestamp");
        if (!Double.isFinite(t[n])) {
          throw new RrFormatException(
              source + ":" + lineNo + ": the timestamp is not a finite number of seconds");
        }
        rr[n] = number(parts[1].strip(), source, lineNo, "RR value") * u.toMs;
      } else {
        rr[n] = number(s, source, lineNo, "RR value") * u.toMs;
      }
      n++;
    }
    if (n == 0) {
      throw new RrFormatException(source + ": the recording is empty; it holds no RR values");
    }
    double[] rrMs = Arrays.copyOf(rr, n);
    return csv ? BeatSeries.of(Arrays.copyOf(t, n), rrMs) : BeatSeries.fromRrMs(rrMs);
  }

  private static Unit unitFromHeader(String header) {
    for (String col : header.toLowerCase(Locale.ROOT).split(",")) {
      String c = col.strip();
      if (c.equals("rr_ms")) {
        return Unit.MILLISECONDS;
      }
      if (c.equals("rr_s") || c.equals("rr_secs")) {
        return Unit.SECONDS;
      }
    }
    return null;
  }

  /** Parses a decimal number; nan and inf are read as non-finite values the cleaning rejects. */
  private static double number(String s, String source, int lineNo, String what)
      throws RrFormatException {
    if (NUMBER.matcher(s).matches()) {
      return Double.parseDouble(s);
    }
    switch (s.toLowerCase(Locale.ROOT)) {
      case "nan":
        return Double.NaN;
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        String shown = s.length() > 20 ? s.substring(0, 20) + "…" : s;
        throw new RrFormatException(
            source
                + ":"
                + lineNo
                + ": the "
                + what
                + " '"
                + shown
                + "' is not a number; fix or delete that line");
    }
  }
}
