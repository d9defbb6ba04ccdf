package org.trustbeat.enclave.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import org.junit.jupiter.api.Test;
import org.trustbeat.enclave.RejectReason;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.protocol.RrSamples;

class SealedCryptoTest {
  private static final String PATIENT = "p-7f3a";

  private static RrSamples samples() {
    return RrSamples.builder().add(1_700_000_000.0, 812.0).add(1_700_000_000.8, 798.5).build();
  }

  private static SealedCrypto holding(PatientKeys keys) throws Exception {
    SealedCrypto crypto = new SealedCrypto(ProtocolLimits.defaults());
    crypto.install(
        PATIENT,
        org.trustbeat.protocol.ReleasedPatient.of(
            keys, org.trustbeat.protocol.AnalysisPolicy.defaults()),
        "SIMULATION");
    return crypto;
  }

  private static RrSamples open(SealedCrypto crypto, byte[] chunk) throws Exception {
    return crypto.forPatient(PATIENT).open(crypto.parse(chunk));
  }

  @Test
  void chunkSealedUnderPatientKey_opensToSameSamples() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    byte[] chunk = ChunkSealer.create(keys.dataKeyset()).seal(PATIENT, 0, samples()).toBytes();

    assertEquals(samples(), open(holding(keys), chunk));
  }

  @Test
  void chunkSealedBeforeRotation_stillOpensAfterIt() throws Exception {
    PatientKeys old = PatientKeys.generate();
    byte[] before = ChunkSealer.create(old.dataKeyset()).seal(PATIENT, 0, samples()).toBytes();
    PatientKeys rotated = old.rotate();
    byte[] after = ChunkSealer.create(rotated.dataKeyset()).seal(PATIENT, 1, samples()).toBytes();
    SealedCrypto crypto = holding(rotated);

    assertEquals(samples(), open(crypto, before));
    assertEquals(samples(), open(crypto, after));
  }

  @Test
  void chunkSealedUnderKeyNotHeld_isRejectedAsUnauthentic() throws Exception {
    PatientKeys held = PatientKeys.generate();
    PatientKeys other = PatientKeys.generate();
    byte[] chunk = ChunkSealer.create(other.dataKeyset()).seal(PATIENT, 0, samples()).toBytes();

    WindowCrypto.Rejected e =
        assertThrows(WindowCrypto.Rejected.class, () -> open(holding(held), chunk));
    assertEquals(RejectReason.AUTHENTICATION_FAILED, e.reason);
  }

  @Test
  void flippedCiphertextByte_isRejectedAsUnauthentic() throws Exception {
    PatientKeys keys = PatientKeys.generate();
    byte[] chunk = ChunkSealer.create(keys.dataKeyset()).seal(PATIENT, 0, samples()).toBytes();
    chunk[chunk.length - 3] ^= 0x01;

    WindowCrypto.Rejected e =
        assertThrows(WindowCrypto.Rejected.class, () -> open(holding(keys), chunk));
    assertEquals(RejectReason.AUTHENTICATION_FAILED, e.reason);
  }

  @Test
  void chunkSealedUnderNonAesGcmDataKey_stillOpens() throws Exception {
    // Only AES-GCM keys get a direct primitive; a keyset with another AEAD keeps its own.
    KeysetHandle chacha = KeysetHandle.generateNew(PredefinedAeadParameters.CHACHA20_POLY1305);
    PatientKeys keys = PatientKeys.of(chacha, PatientKeys.generate().resultKeyset());
    byte[] chunk = ChunkSealer.create(keys.dataKeyset()).seal(PATIENT, 0, samples()).toBytes();

    assertEquals(samples(), open(holding(keys), chunk));
  }

  @Test
  void patientWithoutReleasedKeys_hasNoCrypto() throws Exception {
    assertNull(holding(PatientKeys.generate()).forPatient("p-unknown"));
  }
}
