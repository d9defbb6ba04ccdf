package org.trustbeat.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real recordings and SGX quotes in {@code shared/data} (beside the repository: {@code
 * ../shared/data}), found by walking up from the working directory, so that a test finds them
 * whether Maven runs it from the module or from the top of the tree. The JMH benchmarks locate the
 * recordings through it too; {@code -Dtrustbeat.data} overrides the walk.
 */
public final class SharedData {
  /** A system property naming the {@code shared/data} directory, for runs outside the tree. */
  public static final String PROPERTY = "trustbeat.data";

  private SharedData() {}

  /** {@code shared/data/<relative>}, e.g. {@code rr/nsr001_rr_secs.txt} or {@code sgx}. */
  public static Path file(String relative) {
    String configured = System.getProperty(PROPERTY);
    if (configured != null) {
      Path f = Path.of(configured).resolve(relative);
      if (!Files.exists(f)) {
        throw new IllegalStateException(
            relative
                + " not found in -D"
                + PROPERTY
                + "="
                + configured
                + "; point it at shared/data");
      }
      return f;
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      Path f = p.resolve("shared/data").resolve(relative);
      if (Files.exists(f)) {
        return f;
      }
    }
    throw new IllegalStateException(
        "shared/data/"
            + relative
            + " not found above "
            + start
            + "; the tests and benchmarks need the shared data beside the repository"
            + " (../shared/data), or -D"
            + PROPERTY
            + "=<its path>");
  }

  /** {@code shared/data} itself. */
  public static Path dir() {
    return file("rr").getParent();
  }

  /** A recording of {@code shared/data/rr}, e.g. {@code nsr001_rr_secs.txt}. */
  public static Path rr(String name) {
    return file("rr/" + name);
  }

  /** A test vector of {@code shared/data/sgx}. */
  public static Path sgx(String name) {
    return file("sgx/" + name);
  }
}
