package org.trustbeat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.edge.ConsumedResult;
import org.trustbeat.edge.ResultConsumer;
import org.trustbeat.edge.ResultListener;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.enclave.host.EnclaveHost;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkHeader;

/**
 * The red team's boundary attack (issue 10, finding 3), against the real enclave and the real
 * patient-side consumer: the host withholds the last chunks of one window and the first of the
 * next. Each window's own sequence numbers are contiguous, so both results say {@code gaps=0}; the
 * consumer, comparing the sequence ranges the two results covered, reports the hole.
 */
class WithheldChunksAttackTest {
  private static final long W = 300_000;
  private static final String PATIENT = "p-boundary";

  @TempDir Path tmp;

  @Test
  void chunksWithheldAtAWindowBoundary_areReportedByTheConsumer() throws Exception {
    TestKeys keys = new TestKeys();
    keys.add(PATIENT);
    List<byte[]> chunks = RrFixture.nsr001(900).seal(PATIENT, keys.keys(PATIENT), 8);
    long boundary = (long) (RrFixture.BASE_EPOCH_SECONDS * 1000) + W;
    // Withhold every chunk within 40 s of the boundary: more than the 30 s of context, so
    // neither window sees any of them, as its own or as context.
    Set<Long> withheld = new java.util.TreeSet<>();
    List<byte[]> delivered = new ArrayList<>();
    for (byte[] c : chunks) {
      ChunkHeader h = ChunkEnvelope.parseHeader(c);
      if (h.slot().endMillis() > boundary - 40_000 && h.slot().startMillis() < boundary + 40_000) {
        withheld.add(h.sequenceNumber());
      } else {
        delivered.add(c);
      }
    }
    assertTrue(withheld.size() >= 8, withheld.toString());

    List<long[]> reported = new ArrayList<>();
    List<ConsumedResult> results = new ArrayList<>();
    ResultConsumer consumer =
        ResultConsumer.builder()
            .setPatient(PATIENT)
            .setKeys(keys.keys(PATIENT))
            .setExpectedAlgorithm("sdnn")
            .setExpectedJobId("job-boundary")
            .setExpectedWindow(Duration.ofMillis(W))
            .setListener(
                new ResultListener() {
                  @Override
                  public void onResult(ConsumedResult r) {
                    results.add(r);
                  }

                  @Override
                  public void onUncoveredSequences(String patient, long first, long last) {
                    reported.add(new long[] {first, last});
                  }
                })
            .build();

    EnclaveHost host =
        ModeHostFactory.of(
                HostKind.SEALED_INPROCESS, tmp.resolve("sim.key"), tmp, TestKeys.keyBrokerKey())
            .create();
    try {
      keys.provision(host, List.of(PATIENT));
      List<WindowTask> tasks = new ArrayList<>();
      for (long start = boundary - W; start <= boundary; start += W) {
        List<byte[]> mine = new ArrayList<>();
        for (byte[] c : delivered) {
          if (WindowTask.serves(ChunkEnvelope.parseHeader(c).slot(), start, W)) {
            mine.add(c);
          }
        }
        tasks.add(WindowTask.of(PATIENT, start, W, mine));
      }
      for (WindowOutcome o : host.process(WindowBatch.of("job-boundary", HrvJob.SDNN, tasks))) {
        assertEquals(0, o.sequenceGaps(), "each window alone looks complete");
        consumer.handle(o.sealedResult());
      }
    } finally {
      host.close();
    }

    assertEquals(2, results.size());
    assertEquals(1, reported.size(), "one hole reported");
    long first = ((java.util.TreeSet<Long>) withheld).first();
    long last = ((java.util.TreeSet<Long>) withheld).last();
    assertEquals(first, reported.get(0)[0]);
    assertEquals(last, reported.get(0)[1]);
  }
}
