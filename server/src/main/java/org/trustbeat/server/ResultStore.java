package org.trustbeat.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.trustbeat.protocol.Pseudonym;
import org.trustbeat.server.internal.AtomicFiles;

/**
 * Sealed results on disk, one directory per patient and one file per (window start, algorithm):
 * {@code <root>/<patient>/<window start, epoch ms, 13 digits>-<algorithm>.tbr}.
 *
 * <h2>Security guarantees</h2>
 *
 * Files hold result envelopes only; only the patient side can open them. The store is idempotent:
 * {@link #putIfAbsent} never replaces a file, so a replayed streaming batch (whose enclave run
 * sealed the same result under a fresh nonce) rewrites nothing, and every reader sees exactly one
 * result per window and algorithm.
 */
public final class ResultStore {
  private static final String TMP = ".tmp";

  private final Path root;

  private ResultStore(Path root) {
    this.root = root;
  }

  public static ResultStore open(Path root) throws IOException {
    Path r = root.toAbsolutePath().normalize();
    Files.createDirectories(r.resolve(TMP));
    return new ResultStore(r);
  }

  public Path root() {
    return root;
  }

  /** Where the result of {@code patient}'s window starting at {@code windowStartMillis} goes. */
  public Path pathOf(String patient, long windowStartMillis, String algorithm) {
    Pseudonym.check(patient);
    if (!algorithm.matches("[A-Za-z0-9._-]{1,32}")) {
      throw new IllegalArgumentException(
          "algorithm name must be 1..32 characters of [A-Za-z0-9._-]; use an HrvJob name");
    }
    if (windowStartMillis < 0) {
      throw new IllegalArgumentException("window start must be epoch ms >= 0");
    }
    return root.resolve(patient).resolve(String.format("%013d-%s.tbr", windowStartMillis, algorithm));
  }

  /**
   * Stores a sealed result unless one is already stored for the same patient, window and
   * algorithm.
   *
   * @return the bytes now stored: {@code sealedResult} if this call wrote it, else the earlier ones
   */
  public Stored putIfAbsent(String patient, long windowStartMillis, String algorithm, byte[] sealedResult)
      throws IOException {
    Path target = pathOf(patient, windowStartMillis, algorithm);
    Files.createDirectories(target.getParent());
    if (AtomicFiles.writeIfAbsent(root.resolve(TMP), target, sealedResult)) {
      return new Stored(sealedResult, true);
    }
    return new Stored(Files.readAllBytes(target), false);
  }

  public Optional<byte[]> get(String patient, long windowStartMillis, String algorithm) throws IOException {
    Path p = pathOf(patient, windowStartMillis, algorithm);
    return Files.exists(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
  }

  /** The patients with at least one stored result. */
  public List<String> patients() throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      List<String> out = new ArrayList<>();
      s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.equals(TMP))
          .sorted()
          .forEach(out::add);
      return out;
    }
  }

  /** The stored result files of {@code patient}, in window order. */
  public List<Path> resultFiles(String patient) throws IOException {
    Path dir = root.resolve(Pseudonym.check(patient));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> out = new ArrayList<>();
      s.filter(p -> p.getFileName().toString().endsWith(".tbr")).sorted().forEach(out::add);
      return out;
    }
  }

  @Override
  public String toString() {
    return "ResultStore{root=" + root + "}";
  }

  /** The outcome of {@link #putIfAbsent}: the stored bytes and whether this call wrote them. */
  public static final class Stored {
    private final byte[] bytes;
    private final boolean written;

    Stored(byte[] bytes, boolean written) {
      this.bytes = bytes;
      this.written = written;
    }

    public byte[] bytes() {
      return bytes.clone();
    }

    public boolean written() {
      return written;
    }

    @Override
    public String toString() {
      return "Stored{bytes=" + bytes.length + ", written=" + written + "}";
    }
  }
}
