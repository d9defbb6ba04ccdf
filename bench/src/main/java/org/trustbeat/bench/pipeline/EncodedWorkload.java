package org.trustbeat.bench.pipeline;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.trustbeat.protocol.PlainChunk;

/**
 * A {@link Workload}'s chunks as the bytes one mode's landing store holds: {@link PlainChunk}s in
 * clear for {@code plain}, envelopes sealed under each patient's data key otherwise. Made once per
 * workload and reused by every run of that family of modes, so sealing never competes with Spark
 * for the CPU during a measurement.
 */
final class EncodedWorkload {
  private final List<List<byte[]>> files;
  private final long bytes;

  private EncodedWorkload(List<List<byte[]>> files, long bytes) {
    this.files = files;
    this.bytes = bytes;
  }

  static EncodedWorkload of(Workload w, boolean plain, BenchKeys keys)
      throws GeneralSecurityException {
    List<List<byte[]>> files = new ArrayList<>(w.files().size());
    long bytes = 0;
    for (List<BenchChunk> file : w.files()) {
      List<byte[]> out = new ArrayList<>(file.size());
      for (BenchChunk c : file) {
        byte[] e =
            plain
                ? PlainChunk.create(c.patient(), c.sequence(), c.slot(), c.samples()).toBytes()
                : keys.sealer(c.patient())
                    .seal(c.patient(), c.sequence(), c.slot(), c.samples())
                    .toBytes();
        bytes += e.length;
        out.add(e);
      }
      files.add(out);
    }
    return new EncodedWorkload(files, bytes);
  }

  /** The envelopes of each landing file, in order. */
  List<List<byte[]>> files() {
    return files;
  }

  /** Envelope bytes in total (what the landing store holds, without file framing). */
  long bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return "EncodedWorkload{files=" + files.size() + ", bytes=" + bytes + "}";
  }
}
