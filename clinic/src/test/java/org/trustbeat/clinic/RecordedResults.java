package org.trustbeat.clinic;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * Real results for the clinic tests: the HRV analysis of the first hours of the PhysioNet record
 * nsr001 (shared/data) in 5-minute windows, as an enclave would write them, sealed under a
 * patient's result key and opened by a real {@link ResultConsumer}. Windows named "poor" get every
 * third RR interval doubled before the analysis, so the cleaning rejects a third of their beats and
 * grades them poor by the HRV-SPEC rules.
 */
public final class RecordedResults {
  public static final long WINDOW_MS = 300_000;
  public static final String JOB = "hrv";

  /** Epoch ms of window 0, aligned to the window length. */
  public static final long T0 = 1_764_662_400_000L;

  private static final int HOURS = 8;

  private static List<String> clean;

  private RecordedResults() {}

  /** Result bodies of the first eight hours of nsr001, window by window. */
  public static synchronized List<String> bodies() throws Exception {
    if (clean == null) {
      clean = analyse(Set.of());
    }
    return clean;
  }

  /** Result bodies with the windows {@code poor} (indexes) spoilt by artefacts. */
  public static List<String> bodiesWithPoor(Set<Integer> poor) throws Exception {
    return analyse(poor);
  }

  private static List<String> analyse(Set<Integer> poor) throws Exception {
    BeatSeries all =
        RrRecordReader.read(
            sharedData().resolve("rr/nsr001_rr_secs.txt"), RrRecordReader.Unit.SECONDS);
    double w = WINDOW_MS / 1000.0;
    int n = 0;
    while (n < all.size() && all.time(n) < HOURS * 3600) {
      n++;
    }
    double[] t = new double[n];
    double[] rr = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = all.time(i);
      rr[i] = all.rr(i);
      if (poor.contains((int) Math.floor(t[i] / w)) && i % 3 == 0) {
        rr[i] *= 2;
      }
    }
    List<String> out = new ArrayList<>();
    for (WindowResult r : HrvAnalyzer.windows(BeatSeries.of(t, rr), w, HrvJob.HRV)) {
      out.add(HrvJson.toJson(r));
    }
    return out;
  }

  /** Window {@code i}'s start in epoch ms. */
  public static long start(int i) {
    return T0 + i * WINDOW_MS;
  }

  /**
   * Window {@code i} of {@code patient} sealed as an in-process simulated enclave would: covering
   * sequence numbers {@code 10i..10i+9}, so consecutive windows leave no sequence uncovered.
   */
  public static byte[] sealed(PatientKeys keys, String patient, int i, String body)
      throws Exception {
    return sealed(keys, patient, i, body, "sealed-inprocess", "SIMULATION");
  }

  public static byte[] sealed(
      PatientKeys keys, String patient, int i, String body, String hostKind, String attestationKind)
      throws Exception {
    ResultHeader h =
        ResultHeader.builder()
            .setPatient(patient)
            .setWindow(start(i), WINDOW_MS)
            .setAlgorithm("hrv")
            .setJobId(JOB)
            .setHostKind(hostKind)
            .setAttestationKind(attestationKind)
            .setChunksSeen(10)
            .setSequenceRange(10L * i, 10L * i + 9)
            .build();
    return ResultSealer.create(keys.resultKeyset())
        .seal(h, body.getBytes(StandardCharsets.UTF_8))
        .toBytes();
  }

  /** The consumer a clinic reader runs for {@code patient}'s 5-minute hrv job. */
  public static ResultConsumer consumer(
      PatientKeys keys, String patient, boolean testPatient, ResultListener listener) {
    return ResultConsumer.builder()
        .setPatient(patient)
        .setKeys(keys)
        .setExpectedAlgorithm("hrv")
        .setExpectedJobId(JOB)
        .setExpectedWindow(Duration.ofMillis(WINDOW_MS))
        .setTestPatient(testPatient)
        .setListener(listener)
        .build();
  }

  /** ../shared/data, found by walking up from the working directory. */
  public static Path sharedData() {
    return SharedData.dir();
  }
}
