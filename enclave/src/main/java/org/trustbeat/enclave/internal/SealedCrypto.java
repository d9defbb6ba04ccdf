package org.trustbeat.enclave.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.protocol.AnalysisPolicy;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkOpener;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.protocol.ReleasedPatient;
import org.trustbeat.protocol.ResultHeader;
import org.trustbeat.protocol.ResultSealer;
import org.trustbeat.protocol.RrSamples;

/**
 * The sealed modes: chunks opened with the patient's data AEAD, results sealed with the patient's
 * result keyset. Holds the released keys, each patient's analysis policy and the evidence kind the
 * key broker verified for the release; thread-safe.
 */
final class SealedCrypto implements WindowCrypto {
  private final ProtocolLimits limits;
  private final ChunkOpener opener;
  private final Map<String, Patient> keys = new ConcurrentHashMap<>();

  SealedCrypto(ProtocolLimits limits) {
    this.limits = limits;
    this.opener = ChunkOpener.create(limits);
  }

  /**
   * Adds or replaces a patient's keys and policy; a re-release after rotation still holds the older
   * keys. Only called with a release the key broker signed.
   */
  void install(String patient, ReleasedPatient released, String evidenceKind)
      throws GeneralSecurityException {
    PatientKeys patientKeys = released.keys();
    keys.put(
        patient,
        new Patient(
            patientKeys,
            released.policy(),
            evidenceKind,
            ResultSealer.create(patientKeys.resultKeyset(), limits)));
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

  /**
   * What the enclave holds per patient: only primitives, not the released keysets. Why: the enclave
   * holds every patient it serves, and Tink's keyset handles and keyset primitives took about 2.7
   * kB of a patient's 3.5 kB (0.8 kB is left); at 100 000 patients they overflowed the enclave
   * JVM's 512 MiB heap (measured with a heap probe, see the README's capacity section).
   */
  private final class Patient implements PatientCrypto {
    private final AnalysisPolicy policy;
    private final String evidenceKind;
    private final ResultSealer sealer;
    private final Map<Integer, Aead> dataKeysById;
    // The keyset's own AEAD, kept only when it has enabled data keys that are not Tink AES-GCM
    // keys (they are not in dataKeysById); null for keysets of PatientKeys.generate().
    private final Aead otherDataKeys;

    Patient(PatientKeys keys, AnalysisPolicy policy, String evidenceKind, ResultSealer sealer)
        throws GeneralSecurityException {
      this.policy = policy;
      this.evidenceKind = evidenceKind;
      this.sealer = sealer;
      this.dataKeysById = aeadPerEnabledKey(keys.dataKeyset());
      this.otherDataKeys =
          enabledKeyCount(keys.dataKeyset()) > dataKeysById.size() ? keys.dataAead() : null;
    }

    @Override
    public RrSamples open(ParsedChunk chunk) throws Rejected {
      ChunkEnvelope envelope = (ChunkEnvelope) chunk.body;
      // A ciphertext whose Tink prefix does not name the header's key was altered; checking it here
      // leaves only "decrypted, but the content contradicts the header" for cause-less failures.
      if (!prefixNames(envelope.ciphertext(), envelope.header().keyId())) {
        throw new Rejected(RejectReason.AUTHENTICATION_FAILED);
      }
      // The header's key id names the one key to try. An id of no AES-GCM key goes to the
      // keyset's AEAD when it has other keys; otherwise no held key has that id, which Tink would
      // also report as a failed decryption.
      Aead aead = dataKeysById.getOrDefault(envelope.header().keyId(), otherDataKeys);
      if (aead == null) {
        throw new Rejected(RejectReason.AUTHENTICATION_FAILED);
      }
      try {
        return opener.open(envelope, aead);
      } catch (MalformedEnvelopeException e) {
        throw new Rejected(RejectReason.INCONSISTENT_CONTENT);
      } catch (GeneralSecurityException e) {
        // ChunkOpener wraps Tink's decryption failure; its own range check has no cause.
        throw new Rejected(
            e.getCause() != null
                ? RejectReason.AUTHENTICATION_FAILED
                : RejectReason.INCONSISTENT_CONTENT);
      }
    }

    @Override
    public byte[] sealResult(ResultHeader header, byte[] body) throws GeneralSecurityException {
      return sealer.seal(header, body).toBytes();
    }

    @Override
    public boolean allows(String job, long windowMillis) {
      return policy.allows(job, windowMillis);
    }

    @Override
    public String attestationKind() {
      return evidenceKind;
    }
  }

  /**
   * Tink's primitive for each enabled AES-GCM key, by key id. A window opens dozens of chunks of
   * one patient; going to the key directly skips the keyset wrapper's prefix lookup on every one.
   * Each primitive still checks its own output prefix.
   */
  private static Map<Integer, Aead> aeadPerEnabledKey(KeysetHandle keyset)
      throws GeneralSecurityException {
    Map<Integer, Aead> byId = new HashMap<>();
    for (int i = 0; i < keyset.size(); i++) {
      KeysetHandle.Entry entry = keyset.getAt(i);
      if (entry.getStatus() == com.google.crypto.tink.KeyStatus.ENABLED
          && entry.getKey() instanceof AesGcmKey) {
        byId.put(entry.getId(), AesGcmJce.create((AesGcmKey) entry.getKey()));
      }
    }
    return Map.copyOf(byId);
  }

  private static int enabledKeyCount(KeysetHandle keyset) {
    int n = 0;
    for (int i = 0; i < keyset.size(); i++) {
      if (keyset.getAt(i).getStatus() == com.google.crypto.tink.KeyStatus.ENABLED) {
        n++;
      }
    }
    return n;
  }

  private static boolean prefixNames(byte[] ciphertext, int keyId) {
    if (ciphertext.length < 5 || ciphertext[0] != 0x01) {
      return false;
    }
    int id =
        ((ciphertext[1] & 0xff) << 24)
            | ((ciphertext[2] & 0xff) << 16)
            | ((ciphertext[3] & 0xff) << 8)
            | (ciphertext[4] & 0xff);
    return id == keyId;
  }
}
