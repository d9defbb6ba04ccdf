package org.trustbeat.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceStoreTest {
  @TempDir Path dir;

  @Test
  void numbersContinueAfterReopening() throws Exception {
    Path f = dir.resolve("next-sequence");
    SequenceStore s = new SequenceStore(f, 0);
    assertEquals(0, s.take());
    assertEquals(1, s.take());
    assertEquals(2, new SequenceStore(f, 0).take());
  }

  @Test
  void spoolAheadOfTheFile_wins() throws Exception {
    Path f = dir.resolve("next-sequence");
    new SequenceStore(f, 0).take();
    assertEquals(9, new SequenceStore(f, 9).peek());
  }

  @Test
  void corruptFile_isAnErrorNamingTheFix() throws Exception {
    Path f = dir.resolve("next-sequence");
    Files.writeString(f, "x");
    IOException e = assertThrows(IOException.class, () -> new SequenceStore(f, 0));
    assertEquals(true, e.getMessage().contains("restore"));
  }
}
