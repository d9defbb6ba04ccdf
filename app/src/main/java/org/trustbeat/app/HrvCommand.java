package org.trustbeat.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.RrFormatException;
import org.trustbeat.hrv.RrRecordReader;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.report.ReportWindow;
import org.trustbeat.report.ResultSource;
import org.trustbeat.report.fhir.FhirExport;
import org.trustbeat.report.pdf.HrvReportPdf;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trustbeat hrv}: heart-rate variability of an RR recording, exactly by HRV-SPEC. */
@Command(
    name = "hrv",
    mixinStandardHelpOptions = true,
    footer = {
      "",
      "Example:",
      "  trustbeat hrv ../shared/data/rr/nsr001_rr_secs.txt --format table --plot nsr001.png"
    },
    description = {
      "Computes heart-rate variability of an RR recording by shared/HRV-SPEC.md.",
      "FILE holds one RR value per line, or 'timestamp,rr' CSV lines (timestamp in seconds);"
          + " '-' reads standard input. This runs locally on clear data: no enclave is involved."
    })
public final class HrvCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format {
    json,
    csv,
    table,
    fhir
  }

  /**
   * Window starts at or above this are epoch seconds (a sensor's CSV), not seconds from the start.
   */
  private static final double EPOCH_SECONDS_FROM = 1e8;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "RR recording, or '-' for stdin.")
  String file;

  @Option(
      names = "--window",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "Tumbling window length in seconds (default: ${DEFAULT-VALUE}).")
  double window;

  @Option(
      names = "--whole",
      description = "One result for the whole record, with sdann and sdnn_index.")
  boolean whole;

  @Option(
      names = "--unit",
      paramLabel = "s|ms",
      description =
          "Unit of the RR values; default from the file name (*_rr_secs.txt, *_rr_ms.txt).")
  String unit;

  @Option(
      names = "--job",
      defaultValue = "hrv",
      paramLabel = "JOB",
      converter = OptionTypes.Job.class,
      description = "identity, sdnn, hrv-bands or hrv (default: ${DEFAULT-VALUE}).")
  HrvJob job;

  @Option(
      names = "--format",
      defaultValue = "json",
      description =
          "json (one object per window), csv, table, or fhir (a FHIR R4 Bundle of"
              + " Observations; needs --start unless the file's times are epoch seconds)"
              + " (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--start",
      paramLabel = "INSTANT",
      description =
          "When the recording started, e.g. 2026-12-01T22:00:00Z: dates the windows of"
              + " --format fhir.")
  String start;

  @Option(
      names = "--plot",
      paramLabel = "OUT.png",
      description = "Also draw tachogram, trends and PSD.")
  Path plot;

  @Option(
      names = "--report",
      paramLabel = "OUT.pdf",
      description =
          "Also write the one-page HRV report (summary, metrics, tachogram, PSD,"
              + " Poincaré plot, trends) as PDF.")
  Path report;

  /** Stamps the report and the FHIR provenance; a test may fix it. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RrRecordReader.Unit rrUnit;
    try {
      rrUnit = unit == null ? null : RrRecordReader.Unit.parse(unit);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    if (!(window > 0) || Double.isInfinite(window)) {
      throw usage("--window must be a positive number of seconds");
    }
    if (whole && job != HrvJob.HRV) {
      throw usage("--whole computes the full hrv suite; drop --job");
    }
    if (report != null && job != HrvJob.HRV) {
      throw usage("--report shows the full hrv suite; drop --job");
    }
    if (start != null && format != Format.fhir) {
      throw usage("--start dates FHIR observations; add --format fhir");
    }
    BeatSeries beats;
    try {
      beats = read(rrUnit);
    } catch (NoSuchFileException e) {
      throw usage("no such file: " + file);
    } catch (RrFormatException e) {
      err.println("trustbeat hrv: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    } catch (IOException e) {
      err.println("trustbeat hrv: cannot read " + file + ": " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }

    List<WindowResult> results =
        whole ? List.of(HrvAnalyzer.wholeRecord(beats)) : HrvAnalyzer.windows(beats, window, job);
    if (format == Format.fhir) {
      Instant recordStart;
      try {
        recordStart = recordStart(beats);
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
      if (results.isEmpty()) {
        err.println("trustbeat hrv: no window holds a beat: nothing to export as FHIR");
        return CommandLine.ExitCode.SOFTWARE;
      }
      out.println(
          FhirExport.toJson(
              FhirExport.withClock(clock)
                  .bundle(
                      ReportWindow.ofFile(
                          results,
                          recordName(),
                          recordStart,
                          ResultSource.localAnalysis(job.jobName())))));
    }
    switch (format) {
      case json -> HrvFormats.json(results, out);
      case csv -> HrvFormats.csv(results, out);
      case table -> HrvFormats.table(results, describe(beats), out);
      case fhir -> {}
    }
    out.flush();
    if (plot != null) {
      try {
        HrvPlot.write(beats, whole ? List.of() : results, window, plot);
        err.println("trustbeat hrv: plot written to " + plot);
      } catch (IOException e) {
        err.println("trustbeat hrv: cannot write the plot " + plot + ": " + e.getMessage());
        return CommandLine.ExitCode.SOFTWARE;
      }
    }
    if (report != null) {
      try {
        List<WindowResult> windows =
            whole ? HrvAnalyzer.windows(beats, window, HrvJob.HRV) : results;
        WindowResult wholeRecord = whole ? results.get(0) : HrvAnalyzer.wholeRecord(beats);
        HrvReportPdf.write(
            HrvFileReport.of(recordName(), beats, wholeRecord, windows, window, clock.instant()),
            report);
        err.println("trustbeat hrv: report written to " + report);
      } catch (IOException e) {
        err.println("trustbeat hrv: cannot write the report " + report + ": " + e.getMessage());
        return CommandLine.ExitCode.SOFTWARE;
      }
    }
    return CommandLine.ExitCode.OK;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** The file's name without its directories, or "stdin". */
  private String recordName() {
    return file.equals("-") ? "stdin" : Path.of(file).getFileName().toString();
  }

  /**
   * When the recording started: {@code --start}, or the epoch when the file's times already are
   * epoch seconds (a sensor's CSV).
   */
  private Instant recordStart(BeatSeries beats) {
    boolean epochTimes = beats.size() > 0 && beats.time(0) >= EPOCH_SECONDS_FROM;
    if (start == null) {
      if (epochTimes) {
        return Instant.EPOCH;
      }
      throw new IllegalArgumentException(
          "--format fhir needs the time the recording started,"
              + " as the file's times count from its start: add --start 2026-12-01T22:00:00Z");
    }
    if (epochTimes) {
      throw new IllegalArgumentException(
          "the file's times are already epoch seconds; drop --start");
    }
    try {
      return OffsetDateTime.parse(start).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--start '"
              + start
              + "' is not an instant; write it"
              + " as 2026-12-01T22:00:00Z (UTC) or 2026-12-01T23:00:00+01:00");
    }
  }

  private BeatSeries read(RrRecordReader.Unit rrUnit) throws IOException {
    if (file.equals("-")) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      return RrRecordReader.read(in, "<stdin>", rrUnit);
    }
    Path p = Path.of(file);
    if (!Files.exists(p)) {
      throw new NoSuchFileException(file);
    }
    return RrRecordReader.read(p, rrUnit);
  }

  private String describe(BeatSeries beats) {
    String label = whole ? "whole record" : String.format("%s windows of %.0f s", job, window);
    return String.format("%s: %d beats, %s", file, beats.size(), label);
  }
}
