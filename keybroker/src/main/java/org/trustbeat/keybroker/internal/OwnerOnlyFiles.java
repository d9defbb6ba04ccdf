package org.trustbeat.keybroker.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Crash-safe writes of owner-only files: the bytes go to a temporary file (mode 0600 from its
 * creation, so there is no moment in which another user may open it), are fsynced, and the file is
 * renamed over or linked to the target, after which the directory is fsynced. A reader therefore
 * sees the old content or the new one, never a torn write.
 */
public final class OwnerOnlyFiles {
  private static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwx------");

  private OwnerOnlyFiles() {}

  /** Creates {@code dir} and missing parents; a directory created here is owner-only (0700). */
  public static void createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (isPosix(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
    } else {
      Files.createDirectories(dir);
    }
  }

  /** Atomically replaces {@code target} (or creates it) with {@code bytes}, mode 0600. */
  public static void replace(Path target, byte[] bytes) throws IOException {
    Path tmp = writeTemporary(target, bytes);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(target);
  }

  /**
   * Atomically creates {@code target} with {@code bytes}, mode 0600.
   *
   * @throws FileAlreadyExistsException if it exists, even when another process creates it at the
   *     same moment (a hard link, unlike a rename, never replaces its target)
   */
  public static void createNew(Path target, byte[] bytes) throws IOException {
    Path tmp = writeTemporary(target, bytes);
    try {
      Files.createLink(target, tmp);
    } catch (UnsupportedOperationException e) {
      // File systems without hard links: a plain move refuses an existing target, though not
      // atomically.
      Files.move(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
    syncDirectory(target);
  }

  /** Mode 0600 where the file system has POSIX permissions. */
  public static void restrictToOwner(Path file) throws IOException {
    if (isPosix(file)) {
      Files.setPosixFilePermissions(file, FILE_MODE);
    }
  }

  /** Whether only the owner may read and write {@code file}, or the file system cannot tell. */
  public static boolean isOwnerOnly(Path file) throws IOException {
    if (!isPosix(file)) {
      return true;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    return !perms.contains(PosixFilePermission.GROUP_READ)
        && !perms.contains(PosixFilePermission.GROUP_WRITE)
        && !perms.contains(PosixFilePermission.OTHERS_READ)
        && !perms.contains(PosixFilePermission.OTHERS_WRITE);
  }

  /**
   * Why {@code dir} is not private to its owner — group or others have a permission on it, so they
   * may list it or, with write permission, replace the files in it — naming the {@code chmod} that
   * fixes it; {@code null} when it is private, does not exist, or the file system cannot tell.
   *
   * @param what what the directory holds, for the message (e.g. "key directory")
   */
  public static String sharedDirectoryProblem(Path dir, String what) throws IOException {
    if (!isPosix(dir) || !Files.isDirectory(dir)) {
      return null;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
    boolean shared =
        perms.stream()
            .anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"));
    if (!shared) {
      return null;
    }
    return what
        + " "
        + dir
        + " has mode "
        + PosixFilePermissions.toString(perms)
        + ": other users may list it"
        + (perms.contains(PosixFilePermission.GROUP_WRITE)
                || perms.contains(PosixFilePermission.OTHERS_WRITE)
            ? " and replace the keys in it"
            : "")
        + "; run `chmod 700 "
        + dir
        + "`";
  }

  private static Path writeTemporary(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    createDirectories(dir);
    // Temporary names never end in a store suffix, so a crash leaves nothing a listing would pick
    // up.
    Path tmp =
        isPosix(dir)
            ? Files.createTempFile(dir, ".tmp-", ".partial", ownerOnlyAttribute())
            : Files.createTempFile(dir, ".tmp-", ".partial");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }

  /** Makes the rename itself durable; without it a crash can bring the old directory entry back. */
  private static void syncDirectory(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; the rename is still atomic there.
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> ownerOnlyAttribute() {
    return PosixFilePermissions.asFileAttribute(FILE_MODE);
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
