package org.trustbeat.protocol.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;
import org.trustbeat.protocol.RrSamples;

class SampleCodecTest {
  private static final RrSamples TWO =
      RrSamples.of(new double[] {1.5, Math.nextUp(2.0)}, new double[] {800.0, 1234.56789});

  @Test
  void encode_isCountThenBigEndianDoublePairsThenZeroPadding() {
    String hex = HexFormat.of().formatHex(SampleCodec.encode(TWO, 4));
    assertEquals(
        "00000002"
            + "3ff8000000000000"
            + "4089000000000000"
            + "4000000000000001"
            + HexFormat.of().toHexDigits(Double.doubleToLongBits(1234.56789))
            + "00".repeat(32),
        hex);
  }

  @Test
  void capacity_isTheBeatsOf220BpmThenDoublingBuckets_cappedAtTheLimit() {
    assertEquals(37, SampleCodec.capacity(10_000, 0, 32_768));
    assertEquals(37, SampleCodec.capacity(10_000, 1, 32_768));
    assertEquals(37, SampleCodec.capacity(10_000, 37, 32_768));
    assertEquals(74, SampleCodec.capacity(10_000, 38, 32_768));
    assertEquals(148, SampleCodec.capacity(10_000, 75, 32_768));
    assertEquals(4, SampleCodec.capacity(1_000, 1, 32_768));
    assertEquals(220, SampleCodec.capacity(60_000, 100, 32_768));
    assertEquals(50, SampleCodec.capacity(10_000, 40, 50));
    assertEquals(32_768, SampleCodec.capacity(86_400_000, 1, 32_768));
    assertEquals(32_768, SampleCodec.capacity(10_000, 32_768, 32_768));
  }

  @Test
  void decode_givesBitIdenticalValues() throws Exception {
    assertEquals(TWO, SampleCodec.decode(SampleCodec.encode(TWO, 4), 1_000, 10));
    assertEquals(0, SampleCodec.decode(SampleCodec.encode(RrSamples.empty(), 4), 1_000, 10).size());
  }

  @Test
  void countOverTheLimit_isTooLargeBeforeAllocating() {
    byte[] body = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertEquals(
        Reason.TOO_LARGE,
        assertThrows(MalformedEnvelopeException.class, () -> SampleCodec.decode(body, 1_000, 10))
            .reason());
  }

  @Test
  void countDisagreeingWithTheLength_isMalformed() {
    byte[] body = SampleCodec.encode(TWO, 4);
    for (int len = 0; len < body.length; len++) {
      byte[] cut = Arrays.copyOf(body, len);
      assertThrows(MalformedEnvelopeException.class, () -> SampleCodec.decode(cut, 1_000, 10));
    }
    byte[] longer = Arrays.copyOf(body, body.length + 16);
    assertEquals(
        Reason.TRAILING_BYTES,
        assertThrows(MalformedEnvelopeException.class, () -> SampleCodec.decode(longer, 1_000, 10))
            .reason());
  }

  @Test
  void nonFiniteSample_isRejectedWithoutItsValue() {
    byte[] body = SampleCodec.encode(TWO, 4);
    Arrays.fill(body, 4 + 16 + 8, 4 + 16 + 16, (byte) 0xff); // rr of sample 1 becomes NaN
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> SampleCodec.decode(body, 1_000, 10));
    assertEquals("chunk.body.sample[1]", e.field());
    assertFalse(e.getMessage().contains("1.5"));
  }
}
