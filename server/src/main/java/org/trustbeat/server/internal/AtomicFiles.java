package org.trustbeat.server.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.UUID;

/**
 * Durable, all-or-nothing file writes: write a temporary file, fsync it, move it into place, fsync
 * the directory. A reader never sees a partial file, and after return the file survives a crash.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes {@code target} (a name that must not exist yet) from {@code data}; returns it. */
  public static Path write(Path tmpDir, Path target, byte[] data) throws IOException {
    return write(tmpDir, target, data, null);
  }

  /**
   * As {@link #write(Path, Path, byte[])}, with the file's modification time set before it becomes
   * visible (a rename keeps it), so a reader never sees another time on it.
   */
  public static Path write(Path tmpDir, Path target, byte[] data, FileTime modified)
      throws IOException {
    Path tmp = writeTemp(tmpDir, data);
    try {
      if (modified != null) {
        Files.setLastModifiedTime(tmp, modified);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(target.getParent());
    return target;
  }

  /**
   * Writes {@code target} only if no file of that name exists, atomically: a hard link fails when
   * the name is taken, so two writers racing for the same name leave exactly one file.
   *
   * @return true if this call created the file, false if it already existed (left untouched)
   */
  public static boolean writeIfAbsent(Path tmpDir, Path target, byte[] data) throws IOException {
    if (Files.exists(target)) {
      return false;
    }
    Path tmp = writeTemp(tmpDir, data);
    try {
      Files.createLink(target, tmp);
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(target.getParent());
    return true;
  }

  private static Path writeTemp(Path tmpDir, byte[] data) throws IOException {
    Files.createDirectories(tmpDir);
    Path tmp = tmpDir.resolve(".tmp-" + UUID.randomUUID());
    try (FileChannel ch =
        FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(data);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  /** Makes the rename durable; a no-op where directories cannot be opened (not on Linux). */
  static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some platforms refuse to open directories; the rename itself is still atomic there.
    }
  }
}
