package org.trustbeat.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.trustbeat.edge.ConsumedResult;
import org.trustbeat.edge.ResultConsumer;
import org.trustbeat.edge.ResultListener;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.HrvJson;
import org.trustbeat.hrv.RrRecordReader;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.ResultSealer;
import org.trustbeat.testing.SharedData;

/**
 * The report tests' inputs: real PhysioNet recordings from {@code shared/data/rr}, optionally with
 * a stretch of artefacts written in, and their windows sealed and opened as the patient side opens
 * an enclave's results.
 */
public final class ReportFixtures {
  /** 2023-11-14T22:15:00Z, a multiple of 300 s: stream windows line up with the record's. */
  public static final Instant STREAM_START = Instant.ofEpochSecond(1_700_000_100L);

  public static final String PATIENT = "pat-0007";
  public static final Duration WINDOW = Duration.ofSeconds(300);

  private ReportFixtures() {}

  /** A recording of {@code shared/data/rr}, found by walking up from the working directory. */
  public static Path rrFile(String name) {
    return SharedData.rr(name);
  }

  /** The first {@code seconds} of a recording. */
  public static BeatSeries recording(String name, double seconds) throws IOException {
    BeatSeries all = RrRecordReader.read(rrFile(name), null);
    int n = 0;
    while (n < all.size() && all.time(n) < seconds) {
      n++;
    }
    return BeatSeries.of(
        java.util.Arrays.copyOf(all.times(), n), java.util.Arrays.copyOf(all.rrMs(), n));
  }

  /**
   * The same beats with every other interval in {@code [fromS, toS)} stretched by 60 %, as a loose
   * electrode writes them: the windows there become poor.
   */
  public static BeatSeries withArtefacts(BeatSeries beats, double fromS, double toS) {
    double[] rr = beats.rrMs();
    for (int i = 0; i < rr.length; i++) {
      if (beats.time(i) >= fromS && beats.time(i) < toS && i % 2 == 0) {
        rr[i] *= 1.6;
      }
    }
    return BeatSeries.of(beats.times(), rr);
  }

  /** The 300-s windows of the full hrv suite, as {@code trustbeat hrv} computes them. */
  public static List<WindowResult> windows(BeatSeries beats) {
    return HrvAnalyzer.windows(beats, WINDOW.toSeconds(), HrvJob.HRV);
  }

  /**
   * Each window's JSON sealed under a fresh patient key with a header saying {@code sealed-process}
   * and {@code SIMULATION} attestation, as the simulated enclave seals it, then opened by a {@link
   * ResultConsumer}: real results of a simulated enclave.
   */
  public static List<ConsumedResult> consumed(List<WindowResult> windows)
      throws GeneralSecurityException {
    PatientKeys keys = PatientKeys.generate();
    List<ConsumedResult> opened = new ArrayList<>();
    ResultConsumer consumer =
        ResultConsumer.builder()
            .setPatient(PATIENT)
            .setKeys(keys)
            .setExpectedAlgorithm("hrv")
            .setExpectedJobId("hrv")
            .setExpectedWindow(WINDOW)
            .setListener(
                new ResultListener() {
                  @Override
                  public void onResult(ConsumedResult r) {
                    opened.add(r);
                  }
                })
            .build();
    ResultSealer sealer = ResultSealer.create(keys.resultKeyset());
    for (WindowResult w : windows) {
      long start = STREAM_START.toEpochMilli() + Math.round(w.windowStart() * 1000);
      ResultHeader h =
          ResultHeader.builder()
              .setPatient(PATIENT)
              .setWindow(start, WINDOW.toMillis())
              .setAlgorithm("hrv")
              .setJobId("hrv")
              .setHostKind("sealed-process")
              .setAttestationKind("SIMULATION")
              .setChunksSeen(30)
              .build();
      consumer.handle(sealer.seal(h, HrvJson.toJson(w).getBytes(StandardCharsets.UTF_8)).toBytes());
    }
    if (opened.size() != windows.size()) {
      throw new IllegalStateException(
          "opened " + opened.size() + " of " + windows.size() + " results");
    }
    return opened;
  }
}
