package org.trustbeat.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.trustbeat.protocol.ProtocolLimits;
import org.trustbeat.server.internal.AtomicFiles;
import org.trustbeat.server.internal.LandingFileFormat;

/**
 * The landing store, the paper's "filesystem interface": an append-only directory of batch files
 * that the streaming job reads, each holding chunk envelopes (length-prefixed, see {@link
 * LandingFileFormat}).
 *
 * <p>Layout under the root: {@code incoming/} holds the batch files the job reads ({@code tb-<epoch
 * ms>-<writer>-<counter>.tbl}, a name never reused, so Spark's file source takes each exactly
 * once); {@code quarantine/} holds envelopes the job could not even frame or parse, one file each
 * named by the SHA-256 of its bytes; {@code tmp/} holds files being written.
 *
 * <h2>Security guarantees</h2>
 *
 * None are needed and none are given: everything stored here is ciphertext with clear routing
 * headers, and the enclave authenticates every envelope. What this class does guarantee is
 * durability and atomicity: {@link #append} returns only after the file is fsynced and renamed into
 * place, so a caller may acknowledge the envelopes to their sender, and a reader never sees a
 * partial file.
 */
public final class LandingStore {
  static final String INCOMING = "incoming";
  static final String QUARANTINE = "quarantine";
  static final String TMP = "tmp";

  /** The file-name pattern the streaming job reads; anything else in incoming/ is ignored. */
  public static final String BATCH_GLOB = "*.tbl";

  private final Path root;
  private final String writerId;
  private long lastModificationMillis;
  private final AtomicLong counter = new AtomicLong();

  private LandingStore(Path root) {
    this.root = root;
    this.writerId = String.format("%08x", ThreadLocalRandom.current().nextInt());
  }

  /** Opens (creating if needed) the store under {@code root}. */
  public static LandingStore open(Path root) throws IOException {
    Path r = root.toAbsolutePath().normalize();
    Files.createDirectories(r.resolve(INCOMING));
    Files.createDirectories(r.resolve(QUARANTINE));
    Files.createDirectories(r.resolve(TMP));
    return new LandingStore(r);
  }

  public Path root() {
    return root;
  }

  /** The directory the streaming job reads as its file source. */
  public Path incomingDir() {
    return root.resolve(INCOMING);
  }

  public Path quarantineDir() {
    return root.resolve(QUARANTINE);
  }

  /**
   * Durably writes one batch file holding {@code envelopes}, in order.
   *
   * @return the file, visible to readers only once complete
   * @throws IllegalArgumentException if {@code envelopes} is empty
   */
  public Path append(List<byte[]> envelopes) throws IOException {
    if (envelopes.isEmpty()) {
      throw new IllegalArgumentException(
          "a landing batch needs at least one envelope; skip empty batches");
    }
    String name =
        String.format(
            "tb-%013d-%s-%06d.tbl",
            System.currentTimeMillis(), writerId, counter.getAndIncrement());
    return AtomicFiles.write(
        root.resolve(TMP),
        incomingDir().resolve(name),
        frameBatch(envelopes),
        FileTime.fromMillis(nextModificationMillis()));
  }

  /**
   * Strictly increasing modification times, in milliseconds: Spark's file source orders new files
   * by modification time only, and files of the same millisecond would come in listing order — an
   * earlier batch read after a later one would push the watermark past its chunks.
   */
  private synchronized long nextModificationMillis() {
    lastModificationMillis = Math.max(System.currentTimeMillis(), lastModificationMillis + 1);
    return lastModificationMillis;
  }

  /** The batch files written so far, in name order. */
  public List<Path> batchFiles() throws IOException {
    return list(incomingDir(), ".tbl");
  }

  /**
   * The bytes of a batch file holding {@code envelopes}, as {@link #append} writes them; for tools
   * that prepare batch files elsewhere ({@link #readBatch} is the inverse).
   */
  public static byte[] frameBatch(List<byte[]> envelopes) {
    return LandingFileFormat.encode(envelopes);
  }

  /** Splits the bytes of a batch file into its envelopes (framing only, nothing is checked). */
  public static List<byte[]> readBatch(byte[] file) throws IOException {
    LandingFileFormat.Decoded d =
        LandingFileFormat.decode(file, ProtocolLimits.defaults().maxEnvelopeBytes());
    if (d.unframed() != null) {
      throw new IOException(
          "landing file framing is broken after "
              + d.envelopes().size()
              + " envelopes; the file was altered or not written by LandingStore");
    }
    return d.envelopes();
  }

  /**
   * Keeps bytes that are not a usable envelope for inspection. Idempotent: the file is named by the
   * bytes' SHA-256, so a replayed batch quarantines nothing twice.
   *
   * @return true if these bytes were not quarantined before
   */
  public boolean quarantine(byte[] bytes) throws IOException {
    String name = sha256Hex(bytes) + ".bin";
    return AtomicFiles.writeIfAbsent(root.resolve(TMP), quarantineDir().resolve(name), bytes);
  }

  /** How many distinct byte strings are in quarantine. */
  public long quarantinedCount() throws IOException {
    return list(quarantineDir(), ".bin").size();
  }

  public List<Path> quarantinedFiles() throws IOException {
    return list(quarantineDir(), ".bin");
  }

  private static List<Path> list(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> out = new ArrayList<>();
      s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().forEach(out::add);
      return out;
    }
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "LandingStore{root=" + root + "}";
  }
}
