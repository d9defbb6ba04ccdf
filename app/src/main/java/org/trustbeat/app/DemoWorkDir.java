package org.trustbeat.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The demo's work directory: each run starts from an empty one. Only a directory a previous demo
 * made (it holds a marker file) is ever emptied, so a mistyped path cannot wipe anything else.
 *
 * <p>It is split by trust zone, so that the untrusted host's part can be handed to (or mounted on)
 * the untrusted host without any key in it:
 *
 * <pre>
 * DIR/trusted/   mode 0700: the key broker's key store (master key, patient keys, audit log), the
 *                simulated enclave's signing key, the gateways' spools (patient side)
 * DIR/host/      what the untrusted host holds: broker storage, landing store, Spark checkpoints,
 *                sealed results, the enclave host's sockets
 * </pre>
 */
final class DemoWorkDir {
  static final String MARKER = ".trustbeat-demo";
  private static final String TRUSTED = "trusted";
  private static final String HOST = "host";

  private DemoWorkDir() {}

  static void prepare(Path dir) {
    try {
      if (Files.exists(dir)) {
        boolean empty;
        try (Stream<Path> s = Files.list(dir)) {
          empty = s.findAny().isEmpty();
        }
        if (!empty && !Files.exists(dir.resolve(MARKER))) {
          throw new IllegalArgumentException(
              dir
                  + " exists and is not a previous demo's work"
                  + " directory; pass --work-dir with a new or empty directory");
        }
        deleteContents(dir);
      }
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(MARKER), "made by trustbeat demo; emptied by the next run\n");
      Path trusted = trusted(dir);
      try {
        Files.createDirectory(
            trusted,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (UnsupportedOperationException e) {
        Files.createDirectory(trusted);
      }
      Files.createDirectory(host(dir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the work directory " + dir, e);
    }
  }

  /** The patient side's and trusted services' part: keys, the simulation key, gateway spools. */
  static Path trusted(Path dir) {
    return dir.resolve(TRUSTED);
  }

  /** The untrusted host's part: broker, landing, checkpoints, results, enclave sockets. */
  static Path host(Path dir) {
    return dir.resolve(HOST);
  }

  private static void deleteContents(Path dir) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (!d.equals(dir)) {
              Files.delete(d);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
