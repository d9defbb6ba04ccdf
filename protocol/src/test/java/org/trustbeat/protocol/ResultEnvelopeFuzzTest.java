package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
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
  private static final String BODY =
      "{\"window_start\":1700000100,\"sdnn\":" + Fixtures.CANARY_TEXT + "}";

  private static PatientKeys alice;
  private static List<byte[]> sealedSeeds;
  private static List<byte[]> plainSeeds;

  @BeforeAll
  static void seeds() throws Exception {
    alice = PatientKeys.generate();
    ResultSealer sealer = ResultSealer.create(alice.resultKeyset());
    byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
    ResultHeader full = ResultHeaderTest.valid().build();
    ResultHeader minimal =
        ResultHeaderTest.valid()
            .setPatient("a")
            .setJobId("j")
            .setChunksSeen(0)
            .setDuplicatesDropped(0)
            .setSequenceGaps(0)
            .setChunksRejected(0)
            .setContextChunks(0)
            .setSequenceRange(0, 0)
            .build();
    sealedSeeds =
        List.of(sealer.seal(full, body).toBytes(), sealer.seal(minimal, new byte[0]).toBytes());
    plainSeeds =
        List.of(
            PlainResult.create(full, body).toBytes(),
            PlainResult.create(minimal, new byte[0]).toBytes());
  }

  @Test
  void resultParsers_onlyEverThrowMalformedEnvelopeException_andAreCanonical() {
    FuzzBudget.run(
            SEED,
            BUDGET_NANOS,
            MAX_CASES,
            "the result parser",
            (random, n) -> {
              boolean plain = random.nextBoolean();
              List<byte[]> seeds = plain ? plainSeeds : sealedSeeds;
              byte[] input =
                  KeyReleaseFuzzTest.mutate(seeds.get(random.nextInt(seeds.size())), random);
              try {
                if (plain) {
                  PlainResult r = PlainResult.parse(input);
                  assertArrayEquals(input, r.toBytes(), "case " + n + ": not canonical");
                  Fixtures.assertLeaksNoSamples(r);
                } else {
                  ResultEnvelope e = ResultEnvelope.parse(input);
                  assertArrayEquals(input, e.toBytes(), "case " + n + ": not canonical");
                  assertEquals(e.header(), ResultEnvelope.parseHeader(input));
                  Fixtures.assertLeaksNoSamples(e);
                }
                return true;
              } catch (MalformedEnvelopeException expected) {
                Fixtures.assertLeaksNoSamples(expected);
                return false;
              }
            })
        .assertSomeButNotAllAccepted("parsed");
  }

  @Test
  void opener_onMutatedAuthenticResults_refusesWithCheckedExceptions_andOpensNoAlteredOne() {
    FuzzBudget.run(
        SEED + 1,
        BUDGET_NANOS,
        MAX_CASES,
        "ResultOpener.open",
        (random, n) -> {
          byte[] seed = sealedSeeds.get(random.nextInt(sealedSeeds.size()));
          byte[] input = KeyReleaseFuzzTest.mutate(seed, random);
          try {
            ResultOpener.create().open(input, alice.resultAead());
            assertArrayEquals(seed, input, "case " + n + ": altered bytes opened");
            return true;
          } catch (GeneralSecurityException expected) {
            Fixtures.assertLeaksNoSamples(expected);
            return false;
          }
        });
  }
}
