package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.trustbeat.testing.LeakScanner;

/** Shared test data: sample runs with recognisable canary values, and secret-leak assertions. */
final class Fixtures {
  /** An RR value no header, id or size could print by accident (every sample text is 6+ chars). */
  static final double CANARY_RR = 1234.56789;

  static final String CANARY_TEXT = "1234.56789";
  static final double T0 = 1_700_000_000.125;

  private Fixtures() {}

  /** Three beats starting at {@link #T0}, the middle one carrying the canary. */
  static RrSamples samples() {
    return RrSamples.of(
        new double[] {T0, T0 + 0.8, T0 + 1.7}, new double[] {812.625, CANARY_RR, 903.25});
  }

  /** Hex and Base64 forms of every raw AES key in the keysets. */
  static List<String> keyMaterial(KeysetHandle... keysets) {
    List<String> out = new ArrayList<>();
    for (KeysetHandle keyset : keysets) {
      for (int i = 0; i < keyset.size(); i++) {
        byte[] raw =
            ((AesGcmKey) keyset.getAt(i).getKey())
                .getKeyBytes()
                .toByteArray(InsecureSecretKeyAccess.get());
        out.add(HexFormat.of().formatHex(raw));
        out.add(Base64.getEncoder().encodeToString(raw));
      }
    }
    return out;
  }

  static List<String> keyMaterial(PatientKeys keys) {
    return keyMaterial(keys.dataKeyset(), keys.resultKeyset());
  }

  /**
   * Fails if the text, or any message in the cause chain of a throwable, contains a canary. The
   * search is {@link LeakScanner}'s, so a failure names the canary by position, never by value;
   * canaries must be at least {@value LeakScanner#MIN_NEEDLE} characters long.
   */
  static void assertLeaksNothing(Object textOrThrowable, List<String> canaries) {
    List<String> texts = new ArrayList<>();
    if (textOrThrowable instanceof Throwable) {
      for (Throwable t = (Throwable) textOrThrowable; t != null; t = t.getCause()) {
        texts.add(String.valueOf(t.getMessage()));
        texts.add(t.toString());
      }
    } else {
      texts.add(String.valueOf(textOrThrowable));
    }
    LeakScanner scanner = new LeakScanner();
    for (int i = 0; i < canaries.size(); i++) {
      scanner.add("canary", "secret " + i, canaries.get(i).getBytes(StandardCharsets.UTF_8));
    }
    List<String> leaks = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      leaks.addAll(scanner.leaksIn("text " + i, texts.get(i)));
    }
    assertEquals(List.of(), leaks, "leaked a secret");
  }

  static void assertLeaksNoSamples(Object textOrThrowable) {
    assertLeaksNothing(textOrThrowable, List.of(CANARY_TEXT, "812.625", "903.25"));
  }
}
