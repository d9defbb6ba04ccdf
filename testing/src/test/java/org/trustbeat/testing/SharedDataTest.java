package org.trustbeat.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedDataTest {
  @TempDir Path tmp;

  @AfterEach
  void clearProperty() {
    System.clearProperty(SharedData.PROPERTY);
  }

  @Test
  void recording_isFoundAboveTheWorkingDirectory() {
    Path rr = SharedData.rr("nsr001_rr_secs.txt");
    assertTrue(Files.isRegularFile(rr), rr.toString());
    assertEquals(SharedData.dir().resolve("rr/nsr001_rr_secs.txt"), rr);
  }

  @Test
  void property_overridesTheWalk() throws Exception {
    Files.createDirectories(tmp.resolve("rr"));
    Files.writeString(tmp.resolve("rr/x.txt"), "1.0\n");
    System.setProperty(SharedData.PROPERTY, tmp.toString());
    assertEquals(tmp.resolve("rr/x.txt"), SharedData.rr("x.txt"));
  }

  @Test
  void missingFile_namesThePropertyAndTheFix() {
    System.setProperty(SharedData.PROPERTY, tmp.toString());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> SharedData.rr("absent.txt"));
    assertTrue(e.getMessage().contains("rr/absent.txt not found"), e.getMessage());
    assertTrue(e.getMessage().contains("point it at shared/data"), e.getMessage());
  }
}
