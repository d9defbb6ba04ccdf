package org.trustbeat.enclave.internal;

import org.trustbeat.enclave.RejectReason;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.PlainChunk;
import org.trustbeat.protocol.PlainResult;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.RrSamples;

/**
 * INSECURE baseline: clear chunks and clear results. Every patient is "provisioned", since there
 * are no keys; nothing stops an attacker from reading or editing anything, which is the point of
 * the baseline.
 */
public final class PlainCrypto implements WindowCrypto, WindowCrypto.PatientCrypto {
  /** Result headers of plain mode carry this attestation kind. */
  public static final String ATTESTATION_KIND = "NONE";

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
    if (!c.samplesWithinSlot()) {
      throw new Rejected(RejectReason.INCONSISTENT_CONTENT);
    }
    return c.samples();
  }

  @Override
  public byte[] sealResult(ResultHeader header, byte[] body) {
    return PlainResult.create(header, body).toBytes();
  }

  /** Plain mode has no keys and so no released policy: every analysis runs, unprotected. */
  @Override
  public boolean allows(String job, long windowMillis) {
    return true;
  }

  @Override
  public String attestationKind() {
    return ATTESTATION_KIND;
  }
}
