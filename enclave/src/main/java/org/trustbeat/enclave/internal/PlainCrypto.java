package org.trustbeat.enclave.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.PlainChunk;
import org.trustbeat.protocol.PlainResult;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.RrSamples;

/**
 * INSECURE baseline: clear chunks, clear carries, clear results. Every patient is "provisioned",
 * since there are no keys. The carry's associated data is prefixed to it in clear and compared on
 * the way back, so plain mode refuses a carry of another patient or job exactly like the sealed
 * modes; nothing stops an attacker from editing it, which is the point of the baseline.
 */
public final class PlainCrypto implements WindowCrypto, WindowCrypto.PatientCrypto {
  private final ProtocolLimits limits;

  public PlainCrypto(ProtocolLimits limits) {
    this.limits = limits;
  }

  @Override
  public ParsedChunk parse(byte[] bytes) throws MalformedEnvelopeException {
    PlainChunk chunk = PlainChunk.parse(bytes, limits);
    return new ParsedChunk(chunk.header(), chunk);
  }

  @Override
  public PatientCrypto forPatient(String patient) {
    return this;
  }

  @Override
  public RrSamples open(ParsedChunk chunk) throws Rejected {
    PlainChunk c = (PlainChunk) chunk.body;
    if (!c.samplesWithinRange()) {
      throw new Rejected(RejectReason.INCONSISTENT_CONTENT);
    }
    return c.samples();
  }

  @Override
  public byte[] sealCarry(byte[] carry, byte[] associatedData) {
    // The associated data, a zero byte, then the carry: checked, not protected.
    byte[] out = Arrays.copyOf(associatedData, 1 + associatedData.length + carry.length);
    System.arraycopy(carry, 0, out, associatedData.length + 1, carry.length);
    return out;
  }

  @Override
  public byte[] openCarry(byte[] sealed, byte[] associatedData) throws GeneralSecurityException {
    if (sealed.length <= associatedData.length
        || sealed[associatedData.length] != 0
        || !MessageDigest.isEqual(Arrays.copyOf(sealed, associatedData.length), associatedData)) {
      throw new GeneralSecurityException("plain carry names another patient or job");
    }
    return Arrays.copyOfRange(sealed, associatedData.length + 1, sealed.length);
  }

  @Override
  public byte[] sealResult(ResultHeader header, byte[] body) {
    return PlainResult.create(header, body).toBytes();
  }
}
