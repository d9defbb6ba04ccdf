package org.trustbeat.app.config;

import java.nio.file.Path;

/**
 * {@code [storage]}: the untrusted host's directories; they only ever hold ciphertext. On a
 * cluster, {@code landing}, {@code checkpoint} and {@code results} must be on a file system the
 * driver and every executor see at the same path.
 *
 * <pre>
 * [storage]
 * landing = "host/landing"         # sealed chunks as the ingest lands them
 * checkpoint = "host/checkpoint"   # Spark's offsets and (sealed) state; keep across restarts
 * results = "host/results"         # sealed results
 * enclave = "host/enclave"         # the enclave hosts' sockets and private directories
 * </pre>
 */
public record StorageSection(Path landing, Path checkpoint, Path results, Path enclave) {
  static StorageSection read(TomlTable t) throws ConfigException {
    StorageSection s =
        new StorageSection(
            t.path("landing", "host/landing"),
            t.path("checkpoint", "host/checkpoint"),
            t.path("results", "host/results"),
            t.path("enclave", "host/enclave"));
    if (s.landing.equals(s.checkpoint)
        || s.landing.equals(s.results)
        || s.checkpoint.equals(s.results)) {
      throw t.error(
          "landing, checkpoint, results",
          "two of them are the same directory; give each" + " its own");
    }
    return s;
  }
}
