package org.trustbeat.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.trustbeat.hrv.BeatSeries;
import org.trustbeat.hrv.HrvAnalyzer;
import org.trustbeat.hrv.HrvJob;
import org.trustbeat.hrv.HrvJson;
import org.trustbeat.hrv.RrRecordReader;
import org.trustbeat.hrv.WindowResult;
import org.trustbeat.protocol.ChunkSealer;
import org.trustbeat.protocol.ChunkSlot;
import org.trustbeat.protocol.PatientKeys;
import org.trustbeat.protocol.PlainChunk;
import org.trustbeat.protocol.RrSamples;
import org.trustbeat.testing.LeakScanner;
import org.trustbeat.testing.SharedData;

/**
 * A real PhysioNet record, shifted to epoch time and sealed into chunks as a gateway would: the
 * beats of each 10-s slot, at most a given number to a chunk.
 */
public final class RrFixture {
  /** 2023-11-14T22:15:00Z: a multiple of 300 s, so windows line up with the record's. */
  public static final double BASE_EPOCH_SECONDS = 1_700_000_100.0;

  private final BeatSeries shifted;
  private final List<String> fileTokens;

  private RrFixture(BeatSeries shifted, List<String> fileTokens) {
    this.shifted = shifted;
    this.fileTokens = fileTokens;
  }

  /** The first {@code seconds} of nsr001, times shifted by {@link #BASE_EPOCH_SECONDS}. */
  public static RrFixture nsr001(double seconds) throws IOException {
    Path file = nsr001File();
    BeatSeries all = RrRecordReader.read(file, RrRecordReader.Unit.SECONDS);
    // The file holds one RR value per line, so line i is beat i.
    List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    List<Double> t = new ArrayList<>();
    List<Double> rr = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < all.size() && all.time(i) < seconds; i++) {
      t.add(all.time(i) + BASE_EPOCH_SECONDS);
      rr.add(all.rr(i));
      tokens.add(lines.get(i).strip());
    }
    return new RrFixture(
        BeatSeries.of(
            t.stream().mapToDouble(Double::doubleValue).toArray(),
            rr.stream().mapToDouble(Double::doubleValue).toArray()),
        List.copyOf(tokens));
  }

  /** The same beats {@code seconds} later (a multiple of the window keeps windows aligned). */
  public RrFixture shiftedBy(double seconds) {
    double[] t = shifted.times();
    for (int i = 0; i < t.length; i++) {
      t[i] += seconds;
    }
    return new RrFixture(BeatSeries.of(t, shifted.rrMs()), fileTokens);
  }

  /** The first beats' lines of the record file, as a file of their own for a replay. */
  public Path writeRecordFile(Path file) throws IOException {
    Files.write(file, fileTokens, StandardCharsets.US_ASCII);
    return file;
  }

  /**
   * The whole-series analysis without the beats of chunk {@code victim} (of {@link #seal}'s
   * chunking with {@code maxBeatsPerChunk}): what the enclave gives when that chunk is rejected.
   */
  public List<String> expectedJsonWithoutChunk(
      int victim, int maxBeatsPerChunk, double windowSeconds) {
    int[] range = chunkRanges(maxBeatsPerChunk).get(victim);
    int from = range[0];
    int to = range[1];
    double[] t = new double[shifted.size() - (to - from)];
    double[] rr = new double[t.length];
    for (int i = 0, k = 0; i < shifted.size(); i++) {
      if (i < from || i >= to) {
        t[k] = shifted.time(i);
        rr[k++] = shifted.rr(i);
      }
    }
    List<String> out = new ArrayList<>();
    for (WindowResult w : HrvAnalyzer.windows(BeatSeries.of(t, rr), windowSeconds, HrvJob.HRV)) {
      out.add(HrvJson.toJson(w));
    }
    return out;
  }

  /**
   * The beat index ranges {@code [from, to)} of the chunks, cut as the gateway cuts them: the beats
   * of one epoch-aligned 10-s slot ({@link ChunkSlot#DEFAULT_LENGTH_MILLIS}), at most {@code
   * maxBeatsPerChunk} to a chunk.
   */
  public List<int[]> chunkRanges(int maxBeatsPerChunk) {
    List<int[]> out = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= shifted.size(); i++) {
      if (i == shifted.size()
          || i - from == maxBeatsPerChunk
          || !slotOf(shifted.time(i)).equals(slotOf(shifted.time(from)))) {
        out.add(new int[] {from, i});
        from = i;
      }
    }
    return out;
  }

  /** The gateway's default 10-s slot of a beat. */
  public static ChunkSlot slotOf(double tSeconds) {
    try {
      return ChunkSlot.containing(tSeconds, ChunkSlot.DEFAULT_LENGTH_MILLIS);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private RrSamples samples(int[] range) {
    RrSamples.Builder b = RrSamples.builder();
    for (int j = range[0]; j < range[1]; j++) {
      b.add(shifted.time(j), shifted.rr(j));
    }
    return b.build();
  }

  /** The PhysioNet record file (RR values in seconds, one per line). */
  public static Path nsr001File() {
    return sharedData().resolve("rr/nsr001_rr_secs.txt");
  }

  /** The RR values as the record file writes them, beat by beat. */
  public List<String> fileTokens() {
    return fileTokens;
  }

  /** ../shared/data, found by walking up from the working directory. */
  public static Path sharedData() {
    return SharedData.dir();
  }

  public BeatSeries series() {
    return shifted;
  }

  /** The expected result bodies: HrvJson of the whole-series analysis, window by window. */
  public List<String> expectedJson(double windowSeconds, HrvJob job) {
    List<String> out = new ArrayList<>();
    for (WindowResult w : HrvAnalyzer.windows(shifted, windowSeconds, job)) {
      out.add(HrvJson.toJson(w));
    }
    return out;
  }

  public List<Long> expectedWindowStartsMillis(double windowSeconds) {
    List<Long> out = new ArrayList<>();
    for (WindowResult w : HrvAnalyzer.windows(shifted, windowSeconds, HrvJob.SDNN)) {
      out.add(Math.round(w.windowStart() * 1000));
    }
    return out;
  }

  /**
   * Sealed chunk envelopes as a gateway with {@code maxBeatsPerChunk} makes them ({@link
   * #chunkRanges}), sequence numbers from 0.
   */
  public List<byte[]> seal(String patient, PatientKeys keys, int maxBeatsPerChunk)
      throws GeneralSecurityException {
    ChunkSealer sealer = ChunkSealer.create(keys.dataKeyset());
    List<byte[]> out = new ArrayList<>();
    long seq = 0;
    for (int[] range : chunkRanges(maxBeatsPerChunk)) {
      out.add(
          sealer.seal(patient, seq++, slotOf(shifted.time(range[0])), samples(range)).toBytes());
    }
    return out;
  }

  /**
   * Clear chunks ({@code plain} mode) with the same beats and sequence numbers as {@link #seal}.
   */
  public List<byte[]> plainChunks(String patient, int maxBeatsPerChunk)
      throws GeneralSecurityException {
    List<byte[]> out = new ArrayList<>();
    long seq = 0;
    for (int[] range : chunkRanges(maxBeatsPerChunk)) {
      out.add(
          PlainChunk.create(patient, seq++, slotOf(shifted.time(range[0])), samples(range))
              .toBytes());
    }
    return out;
  }

  /** Every form in which one of the record's samples could leak; see {@link SampleCanaries}. */
  public LeakScanner canaries() {
    return SampleCanaries.of(shifted, fileTokens);
  }
}
