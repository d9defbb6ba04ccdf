package org.trustbeat.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.trustbeat.clinic.internal.TomlTable;

/**
 * Where the result store lives: a JDBC URL ({@code jdbc:sqlite:FILE}, the embedded default, or
 * {@code jdbc:postgresql://HOST:PORT/DB}) and, for a server, a user and password. Immutable; {@link
 * #toString()} never shows the password.
 */
public final class StoreLocation {
  /** The embedded default: a SQLite file in the working directory. */
  public static final String DEFAULT_URL = "jdbc:sqlite:trustbeat-clinic.db";

  private final String url;
  private final String user;
  private final String password;

  private StoreLocation(String url, String user, String password) {
    if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "store url '"
              + url
              + "' is neither SQLite nor"
              + " PostgreSQL; use jdbc:sqlite:FILE or jdbc:postgresql://HOST:PORT/DATABASE");
    }
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** An embedded SQLite database in {@code file} (created on first use). */
  public static StoreLocation sqlite(Path file) {
    return new StoreLocation("jdbc:sqlite:" + file.toAbsolutePath(), null, null);
  }

  /** Any supported JDBC URL with optional credentials (null when the server needs none). */
  public static StoreLocation of(String url, String user, String password) {
    return new StoreLocation(url, user, password);
  }

  /**
   * Reads a {@code [store]} table: {@code url} (default {@value #DEFAULT_URL}), {@code user},
   * {@code password_file} (a file holding the password on its first line).
   */
  public static StoreLocation fromToml(JsonNode storeTable) throws IOException {
    TomlTable t = TomlTable.of("store", storeTable, Set.of("url", "user", "password_file"));
    String url = t.has("url") ? t.text("url") : DEFAULT_URL;
    String user = t.has("user") ? t.text("user") : null;
    String password =
        t.has("password_file") ? readPassword(Path.of(t.text("password_file"))) : null;
    return new StoreLocation(url, user, password);
  }

  /** The first line of {@code file}, for a database password kept out of the configuration. */
  public static String readPassword(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "password file "
              + file
              + " does not exist; create it with the database password on its first line");
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).strip();
  }

  public String url() {
    return url;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  @Override
  public String toString() {
    return "StoreLocation{"
        + url
        + (user == null ? "" : ", user=" + user)
        + (password == null ? "" : ", password set")
        + "}";
  }
}
