package org.trustbeat.enclave.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.enclave.EnclaveTesting;
import org.trustbeat.enclave.HostKind;
import org.trustbeat.enclave.WindowBatch;
import org.trustbeat.enclave.WindowOutcome;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.protocol.AnalysisPolicy;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.KeyBrokerSigningKey;
import org.trustbeat.protocol.KeyRelease;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.protocol.ReleasedPatient;
import org.trustbeat.protocol.ResultOpener;
import org.trustbeat.protocol.RrSamples;

/**
 * Key intake under issue 10, finding 6: the host relays releases, so it must not be able to make
 * one, reuse one, or move one between rounds or enclaves. Each attack ends in a refusal that names
 * the problem, and the keys the enclave already holds stay as they were.
 */
class EnclaveProgramTest {
  private static final long W = EnclaveTesting.WINDOW_MS;
  private static final long START = EnclaveTesting.BASE_SECONDS * 1000;

  @TempDir Path dir;
  private EnclaveProgram program;
  private PatientKeys real;

  @BeforeEach
  void provisionRealKeys() throws Exception {
    program =
        EnclaveProgram.start(
            HostKind.SEALED_INPROCESS,
            InsecureSimulationEvidence.create(dir.resolve("sim.key")),
            ProtocolLimits.defaults(),
            EnclaveTesting.KEY_BROKER.verificationKey());
    real = PatientKeys.generate();
    byte[] nonce = EnclaveTesting.nonce();
    program.attest(nonce);
    program.installKeys(nonce, release(nonce, real));
  }

  private byte[] release(byte[] nonce, PatientKeys keys) throws GeneralSecurityException {
    return EnclaveTesting.signedRelease(
        program.publicKey(), nonce, "SIMULATION", Map.of("p1", keys), AnalysisPolicy.defaults());
  }

  /** Seals a window of p1 with {@code sealedWith} and returns the enclave's outcome. */
  private WindowOutcome window(PatientKeys sealedWith) throws Exception {
    ChunkSealer sealer = ChunkSealer.create(sealedWith.dataKeyset());
    List<byte[]> chunks = new java.util.ArrayList<>();
    for (int s = 0; s < 10; s++) {
      double t = START / 1000.0 + s + 0.5;
      chunks.add(
          sealer.seal("p1", s, RrSamples.of(new double[] {t}, new double[] {800 + s})).toBytes());
    }
    return program
        .process(
            WindowBatch.of("job-1", HrvJob.SDNN, List.of(WindowTask.of("p1", START, W, chunks))))
        .get(0);
  }

  /** The enclave still holds exactly the real keys: their chunks open, results open with them. */
  private void assertKeepsRealKeys() throws Exception {
    WindowOutcome o = window(real);
    assertTrue(o.hasResult());
    assertEquals(0, o.rejectedTotal());
    ResultOpener.create().open(o.sealedResult(), real.resultAead());
  }

  @Test
  void hostMadeRelease_sealedToTheEnclaveButUnsigned_isRefused_andTheEnclaveKeepsItsKeys()
      throws Exception {
    // The host attests a round itself and seals its own keys for p1 to the enclave's public key.
    PatientKeys hostKeys = PatientKeys.generate();
    byte[] nonce = EnclaveTesting.nonce();
    program.attest(nonce);
    byte[] hostMade =
        KeyRelease.seal(
            program.publicKey(),
            nonce,
            "SIMULATION",
            Map.of("p1", ReleasedPatient.of(hostKeys, EnclaveTesting.ALL_JOBS)));
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> program.installKeys(nonce, hostMade));
    assertTrue(e.getMessage().contains("no key broker signature"), e.getMessage());
    assertKeepsRealKeys();
    assertEquals(10, window(hostKeys).rejectedTotal(), "the host's keys were not installed");
  }

  @Test
  void releaseSignedByAKeyOtherThanThePinnedBroker_isRefused_andTheEnclaveKeepsItsKeys()
      throws Exception {
    KeyBrokerSigningKey hostSigner = KeyBrokerSigningKey.generate();
    byte[] nonce = EnclaveTesting.nonce();
    program.attest(nonce);
    byte[] forged =
        org.trustbeat.protocol.SignedKeyRelease.seal(
            hostSigner,
            program.publicKey(),
            nonce,
            "SIMULATION",
            Map.of("p1", ReleasedPatient.of(PatientKeys.generate(), EnclaveTesting.ALL_JOBS)));
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> program.installKeys(nonce, forged));
    assertTrue(
        e.getMessage()
            .contains("pins " + EnclaveTesting.KEY_BROKER.verificationKey().shortFingerprint()),
        e.getMessage());
    assertKeepsRealKeys();
  }

  @Test
  void releaseForARoundThisEnclaveNeverOpened_isRefused() throws Exception {
    // Signed by the real broker for this enclave's key, but with a nonce the enclave never
    // attested.
    byte[] foreignRound = EnclaveTesting.nonce();
    byte[] r = release(foreignRound, PatientKeys.generate());
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> program.installKeys(foreignRound, r));
    assertTrue(e.getMessage().contains("no open attestation round"), e.getMessage());
    assertKeepsRealKeys();
  }

  @Test
  void releaseOfAnotherRound_presentedForTheCurrentRound_isRefused() throws Exception {
    byte[] earlier = EnclaveTesting.nonce();
    byte[] current = EnclaveTesting.nonce();
    program.attest(earlier);
    program.attest(current);
    byte[] forEarlier = release(earlier, PatientKeys.generate());
    GeneralSecurityException e =
        assertThrows(
            GeneralSecurityException.class, () -> program.installKeys(current, forEarlier));
    assertTrue(e.getMessage().contains("another enclave or nonce"), e.getMessage());
    assertKeepsRealKeys();
  }

  @Test
  void replayOfAnInstalledRelease_isRefused_soOldKeysCannotComeBackAfterARotation()
      throws Exception {
    byte[] nonce = EnclaveTesting.nonce();
    program.attest(nonce);
    PatientKeys rotated = real.rotate();
    byte[] r = release(nonce, rotated);
    program.installKeys(nonce, r);
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> program.installKeys(nonce, r));
    assertTrue(e.getMessage().contains("no open attestation round"), e.getMessage());
  }

  @Test
  void releaseStatingAnotherEvidenceKind_isRefused() throws Exception {
    byte[] nonce = EnclaveTesting.nonce();
    program.attest(nonce);
    byte[] sgx =
        EnclaveTesting.signedRelease(
            program.publicKey(),
            nonce,
            "SGX_DCAP",
            Map.of("p1", PatientKeys.generate()),
            AnalysisPolicy.defaults());
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> program.installKeys(nonce, sgx));
    assertTrue(e.getMessage().contains("verified SGX_DCAP evidence"), e.getMessage());
    assertKeepsRealKeys();
  }

  @Test
  void onlyTheLatestRoundsStayOpen() throws Exception {
    byte[] oldest = EnclaveTesting.nonce();
    program.attest(oldest);
    for (int i = 0; i < EnclaveProgram.MAX_OPEN_ROUNDS; i++) {
      program.attest(EnclaveTesting.nonce());
    }
    byte[] r = release(oldest, PatientKeys.generate());
    assertThrows(GeneralSecurityException.class, () -> program.installKeys(oldest, r));
  }

  @Test
  void refusals_logIdsAndSizes_neverKeyMaterial() throws Exception {
    StringBuilder log = new StringBuilder();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            log.append(r.getMessage()).append('\n');
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger("org.trustbeat.enclave");
    logger.addHandler(h);
    try {
      PatientKeys hostKeys = PatientKeys.generate();
      byte[] nonce = EnclaveTesting.nonce();
      program.attest(nonce);
      byte[] hostMade =
          KeyRelease.seal(
              program.publicKey(),
              nonce,
              "SIMULATION",
              Map.of("p1", ReleasedPatient.of(hostKeys, AnalysisPolicy.defaults())));
      assertThrows(GeneralSecurityException.class, () -> program.installKeys(nonce, hostMade));
    } finally {
      logger.removeHandler(h);
    }
    assertTrue(log.toString().contains("refused a key release"), log.toString());
    String text = log.toString();
    for (byte[] secret : List.of(program.publicKey())) {
      assertFalse(text.contains(new String(secret, StandardCharsets.ISO_8859_1)));
    }
    assertTrue(text.contains("keeping the keys of the 1 patients held"), text);
  }
}
