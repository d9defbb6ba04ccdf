package org.trustbeat.protocol;

import java.util.Arrays;
import org.trustbeat.codec.BinaryReader;
import org.trustbeat.codec.BinaryWriter;
import org.trustbeat.protocol.internal.ProtocolBytes;

/**
 * An analysis result <em>in clear</em>, for the {@code plain} mode only: the same {@link
 * ResultHeader} as a sealed result, followed by the body in clear.
 *
 * <p>Wire layout: {@code 'P' 'R'} magic (2), format version = 1 (1), the {@link ResultHeader}
 * bytes, then the body length (4, big-endian) and the body (UTF-8 JSON). The distinct magic keeps a
 * clear result from passing for a sealed one.
 *
 * <h2>Security guarantees</h2>
 *
 * None: the body is readable and changeable by everyone on the path. {@link #toString()} prints the
 * header and the body size, never the body.
 */
public final class PlainResult {
  public static final int FORMAT_VERSION = 1;
  private static final byte MAGIC_0 = 'P';
  private static final byte MAGIC_1 = 'R';

  private final ResultHeader header;
  private final byte[] body;

  private PlainResult(ResultHeader header, byte[] body) {
    this.header = header;
    this.body = body;
  }

  /** Pairs a header with a clear body; the bytes are copied. */
  public static PlainResult create(ResultHeader header, byte[] body) {
    if (header == null || body == null) {
      throw new NullPointerException("header and body are required");
    }
    return new PlainResult(header, body.clone());
  }

  public static PlainResult parse(byte[] bytes) throws MalformedEnvelopeException {
    return parse(bytes, ProtocolLimits.defaults());
  }

  public static PlainResult parse(byte[] bytes, ProtocolLimits limits)
      throws MalformedEnvelopeException {
    limits.checkEnvelopeSize(bytes.length, "plainResult");
    BinaryReader<MalformedEnvelopeException> r = ProtocolBytes.reader(bytes, "plain result");
    ProtocolBytes.expectMagic(r, MAGIC_0, MAGIC_1, "plainResult.magic");
    ProtocolBytes.expectVersion(r, FORMAT_VERSION, "plainResult.version");
    ResultHeader header = ResultHeader.read(r);
    byte[] body = ProtocolBytes.lengthPrefixed(r, limits.maxEnvelopeBytes(), "plainResult.body");
    r.expectEnd("plainResult");
    return new PlainResult(header, body);
  }

  public ResultHeader header() {
    return header;
  }

  /** A copy of the clear body. */
  public byte[] body() {
    return body.clone();
  }

  public int serializedSize() {
    return 3 + header.serializedSize() + 4 + body.length;
  }

  public byte[] toBytes() {
    BinaryWriter w = ProtocolBytes.writer(serializedSize());
    w.u8(MAGIC_0).u8(MAGIC_1).u8(FORMAT_VERSION);
    header.writeTo(w);
    w.prefixed(4, body);
    return w.finish();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlainResult
        && header.equals(((PlainResult) o).header)
        && Arrays.equals(body, ((PlainResult) o).body);
  }

  @Override
  public int hashCode() {
    return 31 * header.hashCode() + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "PlainResult{plain mode: no encryption, no enclave, "
        + header
        + ", bodyBytes="
        + body.length
        + "}";
  }
}
