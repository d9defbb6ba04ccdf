package org.trustbeat.app;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Looks for a recording's RR values in files of the untrusted side, in every encoding the code
 * could write them in: the file's own text, Java's text of the value in seconds and in
 * milliseconds, and the 8-byte IEEE doubles of both in either byte order.
 */
final class SampleCanary {
  private SampleCanary() {}

  static void assertNoSample(List<String> rrSecondsLines, List<Path> files) throws IOException {
    Set<String> texts = new LinkedHashSet<>();
    List<byte[]> binaries = new ArrayList<>();
    for (String line : rrSecondsLines) {
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      double s = Double.parseDouble(t);
      for (double v : new double[] {s, s * 1000}) {
        texts.add(Double.toString(v));
        for (ByteOrder o : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
          binaries.add(ByteBuffer.allocate(8).order(o).putDouble(v).array());
        }
      }
      texts.add(t);
    }
    // Short texts ("0.75") occur in any log by chance; the longer ones do not.
    texts.removeIf(t -> t.length() < 7);
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        continue;
      }
      byte[] data = Files.readAllBytes(f);
      String text = new String(data, StandardCharsets.ISO_8859_1);
      for (String t : texts) {
        if (text.contains(t)) {
          fail("sample value " + t + " in " + f);
        }
      }
      for (byte[] b : binaries) {
        if (text.contains(new String(b, StandardCharsets.ISO_8859_1))) {
          fail("a sample value as an 8-byte double in " + f);
        }
      }
    }
  }
}
