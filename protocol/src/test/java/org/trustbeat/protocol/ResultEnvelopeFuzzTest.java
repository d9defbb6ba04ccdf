package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bounded-time, fixed-seed fuzzing of the result parsers the patient side runs on bytes from the
 * untrusted host: {@link ResultEnvelope#parse}, {@link ResultEnvelope#parseHeader} and {@link
 * PlainResult#parse} only ever throw {@link MalformedEnvelopeException} and are canonical (what
 * parses serializes back to the same bytes); {@link ResultOpener#open} only {@link
 * GeneralSecurityException}, and never opens altered bytes.
 */
class ResultEnvelopeFuzzTest {
  private static final long SEED = 0x7b_10_05L;
  private static final long BUDGET_NANOS = 1_500_000_000L;
  private static final int MAX_CASES = 30_000;
  private static final String BODY = "{\"window_start\":1700000100,\"sdnn\":" + Fixtures.CANARY_TEXT
      + "}";

  private static PatientKeys alice;
  private static List<byte[]> sealedSeeds;
  private static List<byte[]> plainSeeds;

  @BeforeAll
  static void seeds() throws Exception {
    alice = PatientKeys.generate();
    ResultSealer sealer = ResultSealer.create(alice.resultKeyset());
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    ResultHeader full = ResultHeaderTest.valid().build();
    ResultHeader minimal = ResultHeaderTest.valid().setPatient("a").setJobId("j").setChunksSeen(0)
        .setDuplicatesDropped(0).setSequenceGaps(0).setChunksRejected(0).setContextChunks(0)
        .setSequenceRange(0, 0).build();
    sealedSeeds = List.of(sealer.seal(full, body).toBytes(), sealer.seal(minimal, new byte[0])
        .toBytes());
    plainSeeds = List.of(PlainResult.create(full, body).toBytes(),
        PlainResult.create(minimal, new byte[0]).toBytes());
  }

  @Test
  void resultParsers_onlyEverThrowMalformedEnvelopeException_andAreCanonical() {
    Random random = new Random(SEED);
    long deadline = System.nanoTime() + BUDGET_NANOS;
    int cases = 0;
    int parsed = 0;
    while (cases < MAX_CASES && System.nanoTime() < deadline) {
      boolean plain = random.nextBoolean();
      List<byte[]> seeds = plain ? plainSeeds : sealedSeeds;
      byte[] input = KeyReleaseFuzzTest.mutate(seeds.get(random.nextInt(seeds.size())), random);
      cases++;
      try {
        if (plain) {
          PlainResult r = PlainResult.parse(input);
          assertArrayEquals(input, r.toBytes(), "case " + cases + ": not canonical");
          Fixtures.assertLeaksNoSamples(r);
        } else {
          ResultEnvelope e = ResultEnvelope.parse(input);
          assertArrayEquals(input, e.toBytes(), "case " + cases + ": not canonical");
          assertEquals(e.header(), ResultEnvelope.parseHeader(input));
          Fixtures.assertLeaksNoSamples(e);
        }
        parsed++;
      } catch (MalformedEnvelopeException expected) {
        Fixtures.assertLeaksNoSamples(expected);
      } catch (RuntimeException e) {
        fail("case " + cases + ": unchecked " + e + " escaped the result parser", e);
      }
    }
    assertTrue(cases >= 200, "only " + cases + " cases ran in the time budget");
    assertTrue(parsed > 0 && parsed < cases, parsed + " of " + cases + " parsed");
  }

  @Test
  void opener_onMutatedAuthenticResults_refusesWithCheckedExceptions_andOpensNoAlteredOne() {
    Random random = new Random(SEED + 1);
    long deadline = System.nanoTime() + BUDGET_NANOS;
    int cases = 0;
    while (cases < MAX_CASES && System.nanoTime() < deadline) {
      byte[] seed = sealedSeeds.get(random.nextInt(sealedSeeds.size()));
      byte[] input = KeyReleaseFuzzTest.mutate(seed, random);
      cases++;
      try {
        ResultOpener.create().open(input, alice.resultAead());
        assertArrayEquals(seed, input, "case " + cases + ": altered bytes opened");
      } catch (GeneralSecurityException expected) {
        Fixtures.assertLeaksNoSamples(expected);
      } catch (RuntimeException e) {
        fail("case " + cases + ": unchecked " + e + " escaped ResultOpener.open", e);
      }
    }
    assertTrue(cases >= 200, "only " + cases + " cases ran in the time budget");
  }
}
