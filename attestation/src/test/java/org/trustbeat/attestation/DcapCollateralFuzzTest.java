package org.trustbeat.attestation;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.trustbeat.attestation.testing.SgxTestData;
import org.trustbeat.attestation.testing.SyntheticCollateral;

/**
 * Bounded-time, fixed-seed fuzzing of the collateral parser and of quote verification with the
 * parsed collateral: whatever the bytes, only {@link QuoteVerificationException} may escape.
 * Mutations act on the raw file, on the signed JSON texts inside it, on the CRLs' DER and on the
 * issuer chains' PEM, so each layer's parser sees inputs that pass the layers above it.
 */
class DcapCollateralFuzzTest {
  private static final long SEED = 0x1a_0001L;
  private static final long BUDGET_NANOS = 3_000_000_000L;
  private static final String[] TEXT_FIELDS = {
    "tcb_info", "qe_identity", "tcb_info_issuer_chain", "qe_identity_issuer_chain"
  };
  private static final String[] HEX_FIELDS = {
    "pck_crl", "root_ca_crl", "tcb_info_signature", "qe_identity_signature"
  };

  /** Tokens that stress a JSON reader: wrong types, huge, negative and fractional numbers. */
  private static final String[] JSON_TOKENS = {
    "null",
    "true",
    "[]",
    "{}",
    "\"\"",
    "-1",
    "0",
    "1e400",
    "99999999999999999999",
    "3.5",
    "\"UpToDate\"",
    "\"Revoked\"",
    "\"2025-13-45T99:00:00Z\"",
    "\"zz\"",
    "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]",
    "\"\\u0000\"",
    ",",
    ":",
    "\"tcbLevels\""
  };

  @Test
  void parserAndVerifier_onlyEverThrowQuoteVerificationException() throws Exception {
    byte[] original = SgxTestData.phalaCollateral();
    ObjectNode tree = SyntheticCollateral.tree(original);
    byte[] quote = SgxTestData.phalaQuote();
    Instant at = SgxTestData.PHALA_VALID_AT;

    Random random = new Random(SEED);
    long deadline = System.nanoTime() + BUDGET_NANOS;
    int cases = 0;
    int parsed = 0;
    while ((cases < 200 || System.nanoTime() < deadline) && cases < 50_000) {
      byte[] input = mutate(original, tree, random);
      cases++;
      DcapCollateral collateral;
      try {
        collateral = DcapCollateral.parse(input);
      } catch (QuoteVerificationException expected) {
        continue;
      } catch (RuntimeException e) {
        fail("case " + cases + ": unchecked " + e + " escaped DcapCollateral.parse", e);
        return;
      }
      parsed++;
      assertTrue(collateral.toString().startsWith("DcapCollateral{"));
      try {
        DcapQuoteVerifier.builder().collateral(collateral).at(at).build().verifyQuote(quote);
      } catch (QuoteVerificationException expected) {
        // Refused with a reason: fine.
      } catch (GeneralSecurityException | RuntimeException e) {
        fail(
            "case "
                + cases
                + ": "
                + e
                + " escaped verification instead of a"
                + " QuoteVerificationException",
            e);
      }
    }
    assertTrue(parsed > 0 && parsed < cases, parsed + " of " + cases + " parsed");
  }

  private static byte[] mutate(byte[] original, ObjectNode tree, Random random) throws Exception {
    switch (random.nextInt(4)) {
      case 0:
        return mutateBytes(original, random);
      case 1:
        {
          ObjectNode copy = tree.deepCopy();
          String field = TEXT_FIELDS[random.nextInt(TEXT_FIELDS.length)];
          String text = copy.get(field).textValue();
          copy.put(
              field,
              random.nextBoolean()
                  ? new String(
                      mutateBytes(text.getBytes(StandardCharsets.UTF_8), random),
                      StandardCharsets.UTF_8)
                  : spliceToken(text, random));
          return SyntheticCollateral.json(copy);
        }
      case 2:
        {
          ObjectNode copy = tree.deepCopy();
          String field = HEX_FIELDS[random.nextInt(HEX_FIELDS.length)];
          byte[] der = HexFormat.of().parseHex(copy.get(field).textValue());
          copy.put(field, HexFormat.of().formatHex(mutateBytes(der, random)));
          return SyntheticCollateral.json(copy);
        }
      default:
        {
          ObjectNode copy = tree.deepCopy();
          List<String> keys =
              List.of(
                  "tcb_info",
                  "qe_identity",
                  "pck_crl",
                  "root_ca_crl",
                  "tcb_info_signature",
                  "tcb_info_issuer_chain");
          String key = keys.get(random.nextInt(keys.size()));
          if (random.nextBoolean()) {
            copy.remove(key);
          } else {
            copy.put(key, random.nextInt(1000));
          }
          return SyntheticCollateral.json(copy);
        }
    }
  }

  /** Replaces the JSON value or punctuation at a random place by a hostile token. */
  private static String spliceToken(String text, Random random) {
    int at = random.nextInt(text.length());
    int end = Math.min(text.length(), at + random.nextInt(12));
    return text.substring(0, at)
        + JSON_TOKENS[random.nextInt(JSON_TOKENS.length)]
        + text.substring(end);
  }

  private static byte[] mutateBytes(byte[] original, Random random) {
    byte[] b = original.clone();
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits && b.length > 0; e++) {
      int at = random.nextInt(b.length);
      switch (random.nextInt(5)) {
        case 0:
          b[at] ^= (byte) (1 << random.nextInt(8));
          break;
        case 1:
          b[at] = (byte) random.nextInt(256);
          break;
        case 2:
          b = Arrays.copyOf(b, at);
          break;
        case 3:
          {
            int len = Math.min(b.length - at, 1 + random.nextInt(32));
            byte[] out = new byte[b.length - len];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(b, at + len, out, at, b.length - at - len);
            b = out;
            break;
          }
        default:
          {
            int len = Math.min(b.length - at, 1 + random.nextInt(32));
            byte[] out = Arrays.copyOf(b, b.length + len);
            System.arraycopy(b, at, out, at + len, b.length - at);
            b = out;
            break;
          }
      }
    }
    return b;
  }
}
