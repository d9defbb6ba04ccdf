package org.trustbeat.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The next chunk sequence number of one patient's stream, kept in a one-line file so a restarted
 * gateway continues the numbering: the enclave treats a reused number as a duplicate and drops it.
 * Written by rename, so the file always holds a complete number.
 */
final class SequenceStore {
  private final Path file;
  private long next;

  SequenceStore(Path file, long atLeast) throws IOException {
    this.file = file;
    long stored = 0;
    if (Files.exists(file)) {
      String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
      try {
        stored = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new IOException(
            file
                + " does not hold a sequence number; restore it from a backup or, to start a new"
                + " stream, remove it together with the spool directory",
            e);
      }
      if (stored < 0) {
        throw new IOException(file + " holds a negative sequence number; restore or remove it");
      }
    }
    next = Math.max(stored, atLeast);
  }

  long peek() {
    return next;
  }

  /** Returns the next number and persists its successor before it is used. */
  long take() throws IOException {
    long seq = next;
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, Long.toString(seq + 1), StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    next = seq + 1;
    return seq;
  }
}
