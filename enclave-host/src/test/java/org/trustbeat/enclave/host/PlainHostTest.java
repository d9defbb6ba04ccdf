package org.trustbeat.enclave.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.enclave.EnclaveTesting;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.PlainChunk;
import org.trustbeat.protocol.PlainResult;
import org.trustbeat.protocol.RrSamples;

class PlainHostTest {
  private static final String PATIENT = "p-003";
  @TempDir Path dir;

  private static TreeMap<Long, List<byte[]>> plainWindows(BeatSeries beats) throws Exception {
    TreeMap<Long, List<byte[]>> out = new TreeMap<>();
    long seq = 0;
    for (RrSamples s : EnclaveTesting.perSecond(beats)) {
      PlainChunk c = PlainChunk.create(PATIENT, seq++, EnclaveTesting.secondOf(s.tSeconds(0)), s);
      for (long k = c.header().slot().startMillis() / EnclaveTesting.WINDOW_MS;
          k <= (c.header().slot().endMillis() - 1) / EnclaveTesting.WINDOW_MS;
          k++) {
        out.computeIfAbsent(k * EnclaveTesting.WINDOW_MS, x -> new ArrayList<>()).add(c.toBytes());
      }
    }
    return out;
  }

  @Test
  void plainResults_equalTheSealedHostsDecryptedResults() throws Exception {
    BeatSeries beats = EnclaveTesting.shiftedRecord("nsr001_rr_secs.txt", 1800);
    PatientKeys keys = PatientKeys.generate();
    List<WindowOutcome> plain;
    List<WindowOutcome> sealed;
    try (PlainHost host = PlainHost.create(HostTesting.config(dir))) {
      plain =
          HostTesting.windowAfterWindow(host, "job-1", HrvJob.HRV, PATIENT, plainWindows(beats));
    }
    try (InProcessEnclaveHost host = InProcessEnclaveHost.create(HostTesting.config(dir))) {
      HostTesting.provision(host, Map.of(PATIENT, keys));
      sealed =
          HostTesting.windowAfterWindow(
              host,
              "job-1",
              HrvJob.HRV,
              PATIENT,
              EnclaveTesting.byWindow(EnclaveTesting.sealPerSecond(keys, PATIENT, beats)));
    }
    assertEquals(sealed.size(), plain.size());
    for (int i = 0; i < plain.size(); i++) {
      PlainResult r = PlainResult.parse(plain.get(i).sealedResult());
      assertEquals(
          EnclaveTesting.openJson(sealed.get(i), keys),
          new String(r.body(), StandardCharsets.UTF_8));
      assertEquals("plain", r.header().hostKind());
      assertEquals("NONE", r.header().attestationKind());
    }
  }

  @Test
  void plainMode_refusesAttestationAndKeys_sayingItHasNoEnclave() {
    PlainHost host = PlainHost.create(HostTesting.config(dir));
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> host.attest(EnclaveTesting.nonce()));
    assertTrue(e.getMessage().startsWith("plain mode has no enclave"));
    assertThrows(GeneralSecurityException.class, host::publicKey);
    assertThrows(GeneralSecurityException.class, () -> host.installKeys(new byte[16], new byte[1]));
    assertEquals(HostKind.PLAIN, host.kind());
    assertTrue(host.toString().contains("plain mode: no encryption, no enclave"));
  }

  @Test
  void sealedChunksGivenToPlainMode_areMalformed() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    BeatSeries beats = EnclaveTesting.shiftedRecord("nsr001_rr_secs.txt", 250);
    List<byte[]> sealed = EnclaveTesting.sealPerSecond(keys, PATIENT, beats);
    assertTrue(sealed.size() > 10);
    WindowOutcome o =
        PlainHost.create(HostTesting.config(dir))
            .process(
                WindowBatch.of(
                    "j",
                    HrvJob.SDNN,
                    List.of(
                        WindowTask.of(
                            PATIENT,
                            EnclaveTesting.BASE_SECONDS * 1000,
                            EnclaveTesting.WINDOW_MS,
                            sealed))))
            .get(0);
    assertEquals(Map.of(RejectReason.MALFORMED, sealed.size()), o.rejected());
  }
}
