package org.trustbeat.enclave.internal;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkOpener;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.ResultSealer;
import org.trustbeat.protocol.RrSamples;

/**
 * The sealed modes: chunks opened with the patient's data AEAD, carries sealed with it under their
 * own associated data, results sealed with the patient's result keyset. Holds the released keys;
 * thread-safe.
 */
final class SealedCrypto implements WindowCrypto {
  private final ProtocolLimits limits;
  private final ChunkOpener opener;
  private final Map<String, Patient> keys = new ConcurrentHashMap<>();

  SealedCrypto(ProtocolLimits limits) {
    this.limits = limits;
    this.opener = ChunkOpener.create(limits);
  }

  /** Adds or replaces a patient's keys; a re-release after rotation still holds the older keys. */
  void install(String patient, PatientKeys patientKeys) throws GeneralSecurityException {
    keys.put(patient, new Patient(patientKeys, ResultSealer.create(patientKeys.resultKeyset(), limits)));
  }

  int patientCount() {
    return keys.size();
  }

  @Override
  public ParsedChunk parse(byte[] bytes) throws MalformedEnvelopeException {
    ChunkEnvelope envelope = ChunkEnvelope.parse(bytes, limits);
    return new ParsedChunk(envelope.header(), envelope);
  }

  @Override
  public PatientCrypto forPatient(String patient) {
    return keys.get(patient);
  }

  private final class Patient implements PatientCrypto {
    private final PatientKeys keys;
    private final ResultSealer sealer;

    Patient(PatientKeys keys, ResultSealer sealer) {
      this.keys = keys;
      this.sealer = sealer;
    }

    @Override
    public RrSamples open(ParsedChunk chunk) throws Rejected {
      ChunkEnvelope envelope = (ChunkEnvelope) chunk.body;
      // A ciphertext whose Tink prefix does not name the header's key was altered; checking it here
      // leaves only "decrypted, but the content contradicts the header" for cause-less failures.
      if (!prefixNames(envelope.ciphertext(), envelope.header().keyId())) {
        throw new Rejected(RejectReason.AUTHENTICATION_FAILED);
      }
      try {
        return opener.open(envelope, keys.dataAead());
      } catch (MalformedEnvelopeException e) {
        throw new Rejected(RejectReason.INCONSISTENT_CONTENT);
      } catch (GeneralSecurityException e) {
        // ChunkOpener wraps Tink's decryption failure; its own range check has no cause.
        throw new Rejected(
            e.getCause() != null ? RejectReason.AUTHENTICATION_FAILED : RejectReason.INCONSISTENT_CONTENT);
      }
    }

    @Override
    public byte[] sealCarry(byte[] carry, byte[] associatedData) throws GeneralSecurityException {
      return keys.dataAead().encrypt(carry, associatedData);
    }

    @Override
    public byte[] openCarry(byte[] sealed, byte[] associatedData) throws GeneralSecurityException {
      return keys.dataAead().decrypt(sealed, associatedData);
    }

    @Override
    public byte[] sealResult(ResultHeader header, byte[] body) throws GeneralSecurityException {
      return sealer.seal(header, body).toBytes();
    }
  }

  private static boolean prefixNames(byte[] ciphertext, int keyId) {
    if (ciphertext.length < 5 || ciphertext[0] != 0x01) {
      return false;
    }
    int id = ((ciphertext[1] & 0xff) << 24) | ((ciphertext[2] & 0xff) << 16)
        | ((ciphertext[3] & 0xff) << 8) | (ciphertext[4] & 0xff);
    return id == keyId;
  }
}
