package org.trustbeat.keybroker;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * The key broker's append-only record of release decisions: one JSON object per line ({@link
 * ReleaseDecision#toJson()}: time, decision, reason, message, evidence_kind (the verified kind once
 * the evidence verified), mrenclave, mrsigner, debug, host_kind (the requester's claim),
 * tcb_status, advisory_ids, patients (asked for), released, refused_patients (each with patient,
 * reason and message), remote, client (certificate subject and fingerprint, or "unauthenticated
 * ADDRESS" on plain HTTP), and for simulation evidence a protection warning).
 *
 * <h2>Security guarantees</h2>
 *
 * The file is opened for appending only, never truncated or rewritten, and each line is forced to
 * the disk before {@link #append} returns; the broker appends before it answers, so no key leaves
 * without a durable record. Lines hold identifiers, never keys, nonces or evidence. Not protected:
 * whoever owns the file can edit it; ship it to write-once storage for tamper evidence.
 * Thread-safe.
 */
public final class AuditLog implements Closeable {
  private final Path file;
  private final FileChannel channel;

  private AuditLog(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** Opens {@code file} for appending, creating it (mode 0600) if needed. */
  public static AuditLog open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    FileChannel channel =
        file.getFileSystem().supportedFileAttributeViews().contains("posix")
            ? FileChannel.open(
                file,
                java.util.Set.of(
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    return new AuditLog(file, channel);
  }

  public Path file() {
    return file;
  }

  /** Appends one line and forces it to the disk. */
  public synchronized void append(ReleaseDecision decision) throws IOException {
    ByteBuffer line = ByteBuffer.wrap((decision.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
    while (line.hasRemaining()) {
      channel.write(line);
    }
    channel.force(false);
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "AuditLog{" + file + "}";
  }
}
