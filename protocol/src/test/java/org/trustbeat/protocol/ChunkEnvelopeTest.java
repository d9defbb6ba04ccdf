package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;

class ChunkEnvelopeTest {
  private static final byte[] CIPHERTEXT = {1, 2, 3, 4, 5, 6, 7, 8, 9};

  private static ChunkEnvelope envelope() throws Exception {
    return ChunkEnvelope.create(ChunkHeaderTest.valid().build(), CIPHERTEXT);
  }

  @Test
  void serializeThenParse_roundTrips() throws Exception {
    byte[] bytes = envelope().toBytes();
    ChunkEnvelope parsed = ChunkEnvelope.parse(bytes);
    assertEquals(envelope(), parsed);
    assertArrayEquals(CIPHERTEXT, parsed.ciphertext());
    assertEquals(bytes.length, parsed.serializedSize());
  }

  @Test
  void layout_isHeaderThenLengthPrefixedCiphertext() throws Exception {
    byte[] header = envelope().associatedData();
    byte[] bytes = envelope().toBytes();
    assertArrayEquals(header, Arrays.copyOf(bytes, header.length));
    assertEquals(CIPHERTEXT.length, ByteBuffer.wrap(bytes, header.length, 4).getInt());
    assertEquals(header.length + 4 + CIPHERTEXT.length, bytes.length);
  }

  @Test
  void parseHeader_worksWithoutAnyKey() throws Exception {
    ChunkHeader header = ChunkEnvelope.parseHeader(envelope().toBytes());
    assertEquals("p1", header.patient());
    assertEquals(7, header.sequenceNumber());
    assertEquals(ChunkHeaderTest.slot(), header.slot());
    assertEquals(0x01020304, header.keyId());
  }

  @Test
  void everyTruncation_isMalformed() throws Exception {
    byte[] bytes = envelope().toBytes();
    for (int len = 0; len < bytes.length; len++) {
      byte[] cut = Arrays.copyOf(bytes, len);
      MalformedEnvelopeException e =
          assertThrows(MalformedEnvelopeException.class, () -> ChunkEnvelope.parse(cut));
      assertEquals(Reason.TRUNCATED, e.reason(), "length " + len + ": " + e.getMessage());
    }
  }

  @Test
  void oversizeEnvelope_isRejectedNamingTheLimit() throws Exception {
    ProtocolLimits limits = ProtocolLimits.builder().setMaxEnvelopeBytes(256).build();
    byte[] bytes = ChunkEnvelope.create(ChunkHeaderTest.valid().build(), new byte[300]).toBytes();
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> ChunkEnvelope.parse(bytes, limits));
    assertEquals(Reason.TOO_LARGE, e.reason());
    assertTrue(e.getMessage().contains("maxEnvelopeBytes=256"), e.getMessage());
  }

  @Test
  void forgedHugeCiphertextLength_isRejectedBeforeAllocating() throws Exception {
    byte[] bytes = envelope().toBytes();
    int lengthAt = envelope().associatedData().length;
    ByteBuffer.wrap(bytes).putInt(lengthAt, Integer.MAX_VALUE);
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> ChunkEnvelope.parse(bytes));
    assertEquals(Reason.TOO_LARGE, e.reason());
    assertEquals("chunk.ciphertext.length", e.field());
    assertEquals(lengthAt, e.offset());
  }

  @Test
  void negativeCiphertextLength_isRejected() throws Exception {
    byte[] bytes = envelope().toBytes();
    ByteBuffer.wrap(bytes).putInt(envelope().associatedData().length, -1);
    assertEquals(
        Reason.INVALID_FIELD,
        assertThrows(MalformedEnvelopeException.class, () -> ChunkEnvelope.parse(bytes)).reason());
  }

  @Test
  void trailingBytes_areRejected() throws Exception {
    byte[] bytes = Arrays.copyOf(envelope().toBytes(), envelope().serializedSize() + 1);
    assertEquals(
        Reason.TRAILING_BYTES,
        assertThrows(MalformedEnvelopeException.class, () -> ChunkEnvelope.parse(bytes)).reason());
  }

  @Test
  void wrongMagic_isRejected_includingAResultEnvelope() throws Exception {
    byte[] bytes = envelope().toBytes();
    bytes[1] = 'R';
    assertEquals(
        Reason.BAD_MAGIC,
        assertThrows(MalformedEnvelopeException.class, () -> ChunkEnvelope.parse(bytes)).reason());
  }

  @Test
  void unknownVersion_isRejectedNamingTheSupportedOne() throws Exception {
    byte[] bytes = envelope().toBytes();
    bytes[2] = 3;
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> ChunkEnvelope.parse(bytes));
    assertEquals(Reason.UNSUPPORTED_VERSION, e.reason());
    assertTrue(e.getMessage().contains("reads 2"));
  }

  @Test
  void version1Chunk_isRefusedNamingTheLeakAndTheFix() throws Exception {
    // A version-1 envelope as the old sealer wrote it: beat-time range, unpadded body.
    byte[] v1 =
        HexFormat.of()
            .parseHex(
                "5443"
                    + "01"
                    + "027031"
                    + "0000000000000007"
                    + "0000018bcfe5687d"
                    + "0000018bcfe56f1a"
                    + "01020304"
                    + "00000009"
                    + "010203040506070809");
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> ChunkEnvelope.parse(v1));
    assertEquals(Reason.UNSUPPORTED_VERSION, e.reason());
    assertEquals("chunk.version", e.field());
    assertEquals(2, e.offset());
    assertTrue(e.getMessage().contains("format version 1 is refused"), e.getMessage());
    assertTrue(e.getMessage().contains("heart rate"), e.getMessage());
    assertTrue(e.getMessage().contains("seal with format version 2"), e.getMessage());
  }

  @Test
  void invalidFieldsInBytes_areRejectedWithTheirOffset() throws Exception {
    byte[] badPatient = envelope().toBytes();
    badPatient[4] = '/';
    MalformedEnvelopeException e =
        assertThrows(MalformedEnvelopeException.class, () -> ChunkEnvelope.parse(badPatient));
    assertEquals("chunk.patient", e.field());
    assertEquals(3, e.offset());

    byte[] emptyPatient = envelope().toBytes();
    emptyPatient[3] = 0;
    assertThrows(MalformedEnvelopeException.class, () -> ChunkEnvelope.parse(emptyPatient));

    byte[] negativeSeq = envelope().toBytes();
    negativeSeq[6] = (byte) 0x80;
    assertEquals(
        "chunk.sequenceNumber",
        assertThrows(MalformedEnvelopeException.class, () -> ChunkEnvelope.parse(negativeSeq))
            .field());

    byte[] unalignedSlot = envelope().toBytes();
    ByteBuffer.wrap(unalignedSlot).putLong(14, 1_700_000_000_125L);
    MalformedEnvelopeException slot =
        assertThrows(MalformedEnvelopeException.class, () -> ChunkEnvelope.parse(unalignedSlot));
    assertEquals("chunk.slot", slot.field());
    assertEquals(14, slot.offset());

    byte[] shortSlot = envelope().toBytes();
    ByteBuffer.wrap(shortSlot).putInt(22, 100);
    assertEquals(
        "chunk.slot",
        assertThrows(MalformedEnvelopeException.class, () -> ChunkEnvelope.parse(shortSlot))
            .field());
  }

  @Test
  void randomCorruption_neverThrowsUnchecked() throws Exception {
    byte[] original = envelope().toBytes();
    Random random = new Random(42);
    for (int i = 0; i < 5000; i++) {
      byte[] bytes = original.clone();
      for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
      }
      try {
        ChunkEnvelope.parse(bytes);
      } catch (MalformedEnvelopeException expected) {
        // fine: rejected with a checked, descriptive exception
      } catch (RuntimeException e) {
        fail("unchecked exception on corrupt input", e);
      }
    }
  }

  @Test
  void toString_showsIdsAndSizes() throws Exception {
    assertEquals(
        "ChunkEnvelope{patient=p1, seq=7, slot=[1700000000000, 1700000010000), keyId=16909060,"
            + " ciphertextBytes=9}",
        envelope().toString());
  }

  @Test
  void ciphertextAccessor_returnsACopy() throws Exception {
    ChunkEnvelope envelope = envelope();
    envelope.ciphertext()[0] = 99;
    assertArrayEquals(CIPHERTEXT, envelope.ciphertext());
  }
}
