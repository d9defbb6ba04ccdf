package org.trustbeat.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkHeader;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.PlainChunk;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.protocol.RrSamples;

/**
 * Bounded-time, fixed-seed fuzzing of what the untrusted host reads from the landing store: {@link
 * LandingFileFormat#decode} never throws and loses no byte (the envelopes it frames plus its
 * unframed tail are the file), and {@link ChunkExploder} on a mutated landing file of sealed or
 * plain chunks never throws: what does not frame or parse goes to quarantine, and every row it
 * emits is a window its chunk's slot serves.
 */
class LandingFileFuzzTest {
  private static final long SEED = 0x7b_10_0fL;
  private static final long BUDGET_NANOS = 1_500_000_000L;
  private static final long W = 300_000;

  @TempDir static Path tmp;
  private static byte[] sealedFile;
  private static byte[] plainFile;

  @BeforeAll
  static void seeds() throws Exception {
    ChunkSealer sealer = ChunkSealer.create(PatientKeys.generate().dataKeyset());
    List<byte[]> sealed = new ArrayList<>();
    List<byte[]> plain = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      double t = 1_700_000_100.0 + 290 + 10 * i + 0.5; // across a window edge and its context
      RrSamples s = RrSamples.of(new double[] {t, t + 0.8}, new double[] {800, 810});
      sealed.add(sealer.seal("p1", i, s).toBytes());
      plain.add(PlainChunk.create("p1", i, s).toBytes());
    }
    sealedFile = LandingFileFormat.encode(sealed);
    plainFile = LandingFileFormat.encode(plain);
  }

  @Test
  void decode_neverThrows_andFramedPlusUnframedIsTheFile() {
    Random random = new Random(SEED);
    long deadline = System.nanoTime() + BUDGET_NANOS;
    int cases = 0;
    int broken = 0;
    while (cases < 50_000 && (cases < 200 || System.nanoTime() < deadline)) {
      byte[] file = mutate(random.nextBoolean() ? sealedFile : plainFile, random);
      int max = random.nextBoolean() ? ProtocolLimits.defaults().maxEnvelopeBytes() : 300;
      cases++;
      LandingFileFormat.Decoded d;
      try {
        d = LandingFileFormat.decode(file, max);
      } catch (RuntimeException e) {
        fail("case " + cases + ": " + e + " escaped LandingFileFormat.decode", e);
        return;
      }
      boolean framed =
          file.length >= 4 && Arrays.equals(Arrays.copyOf(file, 4), LandingFileFormat.MAGIC);
      ByteArrayOutputStream back = new ByteArrayOutputStream();
      if (framed) {
        back.writeBytes(LandingFileFormat.encode(d.envelopes()));
      } else {
        assertEquals(List.of(), d.envelopes());
      }
      if (d.unframed() != null) {
        broken++;
        back.writeBytes(d.unframed());
      } else if (!framed) {
        assertEquals(0, file.length, "only an empty file has no unframed bytes and no magic");
      }
      assertArrayEquals(file, back.toByteArray(), "case " + cases + ": bytes lost or invented");
      for (byte[] e : d.envelopes()) {
        assertTrue(e.length <= max);
      }
    }
    assertTrue(broken > 0 && broken < cases, broken + " of " + cases + " broken");
  }

  @Test
  void exploder_onMutatedLandingFiles_neverThrows_andEmitsOnlyServedWindows() {
    ChunkExploder sealed = new ChunkExploder(W, tmp.resolve("sealed"), false);
    ChunkExploder plain = new ChunkExploder(W, tmp.resolve("plain"), true);
    Random random = new Random(SEED + 1);
    long deadline = System.nanoTime() + BUDGET_NANOS;
    int cases = 0;
    int rows = 0;
    while (cases < 600 && (cases < 100 || System.nanoTime() < deadline)) {
      boolean isPlain = random.nextBoolean();
      byte[] file = mutate(isPlain ? plainFile : sealedFile, random);
      cases++;
      try {
        var it = (isPlain ? plain : sealed).call(file);
        while (it.hasNext()) {
          ChunkRow row = it.next();
          rows++;
          ChunkHeader h =
              isPlain
                  ? PlainChunk.parse(row.getEnvelope()).header()
                  : ChunkEnvelope.parseHeader(row.getEnvelope());
          ChunkSlot slot = h.slot();
          assertEquals(slot.startMillis(), row.getStartMillis());
          assertEquals(slot.endMillis(), row.getEndMillis());
          assertEquals(slot.endMillis() - 1, row.getEventTime().getTime(), "case " + cases);
        }
      } catch (Exception e) {
        fail("case " + cases + ": " + e + " escaped ChunkExploder.call", e);
      }
    }
    assertTrue(rows > 0, "no row at all");
  }

  @Test
  void emptyFile_isNeitherFramedNorQuarantined() {
    LandingFileFormat.Decoded d = LandingFileFormat.decode(new byte[0], 100);
    assertEquals(List.of(), d.envelopes());
    assertNull(d.unframed());
  }

  /** One to four edits: bit flips, byte sets, extreme lengths, cuts, duplications, deletions. */
  private static byte[] mutate(byte[] original, Random random) {
    byte[] b = original.clone();
    for (int e = 1 + random.nextInt(4); e > 0; e--) {
      if (b.length == 0) {
        return new byte[] {(byte) random.nextInt(256)};
      }
      int at = random.nextInt(b.length);
      switch (random.nextInt(6)) {
        case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
        case 1 -> b[at] = (byte) random.nextInt(256);
        case 2 -> b = Arrays.copyOf(b, at);
        case 3 -> {
          int len = Math.min(b.length - at, 1 + random.nextInt(64));
          byte[] out = Arrays.copyOf(b, b.length + len);
          System.arraycopy(b, at, out, at + len, b.length - at);
          b = out;
        }
        case 4 -> {
          int len = Math.min(b.length - at, 1 + random.nextInt(64));
          byte[] out = new byte[b.length - len];
          System.arraycopy(b, 0, out, 0, at);
          System.arraycopy(b, at + len, out, at, b.length - at - len);
          b = out;
        }
        default -> {
          int[] values = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 20, 30};
          if (at + 4 <= b.length) {
            java.nio.ByteBuffer.wrap(b).putInt(at, values[random.nextInt(values.length)]);
          }
        }
      }
    }
    return b;
  }
}
