package org.trustbeat.app.config;

import java.nio.file.Path;
import org.trustbeat.clinic.StoreLocation;

/**
 * {@code [store]}: the clinic's result store on the trusted side (opened results in clear, so on a
 * trusted machine only): an embedded SQLite file or a PostgreSQL server.
 *
 * <pre>
 * [store]
 * url = "jdbc:sqlite:clinic/results.db"   # relative SQLite files are relative to this file
 * # url = "jdbc:postgresql://127.0.0.1:5432/trustbeat"
 * # user = "trustbeat"
 * # password_file = "clinic/db.password"  # (0600) the database password on its first line
 * </pre>
 *
 * The password file is only read by {@link #location()}, so {@code config check} opens no secret.
 */
public record StoreSection(String url, String user, ConfiguredFile passwordFile, String where) {
  private static final String SQLITE = "jdbc:sqlite:";

  static StoreSection read(TomlTable t) throws ConfigException {
    String url = t.string("url", "\"jdbc:sqlite:clinic/results.db\"");
    try {
      StoreLocation.of(url, null, null);
    } catch (IllegalArgumentException e) {
      throw t.error("url", e.getMessage());
    }
    if (url.startsWith(SQLITE) && !url.startsWith(SQLITE + ":") && !url.contains("?")) {
      String file = url.substring(SQLITE.length());
      if (file.isBlank()) {
        throw t.error("url", "names no file; write e.g. url = \"jdbc:sqlite:clinic/results.db\"");
      }
      url = SQLITE + t.resolve(file);
    }
    return new StoreSection(
        url,
        t.string("user", "\"trustbeat\"", null),
        t.optionalFile("password_file", "clinic/db.password"),
        t.where("url"));
  }

  /** Where the store is, with the password read from its file (mode 600, checked). */
  public StoreLocation location() throws ConfigException {
    String password = passwordFile == null ? null : new String(passwordFile.password());
    return StoreLocation.of(url, user, password);
  }

  /** The SQLite file, or null for a server. */
  public Path sqliteFile() {
    return url.startsWith(SQLITE) ? Path.of(url.substring(SQLITE.length())) : null;
  }
}
