package org.trustbeat.enclave.internal;

import java.security.GeneralSecurityException;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.protocol.ChunkHeader;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.RrSamples;

/**
 * How one mode reads chunks and writes results. The window logic ({@link WindowProcessor}) is the
 * same in every mode, so the modes differ only here: sealed chunks and Tink in the enclave, clear
 * bytes in plain mode.
 */
public interface WindowCrypto {
  /** A parsed chunk: its clear routing header and whatever {@link PatientCrypto#open} needs. */
  final class ParsedChunk {
    final ChunkHeader header;
    final Object body;

    public ParsedChunk(ChunkHeader header, Object body) {
      this.header = header;
      this.body = body;
    }
  }

  /** A chunk refused for a reason; carries no message, since it is only counted. */
  final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;
    final RejectReason reason;

    public Rejected(RejectReason reason) {
      super(reason.name(), null, false, false);
      this.reason = reason;
    }
  }

  ParsedChunk parse(byte[] bytes) throws MalformedEnvelopeException;

  /** The patient's keys in this mode, or null when the enclave holds none. */
  PatientCrypto forPatient(String patient);

  /** What the mode does with one patient's chunks and results. */
  interface PatientCrypto {
    /**
     * @throws Rejected with AUTHENTICATION_FAILED or INCONSISTENT_CONTENT
     */
    RrSamples open(ParsedChunk chunk) throws Rejected;

    byte[] sealResult(ResultHeader header, byte[] body) throws GeneralSecurityException;

    /** Whether the patient's analysis policy allows {@code job} on windows of this length. */
    boolean allows(String job, long windowMillis);

    /**
     * The attestation kind results of this patient carry: the evidence kind the key broker verified
     * when it released the keys ("NONE" in plain mode).
     */
    String attestationKind();
  }
}
