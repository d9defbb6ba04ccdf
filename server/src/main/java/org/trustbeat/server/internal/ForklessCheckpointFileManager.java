package org.trustbeat.server.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.execution.streaming.FileSystemBasedCheckpointFileManager;

/**
 * Spark's Hadoop-{@code FileSystem} checkpoint file manager, whose local file system sets file
 * permissions through {@code java.nio} instead of forking a {@code chmod} process.
 *
 * <p>Why: without Hadoop's native library (which no Maven artifact ships), Hadoop's local file
 * system runs {@code chmod} in a child process for every file it creates. A micro-batch creates one
 * changelog file per state partition plus its offset and commit logs, so a profile of the job
 * showed forks of the whole driver JVM in every batch. Remote checkpoint locations (HDFS, S3) keep
 * their own file systems: only the {@code file:} scheme is replaced.
 */
public final class ForklessCheckpointFileManager extends FileSystemBasedCheckpointFileManager {
  public ForklessCheckpointFileManager(Path path, Configuration hadoopConf) {
    super(path, withForklessLocalFiles(hadoopConf));
  }

  private static Configuration withForklessLocalFiles(Configuration hadoopConf) {
    Configuration c = new Configuration(hadoopConf);
    c.set("fs.file.impl", ChecksummedFiles.class.getName());
    // Hadoop caches file systems by scheme; a private instance keeps the shared one untouched.
    c.setBoolean("fs.file.impl.disable.cache", true);
    return c;
  }

  /** Hadoop's checksummed local file system over {@link NioPermissions}. */
  public static final class ChecksummedFiles extends LocalFileSystem {
    public ChecksummedFiles() {
      super(new NioPermissions());
    }
  }

  /** Hadoop's raw local file system, with {@code chmod} done in-process. */
  static final class NioPermissions extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      String rwx =
          permission.getUserAction().SYMBOL
              + permission.getGroupAction().SYMBOL
              + permission.getOtherAction().SYMBOL;
      Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(rwx));
    }
  }
}
