package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;
import org.trustbeat.protocol.internal.ProtocolBytes;

class SealedFrameTest {
  private static final byte[] CIPHERTEXT = {7, 7, 7};

  /** A one-byte header, so these tests exercise only the frame around it. */
  private static final SealedFrame.Kind<Integer> KIND =
      new SealedFrame.Kind<>(
          "test", r -> r.u8("test.tag"), tag -> HeaderBytes.of(ProtocolBytes.writer(1).u8(tag)));

  @Test
  void toBytes_isHeaderThenLengthPrefixedCiphertext() {
    SealedFrame<Integer> frame = KIND.create(0x42, CIPHERTEXT);
    assertEquals("4200000003070707", HexFormat.of().formatHex(frame.toBytes()));
    assertEquals(8, frame.serializedSize());
    assertArrayEquals(new byte[] {0x42}, frame.associatedData());
  }

  @Test
  void parse_roundTripsWhatCreateBuilt() throws Exception {
    SealedFrame<Integer> frame = KIND.create(0x42, CIPHERTEXT);
    SealedFrame<Integer> parsed = KIND.parse(frame.toBytes(), ProtocolLimits.defaults());
    assertEquals(frame, parsed);
    assertEquals(frame.hashCode(), parsed.hashCode());
    assertEquals(0x42, parsed.header());
    assertArrayEquals(CIPHERTEXT, parsed.ciphertext());
  }

  @Test
  void create_copiesTheCiphertext_andAccessorsReturnCopies() {
    byte[] input = CIPHERTEXT.clone();
    SealedFrame<Integer> frame = KIND.create(1, input);
    input[0] = 0;
    frame.ciphertext()[1] = 0;
    frame.associatedData()[0] = 9;
    assertArrayEquals(CIPHERTEXT, frame.ciphertext());
    assertArrayEquals(new byte[] {1}, frame.associatedData());
  }

  @Test
  void ciphertextUnsafe_isTheHeldArray() {
    SealedFrame<Integer> frame = KIND.create(1, CIPHERTEXT);
    assertSame(frame.ciphertextUnsafe(), frame.ciphertextUnsafe());
    assertEquals(CIPHERTEXT.length, frame.ciphertextLength());
  }

  @Test
  void missingHeaderOrCiphertext_isRejected() {
    assertEquals(
        "header and ciphertext are required",
        assertThrows(NullPointerException.class, () -> KIND.create(null, CIPHERTEXT)).getMessage());
    assertThrows(NullPointerException.class, () -> KIND.create(1, null));
  }

  @Test
  void framesDifferingInHeaderOrCiphertext_areNotEqual() {
    assertNotEquals(KIND.create(1, CIPHERTEXT), KIND.create(2, CIPHERTEXT));
    assertNotEquals(KIND.create(1, CIPHERTEXT), KIND.create(1, new byte[] {7, 7}));
  }

  @Test
  void oversizeInput_isRejectedBeforeReadingTheHeader() throws Exception {
    ProtocolLimits limits = ProtocolLimits.builder().setMaxEnvelopeBytes(256).build();
    byte[] bytes = KIND.create(1, new byte[300]).toBytes();
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> KIND.parse(bytes, limits));
    assertEquals(Reason.TOO_LARGE, e.reason());
    assertEquals("test", e.field());
    assertEquals(0, e.offset());
  }

  @Test
  void errorsNameTheKind() {
    byte[] bytes = KIND.create(1, CIPHERTEXT).toBytes();
    MalformedEnvelopeException cut =
        assertThrows(
            MalformedEnvelopeException.class,
            () -> KIND.parse(Arrays.copyOf(bytes, 6), ProtocolLimits.defaults()));
    assertEquals(Reason.TRUNCATED, cut.reason());
    assertEquals("test.ciphertext", cut.field());
    assertTrue(cut.getMessage().contains("test envelope"), cut.getMessage());

    MalformedEnvelopeException trailing =
        assertThrows(
            MalformedEnvelopeException.class,
            () -> KIND.parse(Arrays.copyOf(bytes, bytes.length + 1), ProtocolLimits.defaults()));
    assertEquals(Reason.TRAILING_BYTES, trailing.reason());
    assertEquals("test", trailing.field());
  }

  @Test
  void toString_showsSizesOnly() {
    assertEquals(
        "SealedFrame{headerBytes=1, ciphertextBytes=3}", KIND.create(1, CIPHERTEXT).toString());
  }
}
