package org.trustbeat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.testing.LeakScanner;

/** The leak scanner the canary tests rely on finds samples in every form it claims to. */
class SampleCanariesTest {
  @TempDir Path tmp;

  @Test
  void everyForm_isFound_andCiphertextIsClean() throws Exception {
    RrFixture record = RrFixture.nsr001(600);
    LeakScanner canaries = record.canaries();
    double rr = record.series().rr(100);
    double t = record.series().time(100);

    assertFalse(
        canaries.leaksIn(List.of(record.writeRecordFile(tmp.resolve("r_rr_secs.txt")))).isEmpty());
    assertFalse(canaries.leaksIn("plain chunks", record.plainChunks("p", 8).get(12)).isEmpty());
    assertFalse(
        canaries.leaksIn("log", ("rr=" + rr + " ms").getBytes(StandardCharsets.UTF_8)).isEmpty());
    assertFalse(canaries.leaksIn("log", ("t=" + t).getBytes(StandardCharsets.UTF_8)).isEmpty());
    byte[] le =
        ByteBuffer.allocate(9).order(ByteOrder.LITTLE_ENDIAN).put((byte) 7).putDouble(rr).array();
    assertTrue(canaries.leaksIn("state", le).get(0).contains("rr-double-le of beat"));

    TestKeys keys = new TestKeys();
    keys.add("p");
    for (byte[] sealed : record.seal("p", keys.keys("p"), 8)) {
      assertEquals(List.of(), canaries.leaksIn("sealed chunk", sealed));
    }
  }
}
