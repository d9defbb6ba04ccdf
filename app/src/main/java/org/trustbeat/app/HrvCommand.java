package org.trustbeat.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.RrFormatException;
import org.trustbeat.hrv.RrRecordReader;
import org.trustbeat.hrv.WindowResult;
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
    footer = {"", "Example:", "  trustbeat hrv ../shared/data/rr/nsr001_rr_secs.txt --format table --plot nsr001.png"},
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
    table
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "RR recording, or '-' for stdin.")
  String file;

  @Option(
      names = "--window",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "Tumbling window length in seconds (default: ${DEFAULT-VALUE}).")
  double window;

  @Option(names = "--whole", description = "One result for the whole record, with sdann and sdnn_index.")
  boolean whole;

  @Option(
      names = "--unit",
      paramLabel = "s|ms",
      description = "Unit of the RR values; default from the file name (*_rr_secs.txt, *_rr_ms.txt).")
  String unit;

  @Option(
      names = "--job",
      defaultValue = "hrv",
      paramLabel = "JOB",
      description = "identity, sdnn, hrv-bands or hrv (default: ${DEFAULT-VALUE}).")
  String job;

  @Option(
      names = "--format",
      defaultValue = "json",
      description = "json (one object per window), csv or table (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--plot", paramLabel = "OUT.png", description = "Also draw tachogram, trends and PSD.")
  Path plot;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    HrvJob hrvJob;
    RrRecordReader.Unit rrUnit;
    try {
      hrvJob = HrvJob.byName(job);
      rrUnit = unit == null ? null : RrRecordReader.Unit.parse(unit);
      if (!(window > 0) || Double.isInfinite(window)) {
        throw new IllegalArgumentException("--window must be a positive number of seconds");
      }
      if (whole && hrvJob != HrvJob.HRV) {
        throw new IllegalArgumentException("--whole computes the full hrv suite; drop --job");
      }
    } catch (IllegalArgumentException e) {
      err.println("trustbeat hrv: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    BeatSeries beats;
    try {
      beats = read(rrUnit);
    } catch (NoSuchFileException e) {
      err.println("trustbeat hrv: no such file: " + file);
      return CommandLine.ExitCode.USAGE;
    } catch (RrFormatException e) {
      err.println("trustbeat hrv: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    } catch (IOException e) {
      err.println("trustbeat hrv: cannot read " + file + ": " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }

    List<WindowResult> results =
        whole
            ? List.of(HrvAnalyzer.wholeRecord(beats))
            : HrvAnalyzer.windows(beats, window, hrvJob);
    switch (format) {
      case json -> HrvFormats.json(results, out);
      case csv -> HrvFormats.csv(results, out);
      case table -> HrvFormats.table(results, describe(beats), out);
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
    return CommandLine.ExitCode.OK;
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
