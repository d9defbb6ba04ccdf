package org.trustbeat.server.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.execution.streaming.CheckpointFileManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForklessCheckpointFileManagerTest {
  @TempDir java.nio.file.Path dir;

  @Test
  void atomicWrite_landsWholeUnderItsName_withChecksum() throws Exception {
    Path root = new Path(dir.toUri());
    CheckpointFileManager m = new ForklessCheckpointFileManager(root, new Configuration());
    Path file = new Path(root, "offsets/0");
    m.mkdirs(file.getParent());
    byte[] body = "{\"batch\":0}".getBytes(StandardCharsets.UTF_8);
    try (FSDataOutputStream out = m.createAtomic(file, false)) {
      out.write(body);
    }
    assertTrue(m.exists(file));
    assertArrayEquals(body, Files.readAllBytes(dir.resolve("offsets/0")));
    // The checksummed file system keeps Hadoop's .crc side file, as the stock manager does.
    assertTrue(Files.exists(dir.resolve("offsets/.0.crc")));
  }

  @Test
  void permissions_areSetInProcess_asRequested() throws Exception {
    java.nio.file.Path f = Files.createFile(dir.resolve("state.changelog"));
    FileSystem fs = new ForklessCheckpointFileManager.ChecksummedFiles();
    fs.initialize(dir.toUri(), new Configuration());
    fs.setPermission(new Path(f.toUri()), new FsPermission((short) 0640));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
  }

  @Test
  void sharedHadoopConfiguration_isLeftAsItWas() {
    Configuration shared = new Configuration();
    String before = shared.get("fs.file.impl");
    new ForklessCheckpointFileManager(new Path(dir.toUri()), shared);
    assertEquals(before, shared.get("fs.file.impl"));
  }
}
