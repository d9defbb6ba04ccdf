package org.trustbeat.enclave.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.Evidence;
import org.trustbeat.attestation.EvidenceKind;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.HrvJob;

class WireTest {
  @Test
  void batch_roundTripsWithChunksAndJob() throws Exception {
    WindowBatch b =
        WindowBatch.of(
            "job/1",
            HrvJob.HRV_BANDS,
            List.of(
                WindowTask.of("p1", 600_000, 300_000, List.of(new byte[] {1, 2, 3}, new byte[0])),
                WindowTask.of("p2", 0, 300_000, List.of())));
    WindowBatch back = Wire.decodeBatch(Wire.encodeBatch(b));
    assertEquals("job/1", back.jobId());
    assertEquals(HrvJob.HRV_BANDS, back.job());
    assertEquals(2, back.tasks().size());
    assertArrayEquals(new byte[] {1, 2, 3}, back.tasks().get(0).chunks().get(0));
    assertEquals(0, back.tasks().get(0).chunks().get(1).length);
    assertEquals(600_000, back.tasks().get(0).windowStartMillis());
  }

  @Test
  void outcomes_roundTripWithCounters() throws Exception {
    WindowOutcome o =
        WindowOutcome.of(
            "p1",
            300_000,
            new byte[] {5, 6},
            7,
            1,
            3L,
            4,
            Map.of(RejectReason.NO_KEY, 2, RejectReason.MALFORMED, 1));
    WindowOutcome back = Wire.decodeOutcomes(Wire.encodeOutcomes(List.of(o))).get(0);
    assertEquals(o.toString(), back.toString());
    assertArrayEquals(o.sealedResult(), back.sealedResult());
    assertEquals(4, back.contextChunks());
  }

  @Test
  void evidence_roundTrips() throws Exception {
    Evidence e = Evidence.of(EvidenceKind.SIMULATION, new byte[] {1, 2, 3});
    assertEquals(e, Wire.decodeEvidence(Wire.encodeEvidence(e)));
  }

  @Test
  void truncatedOrPaddedPayloads_areIOExceptions() {
    byte[] good =
        Wire.encodeBatch(
            WindowBatch.of(
                "j", HrvJob.SDNN, List.of(WindowTask.of("p1", 0, 1000, List.of(new byte[] {1})))));
    for (int n = 0; n < good.length; n++) {
      byte[] cut = Arrays.copyOf(good, n);
      assertThrows(IOException.class, () -> Wire.decodeBatch(cut), "cut at " + n);
    }
    assertThrows(IOException.class, () -> Wire.decodeBatch(Arrays.copyOf(good, good.length + 1)));
  }

  @Test
  void hugeCounts_areRefusedBeforeAllocating() {
    byte[] forged =
        Wire.text(Wire.text(Wire.out(16), "j"), "sdnn").i32(Integer.MAX_VALUE).toByteArray();
    assertThrows(IOException.class, () -> Wire.decodeBatch(forged));
  }

  @Test
  void frames_roundTrip_andOversizeFramesAreRefused() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Wire.writeFrame(new DataOutputStream(buf), Wire.PROCESS, new byte[] {4, 5});
    Wire.Frame f =
        Wire.readFrame(new DataInputStream(new ByteArrayInputStream(buf.toByteArray())), 1024);
    assertEquals(Wire.PROCESS, f.type);
    assertArrayEquals(new byte[] {4, 5}, f.payload);
    assertNull(Wire.readFrame(new DataInputStream(new ByteArrayInputStream(new byte[0])), 1024));
    assertThrows(
        IOException.class,
        () -> Wire.readFrame(new DataInputStream(new ByteArrayInputStream(buf.toByteArray())), 2));
  }
}
