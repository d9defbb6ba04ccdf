package org.trustbeat.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One table of a deployment configuration as a section reads it: typed getters whose errors name
 * the file, the table, the key and the fix, and {@link #finish()}, which refuses every key no
 * getter asked for (a misspelt key is an error, never silently ignored). Relative paths are
 * resolved against the configuration file's directory, so a deployment directory can move.
 */
public final class TomlTable {
  private final Path file;
  private final String name;
  private final ObjectNode node;
  private final Set<String> read = new LinkedHashSet<>();

  TomlTable(Path file, String name, ObjectNode node) {
    this.file = file;
    this.name = name;
    this.node = node;
  }

  /** The table's name, e.g. {@code broker}. */
  public String name() {
    return name;
  }

  /** The configuration file. */
  public Path file() {
    return file;
  }

  /** An error about {@code key} of this table: "FILE: [table] key: problem; fix". */
  public ConfigException error(String key, String problemAndFix) {
    return new ConfigException(where(key) + ": " + problemAndFix);
  }

  /** A required string; {@code example} shows the fix, e.g. {@code "ssl://127.0.0.1:8883"}. */
  public String string(String key, String example) throws ConfigException {
    JsonNode v = value(key, example);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw wrongType(key, "a non-empty string", example);
    }
    return v.asText();
  }

  /** An optional string, or {@code fallback}. */
  public String string(String key, String example, String fallback) throws ConfigException {
    return node.has(key) ? string(key, example) : mark(key, fallback);
  }

  /** A required whole number within {@code [min, max]}. */
  public long integer(String key, long min, long max, String example) throws ConfigException {
    JsonNode v = value(key, example);
    if (!v.isIntegralNumber()) {
      throw wrongType(key, "a whole number", example);
    }
    long n = v.asLong();
    if (n < min || n > max) {
      throw error(
          key, "is " + n + ", outside " + min + ".." + max + "; set e.g. " + key + " = " + example);
    }
    return n;
  }

  /** An optional whole number within {@code [min, max]}, or {@code fallback}. */
  public long integer(String key, long min, long max, String example, long fallback)
      throws ConfigException {
    return node.has(key) ? integer(key, min, max, example) : mark(key, fallback);
  }

  /** An optional boolean, or {@code fallback}. */
  public boolean bool(String key, boolean fallback) throws ConfigException {
    if (!node.has(key)) {
      return mark(key, fallback);
    }
    JsonNode v = value(key, "true");
    if (!v.isBoolean()) {
      throw wrongType(key, "true or false", String.valueOf(fallback));
    }
    return v.asBoolean();
  }

  /** A required path, resolved against the configuration file's directory. */
  public Path path(String key, String example) throws ConfigException {
    return resolve(string(key, '"' + example + '"'));
  }

  /** A required file, remembered with this key so that later errors name it. */
  public ConfiguredFile file(String key, String example) throws ConfigException {
    return new ConfiguredFile(path(key, example), where(key));
  }

  /** An optional file, or null. */
  public ConfiguredFile optionalFile(String key, String example) throws ConfigException {
    return node.has(key) ? file(key, example) : mark(key, null);
  }

  /** "FILE: [table] key", for messages about a value after it was read. */
  public String where(String key) {
    return file + ": [" + name + "] " + key;
  }

  /** An optional path, or null. */
  public Path optionalPath(String key, String example) throws ConfigException {
    return node.has(key) ? path(key, example) : mark(key, null);
  }

  /** An optional array of strings (empty when absent). */
  public List<String> strings(String key, String example) throws ConfigException {
    List<String> out = new ArrayList<>();
    if (!node.has(key)) {
      return mark(key, out);
    }
    JsonNode v = value(key, example);
    if (!v.isArray()) {
      throw wrongType(key, "an array of strings", example);
    }
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw wrongType(key, "an array of strings", example);
      }
      out.add(e.asText());
    }
    return out;
  }

  /**
   * Hands the whole table to a reader of another module that checks its own keys (e.g. the clinic's
   * {@code AlertRules.fromToml}); its {@link IllegalArgumentException} becomes a {@link
   * ConfigException} naming this file.
   */
  public <T> T delegate(Function<JsonNode, T> reader) throws ConfigException {
    node.fieldNames().forEachRemaining(read::add);
    try {
      return reader.apply(node.deepCopy());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    }
  }

  /**
   * Refuses keys no getter asked for, naming them and the keys this table takes. Call after reading
   * every key.
   */
  public void finish() throws ConfigException {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!read.contains(k)) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      throw error(
          String.join(", ", unknown),
          "unknown key"
              + (unknown.size() > 1 ? "s" : "")
              + "; remove or correct "
              + (unknown.size() > 1 ? "them" : "it")
              + " (["
              + name
              + "] takes "
              + String.join(", ", read)
              + ")");
    }
  }

  Path resolve(String path) {
    Path p = Path.of(path);
    Path dir = file.toAbsolutePath().getParent();
    return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
  }

  private JsonNode value(String key, String example) throws ConfigException {
    read.add(key);
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw error(key, "missing; add " + key + " = " + example + " under [" + name + "]");
    }
    return v;
  }

  private <T> T mark(String key, T fallback) {
    read.add(key);
    return fallback;
  }

  private ConfigException wrongType(String key, String expected, String example) {
    return error(key, "must be " + expected + "; write e.g. " + key + " = " + example);
  }
}
