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
  void encode_isCountThenBigEndianDoublePairs() {
    String hex = HexFormat.of().formatHex(SampleCodec.encode(TWO));
    assertEquals(
        "00000002"
            + "3ff8000000000000" + "4089000000000000"
            + "4000000000000001" + HexFormat.of().toHexDigits(Double.doubleToLongBits(1234.56789)),
        hex);
  }

  @Test
  void decode_givesBitIdenticalValues() throws Exception {
    assertEquals(TWO, SampleCodec.decode(SampleCodec.encode(TWO), 10));
    assertEquals(0, SampleCodec.decode(SampleCodec.encode(RrSamples.empty()), 10).size());
  }

  @Test
  void countOverTheLimit_isTooLargeBeforeAllocating() {
    byte[] body = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertEquals(
        Reason.TOO_LARGE,
        assertThrows(MalformedEnvelopeException.class, () -> SampleCodec.decode(body, 10))
            .reason());
  }

  @Test
  void countDisagreeingWithTheLength_isMalformed() {
    byte[] body = SampleCodec.encode(TWO);
    for (int len = 0; len < body.length; len++) {
      byte[] cut = Arrays.copyOf(body, len);
      assertThrows(MalformedEnvelopeException.class, () -> SampleCodec.decode(cut, 10));
    }
    byte[] longer = Arrays.copyOf(body, body.length + 16);
    assertEquals(
        Reason.TRAILING_BYTES,
        assertThrows(MalformedEnvelopeException.class, () -> SampleCodec.decode(longer, 10))
            .reason());
  }

  @Test
  void nonFiniteSample_isRejectedWithoutItsValue() {
    byte[] body = SampleCodec.encode(TWO);
    Arrays.fill(body, 4 + 16 + 8, 4 + 16 + 16, (byte) 0xff); // rr of sample 1 becomes NaN
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> SampleCodec.decode(body, 10));
    assertEquals("chunk.body.sample[1]", e.field());
    assertFalse(e.getMessage().contains("1.5"));
  }
}
