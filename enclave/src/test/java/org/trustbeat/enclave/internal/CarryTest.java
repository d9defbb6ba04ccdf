package org.trustbeat.enclave.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CarryTest {
  @Test
  void encodeDecode_keepsEveryFieldIncludingNaN() {
    Carry c = Carry.decode(new Carry("p1", "job 1", 900_000, 41, Double.NaN).encode());
    assertEquals("p1", c.patient());
    assertEquals("job 1", c.jobId());
    assertEquals(900_000, c.windowEndMillis());
    assertEquals(41, c.lastSequence());
    assertTrue(Double.isNaN(c.lastAcceptedRrMs()));
    assertEquals(812.5, Carry.decode(new Carry("p", "j", 0, -1, 812.5).encode()).lastAcceptedRrMs());
  }

  @Test
  void decode_returnsNullForAnythingElse() {
    byte[] good = new Carry("p1", "j", 1, 2, 3).encode();
    assertNull(Carry.decode(Arrays.copyOf(good, good.length - 1)));
    assertNull(Carry.decode(Arrays.copyOf(good, good.length + 1)));
    assertNull(Carry.decode(new byte[0]));
    byte[] otherVersion = good.clone();
    otherVersion[2] = 2;
    assertNull(Carry.decode(otherVersion));
  }

  @Test
  void associatedData_namesPurposeVersionPatientAndJob() {
    assertEquals("trustbeat.carry.v1/p1/job-9",
        new String(Carry.associatedData("p1", "job-9"), StandardCharsets.US_ASCII));
  }
}
