package org.trustbeat.keybroker;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.testing.LeakScanner;

/** Finds raw AES key bytes of patient keys, in binary, hex or base64, in files or text. */
final class KeyCanary {
  private KeyCanary() {}

  /** The raw key bytes of every key of both keysets. */
  static List<byte[]> rawKeys(PatientKeys keys) {
    List<byte[]> out = new ArrayList<>();
    for (KeysetHandle keyset : List.of(keys.dataKeyset(), keys.resultKeyset())) {
      for (int i = 0; i < keyset.size(); i++) {
        out.add(
            ((AesGcmKey) keyset.getAt(i).getKey())
                .getKeyBytes()
                .toByteArray(InsecureSecretKeyAccess.get()));
      }
    }
    return out;
  }

  /** Names the first file under {@code dir} holding any of the keys in any encoding, or null. */
  static String fileContaining(Path dir, List<byte[]> rawKeys) throws IOException {
    List<String> leaks = scanner(rawKeys).leaksUnder(dir);
    return leaks.isEmpty() ? null : leaks.get(0);
  }

  static boolean textContains(String text, List<byte[]> rawKeys) {
    return !scanner(rawKeys).leaksIn("text", text).isEmpty();
  }

  /** The keys raw, in hex and in base64. */
  private static LeakScanner scanner(List<byte[]> rawKeys) {
    LeakScanner scanner = new LeakScanner();
    for (int i = 0; i < rawKeys.size(); i++) {
      scanner.addKey("aes-key", "key " + i, rawKeys.get(i));
    }
    return scanner;
  }
}
