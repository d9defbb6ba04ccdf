package org.trustbeat.bench.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.trustbeat.protocol.PlainChunk;
import org.trustbeat.server.LandingStore;

/**
 * A {@link Workload}'s chunks as the bytes one mode's landing store holds: {@link PlainChunk}s in
 * clear for {@code plain}, envelopes sealed under each patient's data key otherwise. Made once per
 * workload and reused by every run of that family of modes, so sealing never competes with Spark
 * for the CPU during a measurement.
 *
 * <p>The encoded files wait on disk (one framed batch file per landing file, in a directory of the
 * bench's scratch space), not in the heap: a capacity probe's workload is gigabytes, and the memory
 * it would take belongs to what is measured (Spark's state store, the page cache, the enclave JVM).
 * Reading a file back costs what landing it costs, outside the job.
 */
final class EncodedWorkload {
  private final Path dir;
  private final int files;
  private final long bytes;

  private EncodedWorkload(Path dir, int files, long bytes) {
    this.dir = dir;
    this.files = files;
    this.bytes = bytes;
  }

  /**
   * Encodes {@code w} into {@code dir} (created; it must not hold an older encoding), telling
   * {@code progress} after each file.
   */
  static EncodedWorkload write(
      Workload w, boolean plain, BenchKeys keys, Path dir, Progress progress)
      throws GeneralSecurityException, IOException {
    Files.createDirectories(dir);
    int index = 0;
    long bytes = 0;
    for (List<BenchChunk> file : w.files()) {
      List<byte[]> out = new ArrayList<>(file.size());
      for (BenchChunk c : file) {
        byte[] e = envelope(c, plain, keys);
        bytes += e.length;
        out.add(e);
      }
      Files.write(fileOf(dir, index), LandingStore.frameBatch(out));
      index++;
      progress.encoded(index, w.fileCount(), bytes);
    }
    return new EncodedWorkload(dir, index, bytes);
  }

  /**
   * One chunk as the mode's landing store holds it: in clear, or sealed under its patient's key.
   */
  static byte[] envelope(BenchChunk c, boolean plain, BenchKeys keys)
      throws GeneralSecurityException {
    return plain
        ? PlainChunk.create(c.patient(), c.sequence(), c.slot(), c.samples()).toBytes()
        : keys.sealer(c.patient()).seal(c.patient(), c.sequence(), c.slot(), c.samples()).toBytes();
  }

  /** Told how far an encoding has come. */
  interface Progress {
    void encoded(int files, int of, long envelopeBytes);
  }

  private static Path fileOf(Path dir, int index) {
    return dir.resolve(String.format(Locale.ROOT, "%06d.tbl", index));
  }

  /** How many landing files there are. */
  int fileCount() {
    return files;
  }

  /** The envelopes of landing file {@code index}, in order, read back from disk. */
  List<byte[]> file(int index) throws IOException {
    if (index < 0 || index >= files) {
      throw new IndexOutOfBoundsException("file " + index + " of " + files);
    }
    return LandingStore.readBatch(Files.readAllBytes(fileOf(dir, index)));
  }

  /** Envelope bytes in total (what the landing store holds, without file framing). */
  long bytes() {
    return bytes;
  }

  /** Removes the encoded files. */
  void delete() throws IOException {
    for (int i = 0; i < files; i++) {
      Files.deleteIfExists(fileOf(dir, i));
    }
    Files.deleteIfExists(dir);
  }

  @Override
  public String toString() {
    return "EncodedWorkload{files=" + files + ", bytes=" + bytes + "}";
  }
}
