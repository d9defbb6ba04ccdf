package org.trustbeat.edge;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A bounded on-disk queue of sealed chunk envelopes, one file per chunk named by its sequence
 * number ({@code 00000000000000000042.chunk}), oldest first. When adding a chunk would pass the
 * byte bound, the oldest chunks are dropped (never the one being sent). Thread-safe.
 *
 * <p>Files are written to a temporary name and renamed, so a crash never leaves half a chunk under
 * a real name. The files hold envelopes only (ciphertext and clear routing headers).
 */
final class ChunkSpool {
  private static final String SUFFIX = ".chunk";

  private final Path directory;
  private final long maxBytes;
  private final TreeMap<Long, Long> sizes = new TreeMap<>();
  private long totalBytes;

  /** What {@link #add} had to drop to make room. */
  record Dropped(long count, long bytes, long firstSeq, long lastSeq) {
    static final Dropped NONE = new Dropped(0, 0, -1, -1);
  }

  ChunkSpool(Path directory, long maxBytes) throws IOException {
    this.directory = directory;
    this.maxBytes = maxBytes;
    Files.createDirectories(directory);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(".tmp")) {
          Files.deleteIfExists(f);
        } else if (name.endsWith(SUFFIX)) {
          long seq = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
          long size = Files.size(f);
          sizes.put(seq, size);
          totalBytes += size;
        }
      }
    }
  }

  /**
   * Stores a chunk, first dropping the oldest chunks other than {@code protectedSeq} while the
   * bound would be passed. A chunk larger than the whole bound is itself dropped.
   */
  synchronized Dropped add(long seq, byte[] envelope, long protectedSeq) throws IOException {
    long count = 0;
    long bytes = 0;
    long first = -1;
    long last = -1;
    if (envelope.length > maxBytes) {
      return new Dropped(1, envelope.length, seq, seq);
    }
    while (totalBytes + envelope.length > maxBytes) {
      Long victim = null;
      for (Long s : sizes.keySet()) {
        if (s != protectedSeq) {
          victim = s;
          break;
        }
      }
      if (victim == null) {
        break;
      }
      long size = sizes.get(victim);
      remove(victim);
      count++;
      bytes += size;
      first = first < 0 ? victim : first;
      last = victim;
    }
    Path tmp = directory.resolve(name(seq) + ".tmp");
    Files.write(tmp, envelope);
    Files.move(tmp, file(seq), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Long old = sizes.put(seq, (long) envelope.length);
    totalBytes += envelope.length - (old == null ? 0 : old);
    return count == 0 ? Dropped.NONE : new Dropped(count, bytes, first, last);
  }

  /** The oldest sequence number held, or -1. */
  synchronized long oldest() {
    return sizes.isEmpty() ? -1 : sizes.firstKey();
  }

  /** The newest sequence number held, or -1. */
  synchronized long newest() {
    return sizes.isEmpty() ? -1 : sizes.lastKey();
  }

  synchronized boolean contains(long seq) {
    return sizes.containsKey(seq);
  }

  synchronized byte[] read(long seq) throws IOException {
    return Files.readAllBytes(file(seq));
  }

  synchronized void remove(long seq) throws IOException {
    Long size = sizes.remove(seq);
    if (size != null) {
      totalBytes -= size;
      Files.deleteIfExists(file(seq));
    }
  }

  synchronized int size() {
    return sizes.size();
  }

  synchronized long bytes() {
    return totalBytes;
  }

  synchronized List<Long> sequenceNumbers() {
    return new ArrayList<>(sizes.keySet());
  }

  long maxBytes() {
    return maxBytes;
  }

  private Path file(long seq) {
    return directory.resolve(name(seq) + SUFFIX);
  }

  private static String name(long seq) {
    return String.format("%020d", seq);
  }

  @Override
  public synchronized String toString() {
    return "ChunkSpool{chunks=" + sizes.size() + ", bytes=" + totalBytes + "/" + maxBytes + "}";
  }
}
