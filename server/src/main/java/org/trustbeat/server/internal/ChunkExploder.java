package org.trustbeat.server.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.trustbeat.enclave.WindowTask;
import org.trustbeat.protocol.ChunkEnvelope;
import org.trustbeat.protocol.ChunkHeader;
import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.MalformedEnvelopeException;
import org.trustbeat.protocol.PlainChunk;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.server.LandingStore;

/**
 * The parse stage: splits one landing file into its envelopes, reads only their clear headers and
 * emits one {@link ChunkRow} per chunk (the grouped stage works out the windows it serves: those
 * its slot overlaps and those whose 30 s of context it overlaps, HRV-SPEC section 3). Bytes that do
 * not frame or whose header does not parse go to the landing store's quarantine instead of failing
 * the query; so does a chunk whose slot spans more than {@link #MAX_WINDOWS_PER_CHUNK} windows,
 * which a forged header could otherwise use to make one chunk open millions of windows.
 */
public final class ChunkExploder implements FlatMapFunction<byte[], ChunkRow> {
  private static final long serialVersionUID = 1L;

  /** Far above what a sensor chunk spans (the protocol caps a chunk at 32768 beats, ~7 h). */
  public static final int MAX_WINDOWS_PER_CHUNK = 256;

  private final long windowLengthMillis;
  private final String landingRoot;
  private final boolean plainChunks;
  private transient LandingStore landing;

  /**
   * @param plainChunks true in {@code plain} mode, whose chunks are {@link PlainChunk}s in clear
   *     (their own magic, so they never pass for sealed envelopes); false for sealed envelopes
   */
  public ChunkExploder(long windowLengthMillis, Path landingRoot, boolean plainChunks) {
    this.windowLengthMillis = windowLengthMillis;
    this.landingRoot = landingRoot.toAbsolutePath().toString();
    this.plainChunks = plainChunks;
  }

  @Override
  public Iterator<ChunkRow> call(byte[] file) throws IOException {
    LandingFileFormat.Decoded decoded =
        LandingFileFormat.decode(file, ProtocolLimits.defaults().maxEnvelopeBytes());
    if (decoded.unframed() != null) {
      landing().quarantine(decoded.unframed());
    }
    List<ChunkRow> out = new ArrayList<>(decoded.envelopes().size());
    for (byte[] envelope : decoded.envelopes()) {
      ChunkHeader h;
      try {
        h = plainChunks ? PlainChunk.parse(envelope).header() : ChunkEnvelope.parseHeader(envelope);
      } catch (MalformedEnvelopeException e) {
        landing().quarantine(envelope);
        continue;
      }
      ChunkSlot slot = h.slot();
      // Windows start at or after the epoch (WindowTask), so context never reaches below 0.
      long first = Math.max(0, WindowTask.firstWindowServed(slot, windowLengthMillis));
      long last = WindowTask.lastWindowServed(slot, windowLengthMillis);
      if (last - first + 1 > MAX_WINDOWS_PER_CHUNK) {
        landing().quarantine(envelope);
        continue;
      }
      out.add(
          ChunkRow.of(
              h.patient(), h.sequenceNumber(), slot.startMillis(), slot.endMillis(), envelope));
    }
    return out.iterator();
  }

  private LandingStore landing() {
    if (landing == null) {
      try {
        landing = LandingStore.open(Paths.get(landingRoot));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the landing store's quarantine", e);
      }
    }
    return landing;
  }
}
