package org.trustbeat.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.HrvJson;
import org.trustbeat.hrv.RrRecordReader;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.ResultSealer;

/**
 * Results as a simulated enclave of the deployment {@code init} writes seals them (analysis hrv,
 * job id deploy, 300-s windows, sealed-process with SIMULATION attestation), for the tests of the
 * result reader's outputs: the broker and the consumer see exactly what the job publishes.
 */
final class SealedResults {
  static final long WINDOW_MS = 300_000;

  private SealedResults() {}

  /** The first {@code n} 300-s windows of nsr001, as {@code trustbeat hrv} computes them. */
  static List<WindowResult> nsr001(int n) throws IOException {
    return HrvAnalyzer.windows(
            RrRecordReader.read(HrvCommandTest.rr("nsr001_rr_secs.txt"), null), 300, HrvJob.HRV)
        .subList(0, n);
  }

  /**
   * Window {@code i} of {@code windows} sealed for {@code patient}, starting at {@code start} + i
   * windows, covering sequence numbers 10i..10i+9 (no gap between windows).
   */
  static List<byte[]> seal(
      PatientKeys keys, String patient, Instant start, List<WindowResult> windows)
      throws GeneralSecurityException {
    ResultSealer sealer = ResultSealer.create(keys.resultKeyset());
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      ResultHeader h =
          ResultHeader.builder()
              .setPatient(patient)
              .setWindow(start.toEpochMilli() + i * WINDOW_MS, WINDOW_MS)
              .setAlgorithm("hrv")
              .setJobId("deploy")
              .setHostKind("sealed-process")
              .setAttestationKind("SIMULATION")
              .setChunksSeen(10)
              .setSequenceRange(i * 10L, i * 10L + 9)
              .build();
      out.add(
          sealer
              .seal(h, HrvJson.toJson(windows.get(i)).getBytes(StandardCharsets.UTF_8))
              .toBytes());
    }
    return out;
  }
}
