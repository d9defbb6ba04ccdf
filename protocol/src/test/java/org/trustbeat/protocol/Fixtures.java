package org.trustbeat.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Shared test data: sample runs with recognisable canary values, and secret-leak assertions. */
final class Fixtures {
  /** An RR value no header, id or size could print by accident. */
  static final double CANARY_RR = 1234.56789;

  static final String CANARY_TEXT = "1234.56789";
  static final double T0 = 1_700_000_000.125;

  private Fixtures() {}

  /** Three beats starting at {@link #T0}, the middle one carrying the canary. */
  static RrSamples samples() {
    return RrSamples.of(
        new double[] {T0, T0 + 0.8, T0 + 1.7}, new double[] {812.5, CANARY_RR, 903.25});
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

  /** Fails if the text, or any message in the cause chain of a throwable, contains a canary. */
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
    for (String text : texts) {
      for (String canary : canaries) {
        assertFalse(text.contains(canary), () -> "leaked a secret: " + text);
      }
    }
  }

  static void assertLeaksNoSamples(Object textOrThrowable) {
    assertLeaksNothing(textOrThrowable, List.of(CANARY_TEXT, "812.5", "903.25"));
  }
}
