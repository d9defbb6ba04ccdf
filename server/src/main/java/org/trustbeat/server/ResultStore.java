package org.trustbeat.server;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.trustbeat.protocol.Pseudonym;
import org.trustbeat.server.internal.AtomicFiles;

/**
 * Sealed results on disk, made durable once per micro-batch: all results a batch stores go into one
 * segment file, {@code <root>/segments/<algorithm>-<batch id, 19 digits>.tbs}, written to a
 * temporary file, synced, and linked into place under its final name (two syncs per batch instead
 * of two per result).
 *
 * <h2>Security guarantees</h2>
 *
 * Segments hold result envelopes and their clear addresses (pseudonym, window start, algorithm);
 * only the patient side can open the envelopes. The store is append-only and idempotent by batch
 * id: {@link #putBatch} never replaces a segment, so a replayed streaming batch (whose enclave run
 * sealed the same results under fresh nonces) stores nothing twice and gets back what the first run
 * stored, and every reader sees exactly one result per window and algorithm — Spark closes a window
 * in exactly one batch id, re-running that id after a failure. A crash leaves either the whole
 * segment or none of it.
 *
 * <p>Reading by patient or window scans the segments' record headers (the patient side gets its
 * results over MQTT; reading the store is for tools and tests).
 */
public final class ResultStore {
  private static final String TMP = ".tmp";
  private static final String SEGMENTS = "segments";
  private static final String SUFFIX = ".tbs";
  private static final byte[] MAGIC = {'T', 'B', 'R', 'S'};
  private static final byte VERSION = 1;

  private final Path root;

  private ResultStore(Path root) {
    this.root = root;
  }

  public static ResultStore open(Path root) throws IOException {
    Path r = root.toAbsolutePath().normalize();
    Files.createDirectories(r.resolve(TMP));
    Files.createDirectories(r.resolve(SEGMENTS));
    return new ResultStore(r);
  }

  public Path root() {
    return root;
  }

  /** The segment file of batch {@code batchId} of {@code algorithm}. */
  public Path segmentOf(String algorithm, long batchId) {
    checkAlgorithm(algorithm);
    if (batchId < 0) {
      throw new IllegalArgumentException("batch id must be >= 0, was " + batchId);
    }
    return root.resolve(SEGMENTS).resolve(String.format("%s-%019d%s", algorithm, batchId, SUFFIX));
  }

  /**
   * Stores one micro-batch's results in one durable segment, unless the batch is already stored.
   *
   * @param results sealed results of {@code algorithm}, at most one per patient and window
   * @return what the store now holds for the batch: {@code results} if this call wrote them, else
   *     what the first run of the batch stored
   */
  public BatchStored putBatch(String algorithm, long batchId, List<StoredResult> results)
      throws IOException {
    Path target = segmentOf(algorithm, batchId);
    TreeSet<String> addresses = new TreeSet<>();
    for (StoredResult r : results) {
      if (!r.algorithm().equals(algorithm)) {
        throw new IllegalArgumentException(
            "result of algorithm "
                + r.algorithm()
                + " in a batch of "
                + algorithm
                + "; store each algorithm's batch on its own");
      }
      if (!addresses.add(r.patient() + "/" + r.windowStartMillis())) {
        throw new IllegalArgumentException(
            "two results for patient "
                + r.patient()
                + ", window "
                + r.windowStartMillis()
                + " in batch "
                + batchId
                + "; a window closes once");
      }
    }
    if (!results.isEmpty()
        && AtomicFiles.writeIfAbsent(root.resolve(TMP), target, encode(batchId, results))) {
      return new BatchStored(List.copyOf(results), true);
    }
    if (Files.exists(target)) {
      return new BatchStored(read(target), false);
    }
    return new BatchStored(List.of(), results.isEmpty());
  }

  /** The results batch {@code batchId} of {@code algorithm} stored (empty if it stored none). */
  public List<StoredResult> batch(String algorithm, long batchId) throws IOException {
    Path p = segmentOf(algorithm, batchId);
    return Files.exists(p) ? read(p) : List.of();
  }

  public Optional<byte[]> get(String patient, long windowStartMillis, String algorithm)
      throws IOException {
    Pseudonym.check(patient);
    for (StoredResult r : results(patient)) {
      if (r.windowStartMillis() == windowStartMillis && r.algorithm().equals(algorithm)) {
        return Optional.of(r.sealedResult());
      }
    }
    return Optional.empty();
  }

  /** The patients with at least one stored result, sorted. */
  public List<String> patients() throws IOException {
    TreeSet<String> out = new TreeSet<>();
    for (StoredResult r : all()) {
      out.add(r.patient());
    }
    return new ArrayList<>(out);
  }

  /** The stored results of {@code patient}, in window order (then algorithm). */
  public List<StoredResult> results(String patient) throws IOException {
    Pseudonym.check(patient);
    List<StoredResult> out = new ArrayList<>();
    for (StoredResult r : all()) {
      if (r.patient().equals(patient)) {
        out.add(r);
      }
    }
    out.sort(
        Comparator.comparingLong(StoredResult::windowStartMillis)
            .thenComparing(StoredResult::algorithm));
    return out;
  }

  /** Every stored result, segment by segment. */
  public List<StoredResult> all() throws IOException {
    List<StoredResult> out = new ArrayList<>();
    for (Path segment : segments()) {
      out.addAll(read(segment));
    }
    return out;
  }

  /** The segment files, in name order (algorithm, then batch). */
  public List<Path> segments() throws IOException {
    try (Stream<Path> s = Files.list(root.resolve(SEGMENTS))) {
      return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
  }

  @Override
  public String toString() {
    return "ResultStore{root=" + root + "}";
  }

  private static void checkAlgorithm(String algorithm) {
    if (algorithm == null || !algorithm.matches("[A-Za-z0-9._-]{1,32}")) {
      throw new IllegalArgumentException(
          "algorithm name must be 1..32 characters of [A-Za-z0-9._-]; use an HrvJob name");
    }
  }

  private static byte[] encode(long batchId, List<StoredResult> results) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC);
    out.writeByte(VERSION);
    out.writeLong(batchId);
    out.writeInt(results.size());
    for (StoredResult r : results) {
      byte[] patient = r.patient().getBytes(StandardCharsets.UTF_8);
      byte[] algorithm = r.algorithm().getBytes(StandardCharsets.US_ASCII);
      out.writeShort(patient.length);
      out.write(patient);
      out.writeLong(r.windowStartMillis());
      out.writeByte(algorithm.length);
      out.write(algorithm);
      out.writeInt(r.sealed.length);
      out.write(r.sealed);
    }
    out.flush();
    return bytes.toByteArray();
  }

  private static List<StoredResult> read(Path segment) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(segment));
    try {
      byte[] magic = new byte[MAGIC.length];
      in.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC) || in.get() != VERSION) {
        throw new IOException(
            "result segment "
                + segment.getFileName()
                + " is not a version-"
                + VERSION
                + " TrustBeat segment; move it out of "
                + segment.getParent());
      }
      in.getLong();
      int n = in.getInt();
      if (n < 0 || n > in.remaining()) {
        throw new IOException(
            "result segment " + segment.getFileName() + " claims " + n + " results");
      }
      List<StoredResult> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String patient = new String(bytes(in, in.getShort() & 0xffff), StandardCharsets.UTF_8);
        long start = in.getLong();
        String algorithm = new String(bytes(in, in.get() & 0xff), StandardCharsets.US_ASCII);
        out.add(new StoredResult(patient, start, algorithm, bytes(in, in.getInt())));
      }
      return out;
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new IOException(
          "result segment "
              + segment.getFileName()
              + " is truncated or damaged;"
              + " restore it from a backup or move it out of "
              + segment.getParent(),
          e);
    }
  }

  private static byte[] bytes(ByteBuffer in, int n) {
    if (n < 0 || n > in.remaining()) {
      throw new BufferUnderflowException();
    }
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }

  /** One stored sealed result and its clear address. Immutable; toString prints sizes only. */
  public static final class StoredResult {
    private final String patient;
    private final long windowStartMillis;
    private final String algorithm;
    private final byte[] sealed;

    private StoredResult(String patient, long windowStartMillis, String algorithm, byte[] sealed) {
      this.patient = patient;
      this.windowStartMillis = windowStartMillis;
      this.algorithm = algorithm;
      this.sealed = sealed;
    }

    /**
     * @throws IllegalArgumentException if an address part is unusable as a store address
     */
    public static StoredResult of(
        String patient, long windowStartMillis, String algorithm, byte[] sealedResult) {
      Pseudonym.check(patient);
      checkAlgorithm(algorithm);
      if (windowStartMillis < 0) {
        throw new IllegalArgumentException("window start must be epoch ms >= 0");
      }
      if (sealedResult == null || sealedResult.length == 0) {
        throw new IllegalArgumentException(
            "sealed result is empty; store only results the enclave sealed");
      }
      return new StoredResult(patient, windowStartMillis, algorithm, sealedResult.clone());
    }

    public String patient() {
      return patient;
    }

    public long windowStartMillis() {
      return windowStartMillis;
    }

    public String algorithm() {
      return algorithm;
    }

    public byte[] sealedResult() {
      return sealed.clone();
    }

    @Override
    public String toString() {
      return "StoredResult{patient="
          + patient
          + ", start="
          + windowStartMillis
          + ", algorithm="
          + algorithm
          + ", bytes="
          + sealed.length
          + "}";
    }
  }

  /**
   * The outcome of {@link #putBatch}: the batch's stored results and whether this call wrote them.
   */
  public static final class BatchStored {
    private final List<StoredResult> results;
    private final boolean written;

    BatchStored(List<StoredResult> results, boolean written) {
      this.results = results;
      this.written = written;
    }

    public List<StoredResult> results() {
      return results;
    }

    public boolean written() {
      return written;
    }

    @Override
    public String toString() {
      return "BatchStored{results=" + results.size() + ", written=" + written + "}";
    }
  }
}
