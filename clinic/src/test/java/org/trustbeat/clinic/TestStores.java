package org.trustbeat.clinic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The two database engines every store test runs on: the embedded SQLite default (a file in a fresh
 * temporary directory) and a real PostgreSQL server ({@link TestPostgres}).
 */
final class TestStores {
  private TestStores() {}

  /** For {@code @MethodSource("org.trustbeat.clinic.TestStores#engines")}. */
  static Stream<Arguments> engines() {
    return Stream.of(Arguments.of("sqlite"), Arguments.of("postgresql"));
  }

  /** A fresh, empty store location of {@code engine}. */
  static StoreLocation fresh(String engine) throws Exception {
    if (engine.equals("sqlite")) {
      Path dir = Files.createTempDirectory("trustbeat-clinic-");
      dir.toFile().deleteOnExit();
      return StoreLocation.sqlite(dir.resolve("clinic.db"));
    }
    return TestPostgres.get().newDatabase();
  }
}
