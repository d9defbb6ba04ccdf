package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;

class ResultEnvelopeTest {
  private static final byte[] CIPHERTEXT = {9, 8, 7, 6, 5};

  private static ResultEnvelope envelope() throws Exception {
    return ResultEnvelope.create(ResultHeaderTest.valid().build(), CIPHERTEXT);
  }

  @Test
  void serializeThenParse_roundTrips() throws Exception {
    ResultEnvelope parsed = ResultEnvelope.parse(envelope().toBytes());
    assertEquals(envelope(), parsed);
    assertArrayEquals(CIPHERTEXT, parsed.ciphertext());
  }

  @Test
  void layout_isHeaderThenLengthPrefixedCiphertext() throws Exception {
    byte[] header = envelope().associatedData();
    byte[] bytes = envelope().toBytes();
    assertArrayEquals(header, Arrays.copyOf(bytes, header.length));
    assertEquals(CIPHERTEXT.length, ByteBuffer.wrap(bytes, header.length, 4).getInt());
    assertEquals(bytes.length, envelope().serializedSize());
  }

  @Test
  void parseHeader_worksWithoutAnyKey() throws Exception {
    assertEquals(
        ResultHeaderTest.valid().build(), ResultEnvelope.parseHeader(envelope().toBytes()));
  }

  @Test
  void everyTruncation_isMalformed() throws Exception {
    byte[] bytes = envelope().toBytes();
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertEquals(
          Reason.TRUNCATED,
          assertThrows(MalformedEnvelopeException.class, () -> ResultEnvelope.parse(cut)).reason(),
          "length " + len);
    }
  }

  @Test
  void chunkEnvelopeBytes_areRejectedAsBadMagic() throws Exception {
    byte[] chunk = ChunkEnvelope.create(ChunkHeaderTest.valid().build(), CIPHERTEXT).toBytes();
    assertEquals(
        Reason.BAD_MAGIC,
        assertThrows(MalformedEnvelopeException.class, () -> ResultEnvelope.parse(chunk)).reason());
  }

  @Test
  void oversizeEnvelope_isRejectedNamingTheLimit() throws Exception {
    ProtocolLimits limits = ProtocolLimits.builder().setMaxEnvelopeBytes(256).build();
    byte[] bytes = ResultEnvelope.create(ResultHeaderTest.valid().build(), new byte[300]).toBytes();
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> ResultEnvelope.parse(bytes, limits));
    assertTrue(e.getMessage().contains("maxEnvelopeBytes=256"));
  }

  @Test
  void negativeCounterInBytes_isRejected() throws Exception {
    byte[] bytes = envelope().toBytes();
    int countersAt = envelope().associatedData().length - 32;
    bytes[countersAt] = (byte) 0x80;
    assertEquals(
        "result.counters",
        assertThrows(MalformedEnvelopeException.class, () -> ResultEnvelope.parse(bytes)).field());
  }

  @Test
  void randomCorruption_neverThrowsUnchecked() throws Exception {
    byte[] original = envelope().toBytes();
    Random random = new Random(3);
    for (int i = 0; i < 5000; i++) {
      byte[] bytes = original.clone();
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
      try {
        ResultEnvelope.parse(bytes);
      } catch (MalformedEnvelopeException expected) {
        // rejected as it should be
      } catch (RuntimeException e) {
        fail("unchecked exception on corrupt input", e);
      }
    }
  }

  @Test
  void toString_showsHeaderAndSizeOnly() throws Exception {
    String text = envelope().toString();
    assertTrue(text.startsWith("ResultEnvelope{ResultHeader{patient=p1"));
    assertTrue(text.endsWith("ciphertextBytes=5}"));
  }
}
