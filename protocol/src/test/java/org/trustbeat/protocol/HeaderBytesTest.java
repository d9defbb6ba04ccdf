package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.MalformedEnvelopeException.Reason;
import org.trustbeat.protocol.internal.ProtocolBytes;

class HeaderBytesTest {
  private static HeaderBytes sample(int field) {
    return HeaderBytes.of(HeaderBytes.start((byte) 'X', (byte) 'Y', 3, 0).i32(field));
  }

  @Test
  void start_writesMagicThenVersion() {
    assertEquals("58590300000007", HexFormat.of().formatHex(sample(7).copy()));
    assertEquals(7, sample(7).length());
  }

  @Test
  void expectStart_acceptsWhatStartWrote() throws Exception {
    BinaryReader<MalformedEnvelopeException> r =
        ProtocolBytes.reader(sample(7).copy(), "test header");
    HeaderBytes.expectStart(r, (byte) 'X', (byte) 'Y', 3, "test");
    assertEquals(3, r.position());
  }

  @Test
  void expectStart_namesFieldsAfterTheKind() {
    MalformedEnvelopeException badMagic =
        assertThrows(
            MalformedEnvelopeException.class,
            () ->
                HeaderBytes.expectStart(
                    ProtocolBytes.reader(sample(7).copy(), "test header"),
                    (byte) 'X',
                    (byte) 'Z',
                    3,
                    "test"));
    assertEquals(Reason.BAD_MAGIC, badMagic.reason());
    assertEquals("test.magic", badMagic.field());

    MalformedEnvelopeException badVersion =
        assertThrows(
            MalformedEnvelopeException.class,
            () ->
                HeaderBytes.expectStart(
                    ProtocolBytes.reader(sample(7).copy(), "test header"),
                    (byte) 'X',
                    (byte) 'Y',
                    4,
                    "test"));
    assertEquals(Reason.UNSUPPORTED_VERSION, badVersion.reason());
    assertEquals("test.version", badVersion.field());
  }

  @Test
  void copy_isDetachedFromTheHeldBytes() {
    HeaderBytes bytes = sample(7);
    bytes.copy()[0] = 0;
    assertArrayEquals(sample(7).copy(), bytes.copy());
  }

  @Test
  void writeTo_appendsTheExactBytes() {
    BinaryWriter w = ProtocolBytes.writer(0).u8(0xee);
    sample(7).writeTo(w);
    assertEquals("ee58590300000007", HexFormat.of().formatHex(w.toByteArray()));
  }

  @Test
  void equality_followsTheBytes() {
    assertEquals(sample(7), sample(7));
    assertEquals(sample(7).hashCode(), sample(7).hashCode());
    assertNotEquals(sample(7), sample(8));
  }

  @Test
  void toString_showsTheLengthOnly() {
    assertEquals("HeaderBytes{length=7}", sample(7).toString());
  }
}
