package org.trustbeat.keybroker;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AesGcmKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.trustbeat.protocol.PatientKeys;

/** Finds raw AES key bytes of patient keys, in binary, hex or base64, in files or text. */
final class KeyCanary {
  private KeyCanary() {}

  /** The raw key bytes of every key of both keysets. */
  static List<byte[]> rawKeys(PatientKeys keys) {
    List<byte[]> out = new ArrayList<>();
    for (KeysetHandle keyset : List.of(keys.dataKeyset(), keys.resultKeyset())) {
      for (int i = 0; i < keyset.size(); i++) {
        out.add(((AesGcmKey) keyset.getAt(i).getKey()).getKeyBytes()
            .toByteArray(InsecureSecretKeyAccess.get()));
      }
    }
    return out;
  }

  /** Names the first file under {@code dir} holding any of the keys in any encoding, or null. */
  static String fileContaining(Path dir, List<byte[]> rawKeys) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        if (fileContentContains(Files.readAllBytes(f), rawKeys)) {
          return f.toString();
        }
      }
    }
    return null;
  }

  static boolean textContains(String text, List<byte[]> rawKeys) {
    return fileContentContains(text.getBytes(StandardCharsets.UTF_8), rawKeys);
  }

  private static boolean fileContentContains(byte[] content, List<byte[]> rawKeys) {
    for (byte[] key : rawKeys) {
      if (contains(content, key)
          || contains(content, HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII))
          || contains(content, Base64.getEncoder().withoutPadding().encodeToString(key)
              .getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
