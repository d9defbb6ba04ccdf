package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.Aead;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trustbeat.protocol.internal.SampleCodec;

/**
 * Bounded-time, fixed-seed fuzzing of every chunk parser at the trust boundary, from authentic
 * chunks of format version 2 (and a version-1 one): {@link ChunkEnvelope#parse}, {@link
 * ChunkEnvelope#parseHeader} and {@link PlainChunk#parse} only ever throw {@link
 * MalformedEnvelopeException}; {@link ChunkOpener#open} only {@link GeneralSecurityException}, and
 * never opens altered bytes, not even when the alteration is made inside the encryption by a holder
 * of the patient's key (hostile bodies and headers sealed authentically). Parsed bytes are
 * canonical: what parses serializes back to the same bytes.
 */
class ChunkEnvelopeFuzzTest {
  private static final long SEED = 0x7b_10_04L;
  private static final long BUDGET_NANOS = 1_500_000_000L;
  private static final int MAX_CASES = 30_000;

  private static PatientKeys alice;
  private static final List<byte[]> sealedSeeds = new ArrayList<>();
  private static final List<byte[]> plainSeeds = new ArrayList<>();
  private static final List<ProtocolLimits> limits = new ArrayList<>();

  @BeforeAll
  static void seeds() throws Exception {
    alice = PatientKeys.generate();
    ChunkSealer sealer = ChunkSealer.create(alice.dataKeyset());
    ChunkSlot tenSeconds = ChunkSlot.of(1_700_000_000_000L, 10_000);
    for (int beats : new int[] {1, 12, 37, 38}) {
      RrSamples s = beats(tenSeconds, beats);
      sealedSeeds.add(sealer.seal("alice", beats, tenSeconds, s).toBytes());
      plainSeeds.add(PlainChunk.create("alice", beats, tenSeconds, s).toBytes());
    }
    ChunkSlot oneSecond = ChunkSlot.of(1_700_000_000_000L, 1_000);
    sealedSeeds.add(sealer.seal("p".repeat(64), 0, oneSecond, beats(oneSecond, 2)).toBytes());
    // A version-1 envelope, as the old sealer wrote it.
    sealedSeeds.add(
        java.util.HexFormat.of()
            .parseHex(
                "5443"
                    + "01"
                    + "05616c696365"
                    + "0000000000000007"
                    + "0000018bcfe5687d"
                    + "0000018bcfe56f1a"
                    + "01020304"
                    + "00000009"
                    + "010203040506070809"));
    limits.add(ProtocolLimits.defaults());
    limits.add(ProtocolLimits.builder().setMaxEnvelopeBytes(512).build());
    limits.add(ProtocolLimits.builder().setMaxSamplesPerChunk(20).build());
  }

  private static RrSamples beats(ChunkSlot slot, int n) {
    RrSamples.Builder b = RrSamples.builder();
    double step = slot.lengthMillis() / 1000.0 / n;
    for (int i = 0; i < n; i++) {
      b.add(slot.startMillis() / 1000.0 + step * i, i == 0 ? Fixtures.CANARY_RR : 700 + i);
    }
    return b.build();
  }

  @Test
  void envelopeParsers_onlyEverThrowMalformedEnvelopeException() {
    FuzzBudget.run(
            SEED,
            BUDGET_NANOS,
            MAX_CASES,
            "ChunkEnvelope.parse",
            (random, n) -> {
              byte[] input = KeyReleaseFuzzTest.mutate(pick(sealedSeeds, random), random);
              ProtocolLimits l = pick(limits, random);
              try {
                ChunkEnvelope e = ChunkEnvelope.parse(input, l);
                assertArrayEquals(input, e.toBytes(), "case " + n + ": not canonical");
                assertEquals(e.header(), ChunkEnvelope.parseHeader(input, l));
                assertTrue(e.toString().startsWith("ChunkEnvelope{"));
                return true;
              } catch (MalformedEnvelopeException expected) {
                return false; // refused with a reason
              }
            })
        .assertSomeButNotAllAccepted("parsed");
  }

  @Test
  void plainChunkParser_onlyEverThrowsMalformedEnvelopeException_andIsCanonical() {
    FuzzBudget.run(
            SEED + 1,
            BUDGET_NANOS,
            MAX_CASES,
            "PlainChunk.parse",
            (random, n) -> {
              byte[] input = KeyReleaseFuzzTest.mutate(pick(plainSeeds, random), random);
              ProtocolLimits l = pick(limits, random);
              try {
                PlainChunk c = PlainChunk.parse(input, l);
                assertArrayEquals(input, c.toBytes(), "case " + n + ": not canonical");
                c.samplesWithinSlot();
                assertTrue(c.toString().startsWith("PlainChunk{"));
                return true;
              } catch (MalformedEnvelopeException expected) {
                return false; // refused with a reason
              }
            })
        .assertSomeButNotAllAccepted("parsed");
  }

  @Test
  void opener_onMutatedAuthenticEnvelopes_refusesWithCheckedExceptions_andOpensNoAlteredOne() {
    FuzzBudget.run(
        SEED + 2,
        BUDGET_NANOS,
        MAX_CASES,
        "ChunkOpener.open",
        (random, n) -> {
          byte[] seed = pick(sealedSeeds, random);
          byte[] input = KeyReleaseFuzzTest.mutate(seed, random);
          try {
            ChunkOpener.create(pick(limits, random)).open(input, alice.dataAead());
            assertArrayEquals(seed, input, "case " + n + ": altered bytes opened");
            return true;
          } catch (GeneralSecurityException expected) {
            Fixtures.assertLeaksNoSamples(expected);
            return false;
          }
        });
  }

  /**
   * What a holder of the patient's key could send: any header bytes and any sample block, sealed
   * authentically. The opener must still refuse all but well-formed, padded, in-slot chunks.
   */
  @Test
  void opener_onHostileButAuthenticHeadersAndBodies_onlyEverThrowsCheckedExceptions()
      throws Exception {
    Aead aead = alice.dataAead();
    ChunkEnvelope genuine = ChunkEnvelope.parse(sealedSeeds.get(1));
    byte[] header = genuine.associatedData();
    byte[] body = SampleCodec.encode(beats(genuine.header().slot(), 12), 37);
    FuzzBudget.run(
            SEED + 3,
            BUDGET_NANOS,
            MAX_CASES,
            "ChunkOpener.open",
            (random, n) -> {
              byte[] h =
                  random.nextInt(4) == 0 ? KeyReleaseFuzzTest.mutate(header, random) : header;
              byte[] b = random.nextInt(8) == 0 ? body : KeyReleaseFuzzTest.mutate(body, random);
              ChunkHeader parsedHeader;
              try {
                parsedHeader = ChunkEnvelope.parse(withLength(h, 0)).header();
              } catch (MalformedEnvelopeException e) {
                return false; // a header that does not parse cannot even be framed
              }
              try {
                byte[] ciphertext = aead.encrypt(b, parsedHeader.toBytes());
                RrSamples s =
                    ChunkOpener.create(pick(limits, random))
                        .open(ChunkEnvelope.create(parsedHeader, ciphertext), aead);
                for (int i = 0; i < s.size(); i++) {
                  assertTrue(parsedHeader.slot().contains(s.tSeconds(i)), "case " + n);
                }
                return true;
              } catch (GeneralSecurityException expected) {
                Fixtures.assertLeaksNoSamples(expected);
                return false;
              }
            })
        .assertSomeButNotAllAccepted("opened");
  }

  /** Header bytes framed with an empty ciphertext, to parse a header alone. */
  private static byte[] withLength(byte[] header, int ciphertextLength) {
    byte[] out = Arrays.copyOf(header, header.length + 4);
    java.nio.ByteBuffer.wrap(out).putInt(header.length, ciphertextLength);
    return out;
  }

  private static <T> T pick(List<T> list, Random random) {
    return list.get(random.nextInt(list.size()));
  }
}
