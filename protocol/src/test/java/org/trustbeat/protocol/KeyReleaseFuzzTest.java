package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Finding 9 of issue 10: crafted plaintexts made {@link KeyRelease#open} throw Tink's unchecked
 * exceptions. HPKE base mode does not authenticate the sender, so anyone holding the enclave's
 * public key can encrypt any plaintext; every one of them must end in {@link
 * MalformedEnvelopeException}. Fixed seed, bounded time, part of the normal build.
 */
class KeyReleaseFuzzTest {
  private static final long SEED = 0x7b_10_09L;
  private static final long BUDGET_NANOS = 3_000_000_000L;
  private static final int MAX_CASES = 20_000;

  @Test
  void craftedPlaintexts_onlyEverThrowMalformedEnvelopeException() throws Exception {
    EnclaveKeyPair enclave = EnclaveKeyPair.generate();
    byte[] nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
    byte[] info =
        Arrays.copyOf(
            "trustbeat.key-release.v2".getBytes(StandardCharsets.US_ASCII), 25 + nonce.length);
    System.arraycopy(nonce, 0, info, 25, nonce.length);
    HybridEncrypt encrypt =
        TinkProtoKeysetFormat.parseKeysetWithoutSecret(enclave.publicKeyBytes())
            .getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);

    PatientKeys alice = PatientKeys.generate();
    PatientKeys bob = PatientKeys.generate().rotate();
    List<byte[]> seeds =
        List.of(
            plaintext(Map.of("alice", PatientKeysFormat.insecureExportCleartext(alice))),
            plaintext(
                Map.of(
                    "alice",
                    PatientKeysFormat.insecureExportCleartext(alice),
                    "bob",
                    PatientKeysFormat.insecureExportCleartext(bob))));
    List<String> secrets = new java.util.ArrayList<>(Fixtures.keyMaterial(alice));
    secrets.addAll(Fixtures.keyMaterial(bob));

    FuzzBudget.Outcome o =
        FuzzBudget.run(
            SEED,
            BUDGET_NANOS,
            MAX_CASES,
            "KeyRelease.open",
            (random, n) -> {
              byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
              try {
                KeyRelease.open(enclave, nonce, encrypt.encrypt(input, info));
                return true;
              } catch (MalformedEnvelopeException expected) {
                Fixtures.assertLeaksNothing(expected, secrets);
                return false;
              } catch (GeneralSecurityException e) {
                return fail(
                    "case "
                        + n
                        + ": a plaintext that decrypts must be refused as malformed,"
                        + " not as "
                        + e.getClass().getName(),
                    e);
              }
            });
    int refused = o.cases() - o.accepted();
    assertTrue(
        refused > o.cases() / 2,
        refused + " of " + o.cases() + " refused; the mutator is too gentle");
  }

  @Test
  void mutatedCiphertexts_onlyEverThrowCheckedExceptions() throws Exception {
    EnclaveKeyPair enclave = EnclaveKeyPair.generate();
    byte[] nonce = new byte[16];
    new SecureRandom().nextBytes(nonce);
    byte[] sealed =
        KeyRelease.seal(
            enclave.publicKeyBytes(),
            nonce,
            "SIMULATION",
            Map.of("alice", ReleasedPatient.of(PatientKeys.generate(), AnalysisPolicy.defaults())));
    Random random = new Random(SEED + 1);
    long deadline = System.nanoTime() + BUDGET_NANOS / 3;
    for (int i = 0; i < 2_000 && System.nanoTime() < deadline; i++) {
      try {
        KeyRelease.open(enclave, nonce, mutate(sealed, random));
      } catch (GeneralSecurityException expected) {
        // Does not open, or opens to something malformed: both are checked.
      } catch (RuntimeException e) {
        fail("unchecked " + e.getClass().getName() + " escaped KeyRelease.open", e);
      }
    }
  }

  /** Serialises a release plaintext the way {@link KeyRelease#seal} does. */
  private static byte[] plaintext(Map<String, byte[]> blobs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'K', 'R', 2});
    out.write(8);
    out.writeBytes("SGX_DCAP".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(ByteBuffer.allocate(4).putInt(blobs.size()).array());
    new java.util.TreeMap<>(blobs)
        .forEach(
            (patient, blob) -> {
              out.write(patient.length());
              out.writeBytes(patient.getBytes(StandardCharsets.US_ASCII));
              out.writeBytes(AnalysisPolicy.defaults().toBytes());
              out.writeBytes(ByteBuffer.allocate(4).putInt(blob.length).array());
              out.writeBytes(blob);
            });
    return out.toByteArray();
  }

  /** One to four edits: bit flips, byte sets, interesting values, cuts, duplications, inserts. */
  static byte[] mutate(byte[] original, Random random) {
    byte[] b = original.clone();
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits; e++) {
      if (b.length == 0) {
        b = new byte[] {(byte) random.nextInt(256)};
        continue;
      }
      int at = random.nextInt(b.length);
      switch (random.nextInt(8)) {
        case 0:
          b[at] ^= (byte) (1 << random.nextInt(8));
          break;
        case 1:
          b[at] = (byte) random.nextInt(256);
          break;
        case 2:
          {
            byte[] interesting = {0, 1, 2, 8, 0x7f, (byte) 0x80, (byte) 0xff, 0x12, 0x1a, 0x22};
            b[at] = interesting[random.nextInt(interesting.length)];
            break;
          }
        case 3:
          b = Arrays.copyOf(b, at);
          break;
        case 4:
          {
            int len = Math.min(b.length - at, 1 + random.nextInt(16));
            byte[] out = Arrays.copyOf(b, b.length + len);
            System.arraycopy(b, at, out, at + len, b.length - at);
            b = out;
            break;
          }
        case 5:
          {
            int len = Math.min(b.length - at, 1 + random.nextInt(16));
            byte[] out = new byte[b.length - len];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(b, at + len, out, at, b.length - at - len);
            b = out;
            break;
          }
        case 6:
          {
            byte[] out = new byte[b.length + 1];
            System.arraycopy(b, 0, out, 0, at);
            out[at] = (byte) random.nextInt(256);
            System.arraycopy(b, at, out, at + 1, b.length - at);
            b = out;
            break;
          }
        default:
          {
            // A Tink protobuf varint is often a length: make it large or small.
            b[at] = (byte) (random.nextBoolean() ? 0x80 | random.nextInt(128) : random.nextInt(4));
            break;
          }
      }
    }
    return b;
  }
}
